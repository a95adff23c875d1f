/**
 * `enableWeb(app, options)`: the one call that turns the web UI's reporting on for an app. Every server of the
 * app (standalone, embedded, each swarm node) then reports to the internal topics, takes commands from the UI
 * and takes part in materialising the reports.
 *
 * ```ts
 * const app = new App({ clientId: 'shop', kafka: { 'bootstrap.servers': '127.0.0.1:9092' } });
 * enableWeb(app);
 * ```
 */
import type { App } from '../app/app.js';
import { Server } from '../server/server.js';
import { Materializer } from './materializer/materializer.js';
import { type ResolvedWebOptions, type WebOptions, resolveWebOptions } from './options.js';
import { CommandRunner } from './tracking/command-runner.js';
import { Reporter } from './tracking/reporter.js';
import { FireAndForgetProducer, webConnection } from './web-clients.js';

/** The web parts running beside one server. */
export interface WebProcess {
  /** This process's id in reports and commands. */
  readonly processId: string;
  readonly reporter: Reporter;
  readonly commands: CommandRunner | undefined;
  readonly materializer: Materializer | undefined;
}

const enabled = new WeakMap<App, ResolvedWebOptions>();
const processes = new WeakMap<Server, WebProcess>();

/**
 * Turns reporting to the web UI on for every server of `app` started from now on. Validates `options`
 * (throws `WebOptionsError`); calling it again for the same app is refused.
 */
export function enableWeb(app: App, options: WebOptions = {}): ResolvedWebOptions {
  if (enabled.has(app))
    throw new Error(`enableWeb(): the web UI is already enabled for app '${app.settings.clientId}'`);
  const resolved = resolveWebOptions(options);
  enabled.set(app, resolved);
  Server.use(app, (server) => {
    const connection = webConnection(app, resolved.kafka);
    const producer = new FireAndForgetProducer(connection);
    const reporter = new Reporter(server, resolved, producer);
    const commands = resolved.commands
      ? new CommandRunner(server, resolved, connection, reporter.processId, producer)
      : undefined;
    const materializer = resolved.materialize ? new Materializer(connection, resolved, app.monitor) : undefined;
    processes.set(server, { processId: reporter.processId, reporter, commands, materializer });
    void producer.connect().catch((error: unknown) => {
      app.monitor.instrument('error.occurred', { type: 'web.reporting.error', error });
    });
    reporter.start();
    void commands?.start();
    void materializer?.start();
    return async () => {
      reporter.stop();
      await Promise.all([commands?.stop(), materializer?.stop()]);
      await producer.close(5_000);
    };
  });
  return resolved;
}

/** The web options of `app`, when `enableWeb` was called for it. */
export function webOptionsOf(app: App): ResolvedWebOptions | undefined {
  return enabled.get(app);
}

/** The web parts running beside `server`, when the web UI is enabled for its app. */
export function webProcessOf(server: Server): WebProcess | undefined {
  return processes.get(server);
}
