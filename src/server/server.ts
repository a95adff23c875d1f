/**
 * The server: runs an app's routes with one listener per subscription group, a shared jobs queue and
 * worker pool, signal handling, and a bounded stop that turns forceful when work does not finish.
 */
import { randomUUID } from 'node:crypto';
import type { App } from '../app/app.js';
import { Listener } from '../connection/listener.js';
import type { PartitionCommand } from '../connection/partition-commands.js';
import { EventLoopMonitor, type EventLoopMonitorOptions } from '../instrumentation/event-loop-monitor.js';
import { processContext } from '../instrumentation/process-context.js';
import type { KafkaDrivers } from '../kafka/drivers.js';
import type { KafkaSettings } from '../kafka/types.js';
import { assertConsumerClass } from '../processing/executor.js';
import { JobsQueue } from '../processing/jobs-queue.js';
import { type PartitionProducers, partitionProducers } from '../processing/partition-producers.js';
import { WorkersPool } from '../processing/workers-pool.js';
import type { RouteSelection } from '../routing/routes.js';
import type { SubscriptionGroup } from '../routing/subscription-group.js';
import { type ServerReport, buildReport, formatReport } from './diagnostics.js';
import { type ExecutionMode, ownsProcess } from './execution-mode.js';
import { ProcessSignals } from './process-signals.js';
import { ServerPlugins, type ServerPluginOf } from './server-plugins.js';

/** How a server runs. */
export interface ServerOptions {
  /** Default `standalone`. */
  readonly executionMode?: ExecutionMode;
  /** Which routes to run (CLI filters). */
  readonly selection?: RouteSelection;
  /** How the process exits on a forceful shutdown (default `process.exit`); never called when embedded. */
  readonly exit?: (code: number) => void;
  /** Where the TTIN dump goes (default stdout). */
  readonly print?: (text: string) => void;
  /** Changes every consumer client's settings (a swarm node derives its own `group.instance.id`). */
  readonly consumerSettings?: (settings: KafkaSettings) => KafkaSettings;
  /** This process's node number (1..`swarm.nodes`) in swarm mode: directly assigned partitions are shared out by it. */
  readonly swarmNode?: number;
  /**
   * Event-loop monitoring: report period and block threshold (default: every 5 s; a block longer than a third
   * of the shortest `session.timeout.ms` of the routes is reported and logged as a warning).
   */
  readonly eventLoop?: EventLoopMonitorOptions;
}

/** Error of a stop that did not finish within `shutdownTimeout`. */
export class ForcefulShutdownError extends Error {
  /** What was still running. */
  readonly report: ServerReport;

  /**
   * @param report what blocked the stop
   * @param why `after 60000 ms` (the shutdown timeout passed) or `on a second stop signal`
   */
  constructor(report: ServerReport, why: string) {
    const busy = report.workers.filter((w) => w.job !== undefined).map((w) => `worker ${String(w.id)}: ${w.job!}`);
    const active = report.listeners.filter((l) => l.state !== 'stopped').map((l) => `${l.id} (${l.state})`);
    super(
      `Forceful shutdown ${why}: listeners not stopped: ${active.join(', ') || 'none'}; ` +
        `busy workers: ${busy.join('; ') || 'none'}`,
    );
    this.name = 'ForcefulShutdownError';
    this.report = report;
  }
}

