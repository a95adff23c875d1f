/**
 * The swarm supervisor: the `karafka swarm` process. It runs no consumers itself; it starts `swarm.nodes`
 * node processes that each run the app, and keeps them alive:
 *
 * - every `swarm.livenessInterval` it checks the nodes (`swarm.manager.control`);
 * - a node that reports itself unhealthy, or stays silent longer than `swarm.nodeReportTimeout`, gets SIGTERM
 *   (until its app runs, a node that is still starting gets at least NODE_START_ALLOWANCE_MS);
 * - a stopped node that has not exited within its stop timeout gets SIGKILL;
 * - a node that ended is reaped and started again after `swarm.nodeRestartTimeout`.
 *
 * Signals: INT/TERM/QUIT stop every node, then the supervisor (exit code 2 when a node had to be killed or
 * did not stop cleanly); TSTP quiets every node; TTIN prints the supervisor's dump and makes every node print
 * its own.
 */
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { App } from '../app/app.js';
import { processContext } from '../instrumentation/process-context.js';
import type { ExecutionMode } from '../server/execution-mode.js';
import { ProcessSignals } from '../server/process-signals.js';
import { NodeProcess } from './node-process.js';
import type { NodeReport } from './protocol.js';

/** How a supervisor starts nodes and ends its process. */
export interface SupervisorOptions {
  /** Starts node `nodeNumber` as a child process with an IPC channel (`child_process.fork`). */
  readonly launch: (nodeNumber: number) => ChildProcess;
  /** How the process exits after a forceful stop (default `process.exit`). */
  readonly exit?: (code: number) => void;
  /** Where the TTIN dump goes (default stdout). */
  readonly print?: (text: string) => void;
}

/**
 * Time a stopped node gets beyond `shutdownTimeout` and `forcefulShutdownWait` (its own forceful path) before
 * it is killed, in ms.
 */
export const NODE_STOP_GRACE_MS = 1_000;

/**
 * Before its first report, a node is starting: Node.js, the CLI and the Kafka client load (seconds on a busy
 * machine). It is silent only past `nodeReportTimeout` or this allowance, whichever is longer, in ms.
 */
export const NODE_START_ALLOWANCE_MS = 30_000;

const QUIET_OR_LATER = new Set(['quiet', 'stopping', 'stopped', 'terminated']);

/** Starts, watches and restarts the node processes of a swarm. */
export class Supervisor {
  /** Identifies this supervisor in logs and dumps. */
  readonly id = randomUUID();
  /** Always `supervisor`. */
  readonly executionMode: ExecutionMode = 'supervisor';
  readonly #app: App;
  readonly #options: SupervisorOptions;
  readonly #signals: ProcessSignals;
  /** The current life of each node, by node number. */
  readonly #nodes = new Map<number, NodeProcess>();
  readonly #restartTimers = new Map<number, { timer: NodeJS.Timeout; at: number }>();
  #control: NodeJS.Timeout | undefined;
  #stopping: Promise<void> | undefined;
  #stopStarted = false;
  #forceful = false;

  /** @param app the app whose settings (swarm, shutdownTimeout) and monitor the supervisor uses */
  constructor(app: App, options: SupervisorOptions) {
    this.#app = app;
    this.#options = options;
    this.#signals = new ProcessSignals(app.monitor);
  }

  /** The app. */
  get app(): App {
    return this.#app;
  }

  /** The current life of every node, by node number. */
  get nodes(): readonly NodeProcess[] {
    return [...this.#nodes.values()].sort((a, b) => a.nodeNumber - b.nodeNumber);
  }

  /** How long a stopped node may take to exit before it is killed, in ms. */
  get nodeStopTimeout(): number {
    const { shutdownTimeout, forcefulShutdownWait } = this.#app.settings;
    return shutdownTimeout + forcefulShutdownWait + NODE_STOP_GRACE_MS;
  }

  /**
   * Installs the signal handlers, starts every node and supervises them until stopped; resolves once every
   * node has exited and the app terminated. When a node had to be killed during the stop, or ended it with a
   * non-zero code, it then exits with `forcefulExitCode`.
   */
  async run(): Promise<void> {
    const app = this.#app;
    processContext.setTag('mode', this.executionMode);
    const untrackTitle = processContext.trackTitle(app.monitor, app.settings.clientId, app.status.current);
    this.#signals.install({
      stop: () => void this.stop(),
      forceStop: () => this.forceStop(),
      quiet: () => this.quiet(),
      dump: () => this.#dumpAll(),
    });
    try {
      this.start();
      await app.status.waitFor('terminated');
    } finally {
      this.#signals.uninstall();
      untrackTitle();
    }
    if (this.forceful) (this.#options.exit ?? ((code: number) => process.exit(code)))(app.settings.forcefulExitCode);
  }

