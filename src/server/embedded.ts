/**
 * Embedded mode: run karafka-ts inside another process (a web server, a worker...). No signal handlers,
 * never exits the process; the host calls start/quiet/stop.
 *
 * ```ts
 * const embedded = new Embedded(app);
 * await embedded.start();      // resolves once consuming
 * process.on('SIGTERM', () => void embedded.stop());
 * ```
 */
import type { App } from '../app/app.js';
import type { RouteSelection } from '../routing/routes.js';
import { Server } from './server.js';

/** Runs an app in the background of the current process. */
export class Embedded {
  readonly #app: App;
  readonly #selection: RouteSelection | undefined;
  #server: Server | undefined;
  #running: Promise<void> | undefined;

  /** @param app the app to run; @param selection which routes (default all) */
  constructor(app: App, selection?: RouteSelection) {
    this.#app = app;
    this.#selection = selection;
  }

  /** The server, once started. */
  get server(): Server | undefined {
    return this.#server;
  }

  /** Starts consuming in the background; resolves once running. Repeated calls are safe. */
  async start(): Promise<void> {
    if (this.#server === undefined) {
      this.#server = new Server(this.#app, {
        executionMode: 'embedded',
        ...(this.#selection === undefined ? {} : { selection: this.#selection }),
      });
      const server = this.#server;
      this.#running = server.start().catch(async (error: unknown) => {
        this.#app.monitor.instrument('error.occurred', { type: 'embedded.error', error });
        await server.stop();
      });
    }
    await this.#server.boot();
  }

  /** Stops taking work and runs `shutdown()` hooks; stays in the groups until `stop()`. Repeated calls are safe. */
  async quiet(): Promise<void> {
    await this.#server?.quiet();
  }

  /** Stops and resolves when the app terminated. Repeated calls are safe. */
  async stop(): Promise<void> {
    if (this.#server === undefined) return;
    await this.#server.stop();
    await this.#running;
  }
}