/** The server stopped because a consumer threw a critical error. */
export class CriticalErrorStop extends Error {
  /** @param cause the critical error */
  constructor(cause: unknown) {
    super(`Stopped after a critical error: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'CriticalErrorStop';
  }
}

/**
 * Something that runs beside every server of an app (the web UI's reporting): called once the server's
 * listeners are built, before they connect. What it returns runs when the server stops, before the app
 * terminates (bounded by `forcefulShutdownWait`).
 */
export type ServerPlugin = ServerPluginOf<Server>;

/** A partition of one consumer group, as partition commands address it. */
export interface PartitionAddress {
  readonly consumerGroup: string;
  readonly topic: string;
  readonly partition: number;
}

const plugins = new ServerPlugins<Server>();

/** Runs an app. One server runs an app once (app states only move forward). */
export class Server {
  /** Identifies this server in logs and reports. */
  readonly id = randomUUID();
  readonly executionMode: ExecutionMode;
  readonly jobsQueue = new JobsQueue();
  readonly workers: WorkersPool;
  /** One per active subscription group, built by `start()`. */
  listeners: Listener[] = [];
  readonly #app: App;
  readonly #options: ServerOptions;
  readonly #signals: ProcessSignals;
  #starting: Promise<void> | undefined;
  #stopping: Promise<void> | undefined;
  #critical: unknown;
  #quieting: Promise<void> | undefined;
  #eventLoop: EventLoopMonitor | undefined;
  /** Resolves when a running stop must turn forceful at once (a second stop signal). */
  #force: () => void = () => undefined;
  readonly #forced = new Promise<'forced'>((resolve) => {
    this.#force = () => resolve('forced');
  });

  #pluginStops: (() => Promise<void> | void)[] = [];

  /**
   * Runs `plugin` beside every server of `app` (standalone, embedded, each swarm node) from the next boot on.
   * Returns a function that removes it.
   */
  static use(app: App, plugin: ServerPlugin): () => void {
    return plugins.add(app, plugin);
  }

  /** @param app the app to run */
  constructor(app: App, options: ServerOptions = {}) {
    this.#app = app;
    this.#options = options;
    this.executionMode = options.executionMode ?? 'standalone';
    this.workers = new WorkersPool(this.jobsQueue, app.settings.concurrency, app.monitor);
    this.#signals = new ProcessSignals(app.monitor);
  }

  /** The app this server runs. */
  get app(): App {
    return this.#app;
  }

  /** Event-loop measurements, once started. */
  get eventLoop(): EventLoopMonitor | undefined {
    return this.#eventLoop;
  }

  /**
   * Standalone entry point: installs signal handlers, starts, and resolves once the app terminated.
   * Any error while running stops the server and is re-thrown.
   */
  async run(): Promise<void> {
    let untrackTitle: (() => void) | undefined;
    if (ownsProcess(this.executionMode)) {
      processContext.setTag('mode', this.executionMode);
      untrackTitle = processContext.trackTitle(
        this.#app.monitor,
        this.#app.settings.clientId,
        this.#app.status.current,
      );
      this.#signals.install({
        stop: () => void this.stop(),
        forceStop: () => this.forceStop(),
        quiet: () => void this.quiet(),
        dump: () => (this.#options.print ?? ((text) => process.stdout.write(`${text}\n`)))(this.dump()),
      });
    }
    try {
      await this.start();
      await this.#app.status.waitFor('terminated');
      if (this.#critical !== undefined) throw new CriticalErrorStop(this.#critical);
    } catch (error) {
      await this.stop();
      throw error;
    } finally {
      this.#signals.uninstall();
      untrackTitle?.();
    }
  }

  /** Builds the listeners, connects them and resolves when every listener stopped again. */
  async start(): Promise<void> {
    await this.boot();
    await Promise.all(this.listeners.map((l) => l.whenStopped()));
  }

  /** Builds and connects the listeners; resolves once the app is running. Safe to call again. */
  boot(): Promise<void> {
    this.#starting ??= this.#boot();
    return this.#starting;
  }

  async #boot(): Promise<void> {
    const app = this.#app;
    const groups = app.routes.activeSubscriptionGroups(this.#options.selection);
    if (groups.length === 0) throw new Error('No active routes to consume: draw routes with app.routes.draw()');
    for (const group of groups) for (const topic of group.topics) assertConsumerClass(topic.consumer, topic.name);
    this.#eventLoop = new EventLoopMonitor(app.monitor, {
      blockThreshold: heartbeatSafeBlock(groups, app.settings.clientId),
      ...this.#options.eventLoop,
    });
    this.#eventLoop.start();
    const drivers = withConsumerSettings(app.drivers, this.#options.consumerSettings);
    this.listeners = groups.map(
      (subscriptionGroup) =>
        new Listener({
          subscriptionGroup,
          settings: app.settings,
          drivers,
          monitor: app.monitor,
          logger: app.logger,
          jobsQueue: this.jobsQueue,
          workers: this.workers,
          producer: () => app.producer,
          transactionalProducer: transactionalProducer(app),
          onCriticalError: (error) => this.#criticalError(error),
          ...(this.#options.swarmNode === undefined
            ? {}
            : { swarmNode: { number: this.#options.swarmNode, count: app.settings.swarm.nodes } }),
        }),
    );
    this.#pluginStops = plugins.start(app, this);
    // Which client and consume path (packed batches, or the plain fallback) the listeners run on.
    app.logger.info({ kafkaClient: drivers.description }, `Kafka client: ${drivers.description}`);
    warnAboutThreadPool(app, this.listeners.length);
    await Promise.all(this.listeners.map((l) => l.start()));
    app.status.transition('running');
  }

  /** Stops taking work and runs `shutdown()` hooks, staying in the groups until `stop()`. */
  quiet(): Promise<void> {
    this.#quieting ??= this.#quiet();
    return this.#quieting;
  }

  async #quiet(): Promise<void> {
    const status = this.#app.status;
    if (status.reached('quieting')) return;
    status.transition('quieting');
    await this.#starting?.catch(() => undefined);
    await Promise.all(this.listeners.map((l) => l.quiet()));
    status.transition('quiet');
  }

  /**
   * Stops: quiets every listener (so each group leaves cleanly), then stops them, within `shutdownTimeout`.
   * Past it, reports `app.stopping.error`, force-closes the clients and, unless embedded, exits with
   * `forcefulExitCode`. Ends with stopped, the producer closed, terminated. Idempotent.
   */
  stop(): Promise<void> {
    if (this.#stopping !== undefined) return this.#stopping;
    if (this.#app.status.reached('stopping')) return this.#app.status.waitFor('terminated');
    this.#stopping = this.#stop();
    return this.#stopping;
  }

  /**
   * Turns a stop forceful now (what a second SIGINT/SIGTERM/SIGQUIT does): running work is abandoned as when
   * `shutdownTimeout` passes, and a process of its own exits with `forcefulExitCode`. Starts the stop if none runs.
   */
  forceStop(): void {
    this.#force();
    void this.stop();
  }

  async #stop(): Promise<void> {
    const { status, settings, monitor } = this.#app;
    status.transition('stopping');
    this.#announceWaits();
    const graceful = (async () => {
      await this.#starting?.catch(() => undefined);
      await Promise.all(this.listeners.map((l) => l.quiet()));
      await Promise.all(this.listeners.map((l) => l.stop()));
      this.workers.stop();
      await this.workers.idle();
    })();
    const outcome = await Promise.race([
      within(graceful, settings.shutdownTimeout).then((done) => (done ? 'done' : 'timeout')),
      this.#forced,
    ]);
    if (outcome !== 'done') {
      const report = this.report();
      const why = outcome === 'forced' ? 'on a second stop signal' : `after ${String(settings.shutdownTimeout)} ms`;
      monitor.instrument('error.occurred', {
        type: 'app.stopping.error',
        error: new ForcefulShutdownError(report, why),
        report,
      });
      this.workers.stop();
      const closing = Promise.all(this.listeners.map((l) => l.terminate()));
      if (!(await within(closing, settings.forcefulShutdownWait))) {
        monitor.instrument('error.occurred', {
          type: 'app.forceful_stopping.error',
          error: new Error(`Kafka clients did not close within ${String(settings.forcefulShutdownWait)} ms`),
        });
      }
      if (ownsProcess(this.executionMode)) {
        (this.#options.exit ?? ((code: number) => process.exit(code)))(settings.forcefulExitCode);
        return;
      }
    }
    status.transition('stopped');
    // The producer closes last: consumers and instrumentation may use it until everything stopped.
    await this.#app
      .closeProducer()
      .catch((error: unknown) => monitor.instrument('error.occurred', { type: 'app.producer.close.error', error }));
    this.#eventLoop?.stop();
    await within(Promise.all(this.#pluginStops.splice(0).map(async (stop) => stop())), settings.forcefulShutdownWait);
    status.transition('terminated');
  }

  /** A stop that has running jobs to wait for says which, and for how long at most. */
  #announceWaits(): void {
    const now = Date.now();
    const jobs = this.workers.workers.flatMap((w) =>
      w.job === undefined
        ? []
        : [
            {
              description: w.job.description,
              topic: w.job.topic,
              partition: w.job.partition,
              ...(w.job.consumer === undefined ? {} : { consumer: w.job.consumer }),
              runningMs: w.since === undefined ? 0 : now - w.since,
            },
          ],
    );
    if (jobs.length === 0) return;
    this.#app.monitor.instrument('app.stopping.waiting', {
      jobs,
      timeoutMs: this.#app.settings.shutdownTimeout,
      forcefulOnSecondSignal: ownsProcess(this.executionMode),
    });
  }

  /** A consumer threw one of `criticalErrors`: stop gracefully (run() then fails with it). */
  #criticalError(error: unknown): void {
    if (this.#critical !== undefined) return;
    this.#critical = error;
    this.#app.monitor.instrument('error.occurred', { type: 'app.critical_error', error });
    void this.stop();
  }

  /** The critical error that stopped the server, if one did. */
  get criticalError(): unknown {
    return this.#critical;
  }

  /** What every listener and worker does now. */
  report(): ServerReport {
    return buildReport({
      serverId: this.id,
      appState: this.#app.status.current,
      listeners: this.listeners.map((l) => l.dump()),
      workers: this.workers.workers,
      jobs: this.jobsQueue.statistics,
      tags: ownsProcess(this.executionMode) ? processContext.tags : [`mode:${this.executionMode}`],
      ...(this.#eventLoop === undefined ? {} : { eventLoop: this.#eventLoop.snapshot() }),
    });
  }

  /**
   * Pauses, resumes or seeks a partition this process owns, from outside (the web UI); carried out by its
   * listener between two polls (see `PartitionCommands`). Resolves false when no listener here owns it.
   */
  async commandPartition(address: PartitionAddress, command: PartitionCommand): Promise<boolean> {
    const { consumerGroup, topic, partition } = address;
    const owners = this.listeners.filter(
      (l) => l.subscriptionGroup.consumerGroup === consumerGroup && l.owns(topic, partition),
    );
    return (await Promise.all(owners.map((l) => l.commands.apply(topic, partition, command)))).includes(true);
  }

  /** The report as text (what SIGTTIN prints). */
  dump(): string {
    return formatReport(this.report());
  }
}

/**
 * Each listener's poll holds a libuv pool thread while it waits; commits, seeks and file reads need free ones.
 * `karafka` raises the pool to 16; an embedding process has to set UV_THREADPOOL_SIZE itself.
 */
/** Each partition's transactional producer, when the app has a pool of them (setting `transactionalProducers`). */
function transactionalProducer(app: App): PartitionProducers | undefined {
  const pool = app.transactionalProducers;
  return pool === undefined ? undefined : partitionProducers(pool);
}

function warnAboutThreadPool(app: App, listeners: number): void {
  const size = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
  if (listeners + 2 <= size) return;
  app.logger.warn(
    { listeners, threadPoolSize: size },
    `${String(listeners)} listeners share ${String(size)} libuv pool threads: set UV_THREADPOOL_SIZE to at least ` +
      `${String(listeners + 4)} before Node starts, or commits and seeks wait behind polls`,
  );
}

/**
 * How long the event loop may be held before polls and rebalance callbacks (and with them group membership)
 * are at risk: a third of the shortest `session.timeout.ms` among the groups (librdkafka's default: 45 s).
 */
function heartbeatSafeBlock(groups: readonly SubscriptionGroup[], clientId: string): number {
  const timeouts = groups
    .map((g) => Number(g.kafkaSettings(clientId)['session.timeout.ms'] ?? 45_000))
    .filter((t) => Number.isFinite(t) && t > 0);
  return Math.max(1, Math.floor((timeouts.length === 0 ? 45_000 : Math.min(...timeouts)) / 3));
}

/** `drivers` whose consumers get their settings through `change` (when given). */
function withConsumerSettings(
  drivers: KafkaDrivers,
  change: ((settings: KafkaSettings) => KafkaSettings) | undefined,
): KafkaDrivers {
  if (change === undefined) return drivers;
  return {
    description: drivers.description,
    features: drivers.features,
    consumer: (options) => drivers.consumer({ ...options, settings: change(options.settings) }),
    producer: (options) => drivers.producer(options),
    admin: (options) => drivers.admin(options),
  };
}

/** Resolves true if `work` settles within `timeoutMs`, false otherwise (never rejects). */
async function within(work: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([
      work.then(
        () => true,
        () => true,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