  /** Starts every node and the supervision rounds (no signal handlers: `run()` adds them). Once only. */
  start(): void {
    const app = this.#app;
    if (!app.status.transition('supervising')) return;
    for (let n = 1; n <= app.settings.swarm.nodes; n += 1) this.#fork(n, 0);
    // A first round at once: from the start, liveness and logs show the nodes being started.
    this.#supervise();
    this.#control = setInterval(() => this.#supervise(), app.settings.swarm.livenessInterval);
  }

  /** True when the stop was not clean: a node had to be killed, or ended with a non-zero code. */
  get forceful(): boolean {
    return this.#forceful;
  }

  /** Resolves once every node has exited after a stop. */
  whenTerminated(): Promise<void> {
    return this.#app.status.waitFor('terminated');
  }

  /** Stops every node (SIGTERM, SIGKILL past the stop timeout), then the supervisor. Idempotent. */
  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  /**
   * Turns the stop forceful: every node still running gets a second SIGTERM, which makes it stop at once
   * (what a second stop signal to the supervisor does). Starts the stop if none runs.
   */
  forceStop(): void {
    const stopping = this.#stopping !== undefined;
    void this.stop();
    if (!stopping) return;
    for (const node of this.nodes) if (node.exit === undefined) node.signal('SIGTERM');
  }

  /** Quiets every node (SIGTSTP): they finish their work and keep their partitions until stopped. */
  quiet(): void {
    const status = this.#app.status;
    if (status.reached('quieting')) return;
    status.transition('quieting');
    this.#cancelRestarts();
    for (const node of this.nodes) node.signal('SIGTSTP');
    this.#checkQuiet();
  }

  /** The supervisor's state and its nodes, as text (part of what SIGTTIN prints). */
  dump(): string {
    const now = Date.now();
    const lines = [`karafka-ts supervisor ${this.id}: app ${this.#app.status.current}`];
    lines.push(`  tags: ${processContext.tags.join(', ') || `mode:${this.executionMode}`}`);
    for (let n = 1; n <= this.#app.settings.swarm.nodes; n += 1) {
      const node = this.#nodes.get(n);
      if (node === undefined) continue;
      const restart = this.#restartTimers.get(n);
      if (node.exit !== undefined) {
        const how = node.exit.signal ?? `code ${String(node.exit.code)}`;
        const next = restart === undefined ? 'not restarting' : `restart in ${String(restart.at - now)} ms`;
        lines.push(`  node ${String(n)}: pid ${String(node.pid)} exited (${how}), ${next}`);
        continue;
      }
      const report = node.lastReport;
      const health =
        report === undefined ? 'no report yet' : report.code === 0 ? 'healthy' : `unhealthy ${report.code}`;
      lines.push(
        `  node ${String(n)}: pid ${String(node.pid)} ${node.state}, app ${report?.appState ?? 'unknown'}, ${health}, ` +
          `last report ${String(node.silentFor(now))} ms ago, restarts ${String(node.restarts)}`,
      );
    }
    return lines.join('\n');
  }

  async #stop(): Promise<void> {
    const status = this.#app.status;
    status.transition('stopping');
    this.#stopStarted = true;
    if (this.#control !== undefined) clearInterval(this.#control);
    this.#control = undefined;
    this.#cancelRestarts();
    for (const node of this.nodes) node.stop('shutdown');
    // Every stopped node exits or is killed within its stop timeout: this wait is bounded.
    await Promise.all(this.nodes.map((node) => node.exited));
    status.transition('stopped');
    status.transition('terminated');
  }

