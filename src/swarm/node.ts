/**
 * The node side of swarm mode: one process started by the supervisor, running its own copy of the app.
 *
 * It reports its health to the supervisor over the IPC channel every `swarm.livenessInterval` (and at once
 * when it turns unhealthy), and watches its supervisor: when the channel closes or its parent process
 * changes, the supervisor is gone and the node stops by itself (exit code 3).
 *
 * Code running in a node (a consumer, a listener) reaches it through `SwarmNode.current`:
 *
 * ```ts
 * SwarmNode.current?.unhealthy(101, 'lost the database'); // the supervisor stops and restarts this node
 * ```
 */
import type { App } from '../app/app.js';
import { HEALTH_CODES, type HealthProblem, processContext } from '../instrumentation/process-context.js';
import { NODE_REPORT, type NodeReport } from './protocol.js';

/** Exit code of a node that stopped because its supervisor died. */
export const ORPHANED_EXIT_CODE = 3;

/** This process as a swarm node. */
export class SwarmNode {
  static #current: SwarmNode | undefined;
  /** 1..`swarm.nodes`. */
  readonly nodeNumber: number;
  /** The supervisor's process id. */
  readonly parentPid: number;
  readonly #livenessInterval: number;
  #app: App | undefined;
  #problem: HealthProblem | undefined;
  #timer: NodeJS.Timeout | undefined;
  #orphaned = false;
  #onOrphaned: (() => void) | undefined;
  readonly #onDisconnect = (): void => this.#orphan();

  /** The node this process runs as, if it is a swarm node. */
  static get current(): SwarmNode | undefined {
    return SwarmNode.#current;
  }

  /** @param nodeNumber which node; @param livenessInterval how often to report, in ms */
  constructor(nodeNumber: number, livenessInterval: number) {
    this.nodeNumber = nodeNumber;
    this.parentPid = process.ppid;
    this.#livenessInterval = livenessInterval;
  }

  /** True once the supervisor was found gone. */
  get orphaned(): boolean {
    return this.#orphaned;
  }

  /** What this node reports now: a problem it was told about, else the first problem a health check sees. */
  get problem(): HealthProblem | undefined {
    return this.#problem ?? processContext.healthProblems()[0];
  }

  /**
   * Starts reporting and watching the supervisor; makes this the process's `SwarmNode.current`. Its timer and
   * channel never keep the process alive.
   */
  start(onOrphaned: () => void): void {
    SwarmNode.#current = this;
    this.#onOrphaned = onOrphaned;
    process.channel?.unref();
    process.on('disconnect', this.#onDisconnect);
    this.#timer = setInterval(() => this.#tick(), this.#livenessInterval).unref();
    this.report();
  }

  /**
   * The app this node runs: its state goes into every report, and every state change is reported at once.
   * Publishes `swarm.node.after_fork`.
   */
  attach(app: App): void {
    this.#app = app;
    app.monitor.subscribeAll((event) => {
      if (event.startsWith('app.')) this.report();
    });
    app.monitor.instrument('swarm.node.after_fork', {
      nodeNumber: this.nodeNumber,
      pid: process.pid,
      parentPid: this.parentPid,
    });
    this.report();
  }

  /** Reports this node unhealthy (now and in every report until `healthy()`): the supervisor stops it. */
  unhealthy(code: number = HEALTH_CODES.unhealthy, reason = 'reported unhealthy'): void {
    if (!Number.isInteger(code) || code <= 0) throw new RangeError(`A health code is a positive integer, got ${code}`);
    this.#problem = { code, reason };
    this.#app?.monitor.instrument('swarm.node.unhealthy', { nodeNumber: this.nodeNumber, code, reason });
    this.report();
  }

  /** Clears a problem reported with `unhealthy()`. */
  healthy(): void {
    this.#problem = undefined;
    this.report();
  }

  /** Sends one report to the supervisor (a no-op once the channel is closed). */
  report(): void {
    if (process.send === undefined || !process.connected) return;
    const problem = this.problem;
    const report: NodeReport = {
      type: NODE_REPORT,
      nodeNumber: this.nodeNumber,
      pid: process.pid,
      appState: this.#app?.status.current ?? 'initializing',
      code: problem?.code ?? 0,
      ...(problem === undefined ? {} : { reason: problem.reason }),
    };
    process.send(report, undefined, {}, (error: Error | null) => {
      // The channel closing between the check and the send: the disconnect handler deals with it.
      if (error !== null && process.connected) {
        this.#app?.monitor.instrument('error.occurred', { type: 'swarm.node.report.error', error });
      }
    });
  }

  /** Stops reporting and watching, and closes the channel. */
  close(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    process.off('disconnect', this.#onDisconnect);
    if (process.connected) process.disconnect();
    if (SwarmNode.#current === this) SwarmNode.#current = undefined;
  }

  #tick(): void {
    // A dead supervisor closes the channel; a changed parent catches the rare case where that went unnoticed.
    if (process.ppid !== this.parentPid) this.#orphan();
    else this.report();
  }

  #orphan(): void {
    if (this.#orphaned) return;
    this.#orphaned = true;
    this.#app?.monitor.instrument('swarm.node.orphaned', {
      nodeNumber: this.nodeNumber,
      pid: process.pid,
      parentPid: this.parentPid,
    });
    this.#onOrphaned?.();
  }
}