  #fork(nodeNumber: number, restarts: number): void {
    const { monitor, settings } = this.#app;
    monitor.instrument('swarm.manager.before_fork', { nodeNumber, restarts });
    let child: ChildProcess;
    try {
      child = this.#options.launch(nodeNumber);
    } catch (error) {
      monitor.instrument('error.occurred', { type: 'swarm.manager.fork.error', error, nodeNumber });
      this.#scheduleRestart(nodeNumber, restarts + 1);
      return;
    }
    const node = new NodeProcess({
      nodeNumber,
      child,
      restarts,
      monitor,
      stopTimeout: this.nodeStopTimeout,
      onReport: (reporting, report) => this.#received(reporting, report),
    });
    this.#nodes.set(nodeNumber, node);
    void node.exited.then((exit) => {
      // A stop is clean when every node exits by itself with code 0.
      if (this.#stopStarted && (node.killed || exit.code !== 0)) this.#forceful = true;
      const restartIn = this.#mayRestart() ? settings.swarm.nodeRestartTimeout : undefined;
      monitor.instrument('swarm.manager.reaped', {
        nodeNumber,
        pid: node.pid,
        code: exit.code,
        signal: exit.signal,
        ...(restartIn === undefined ? {} : { restartIn }),
      });
      if (restartIn !== undefined) this.#scheduleRestart(nodeNumber, restarts + 1);
      else this.#checkQuiet();
    });
  }

  #received(node: NodeProcess, report: NodeReport): void {
    if (report.code !== 0 && !this.#app.status.reached('stopping')) {
      node.stop('unhealthy', { code: report.code, ...(report.reason === undefined ? {} : { detail: report.reason }) });
    }
    this.#checkQuiet();
  }

  /** One round of supervision: publish the nodes' status, stop the silent ones. */
  #supervise(): void {
    const { monitor, settings } = this.#app;
    const now = Date.now();
    monitor.instrument('swarm.manager.control', { nodes: this.nodes.map((node) => node.status(now)) });
    const { nodeReportTimeout } = settings.swarm;
    for (const node of this.nodes) {
      const silent = node.silentFor(now);
      // Until its app runs, a node loads code (its event loop may be busy for seconds on a loaded machine).
      const appState = node.lastReport?.appState;
      const started = appState !== undefined && appState !== 'initializing' && appState !== 'initialized';
      const limit = started ? nodeReportTimeout : Math.max(nodeReportTimeout, NODE_START_ALLOWANCE_MS);
      if (node.state === 'running' && silent > limit) {
        const what = started
          ? `nodeReportTimeout ${String(limit)} ms`
          : `still starting, allowance ${String(limit)} ms`;
        node.stop('silent', { detail: `no report for ${String(silent)} ms (${what})` });
      }
    }
  }

  #mayRestart(): boolean {
    return !this.#app.status.reached('quieting');
  }

  #scheduleRestart(nodeNumber: number, restarts: number): void {
    if (!this.#mayRestart()) return;
    const delay = this.#app.settings.swarm.nodeRestartTimeout;
    const timer = setTimeout(() => {
      this.#restartTimers.delete(nodeNumber);
      if (this.#mayRestart()) this.#fork(nodeNumber, restarts);
    }, delay);
    this.#restartTimers.set(nodeNumber, { timer, at: Date.now() + delay });
  }

  #cancelRestarts(): void {
    for (const { timer } of this.#restartTimers.values()) clearTimeout(timer);
    this.#restartTimers.clear();
  }

  /** Quiet once every living node says its app is quiet (or later). */
  #checkQuiet(): void {
    const status = this.#app.status;
    if (!status.is('quieting')) return;
    const living = this.nodes.filter((node) => node.exit === undefined);
    if (living.every((node) => QUIET_OR_LATER.has(node.lastReport?.appState ?? ''))) status.transition('quiet');
  }

  #dumpAll(): void {
    (this.#options.print ?? ((text: string) => process.stdout.write(`${text}\n`)))(this.dump());
    for (const node of this.nodes) node.signal('SIGTTIN');
  }
}
