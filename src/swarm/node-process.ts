/**
 * One life of one node, as the supervisor sees it: the child process, its last report, and the stop that
 * turns into a kill when the node does not exit in time. A restarted node is a new NodeProcess with the same
 * node number.
 */
import type { ChildProcess } from 'node:child_process';
import type { Monitor } from '../instrumentation/monitor.js';
import type { NodeStopReason, SwarmNodeStatus } from './events.js';
import { type NodeReport, isNodeReport } from './protocol.js';

/** How a node process ended. */
export interface NodeExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A node process under supervision. */
export class NodeProcess {
  readonly nodeNumber: number;
  readonly child: ChildProcess;
  /** How many times this node number was started before this life. */
  readonly restarts: number;
  /** Resolves when the process has ended (and was reaped). */
  readonly exited: Promise<NodeExit>;
  readonly #monitor: Monitor;
  readonly #stopTimeout: number;
  #state: SwarmNodeStatus['state'] = 'running';
  #lastReport: NodeReport | undefined;
  #lastReportAt = Date.now();
  #stoppedAt: number | undefined;
  #killTimer: NodeJS.Timeout | undefined;
  #exit: NodeExit | undefined;
  #killed = false;

  /**
   * @param child the forked node; @param stopTimeout how long a stopped node may take to exit before it is
   * killed, in ms; @param onReport called with every report the node sends
   */
  constructor(options: {
    nodeNumber: number;
    child: ChildProcess;
    restarts: number;
    monitor: Monitor;
    stopTimeout: number;
    onReport: (node: NodeProcess, report: NodeReport) => void;
  }) {
    this.nodeNumber = options.nodeNumber;
    this.child = options.child;
    this.restarts = options.restarts;
    this.#monitor = options.monitor;
    this.#stopTimeout = options.stopTimeout;
    this.exited = new Promise((resolve) => {
      const ended = (exit: NodeExit): void => {
        if (this.#exit !== undefined) return;
        this.#exit = exit;
        this.#state = 'exited';
        if (this.#killTimer !== undefined) clearTimeout(this.#killTimer);
        resolve(exit);
      };
      // Node.js reaps its children (waitpid on SIGCHLD): 'exit' means the process is gone, no zombie left.
      this.child.once('exit', (code, signal) => ended({ code, signal }));
      this.child.on('error', (error) => {
        this.#monitor.instrument('error.occurred', {
          type: 'swarm.manager.node.error',
          error,
          nodeNumber: this.nodeNumber,
          pid: this.pid,
        });
        // A process that could not be started never emits 'exit'.
        if (this.child.pid === undefined) ended({ code: null, signal: null });
      });
    });
    this.child.on('message', (message) => {
      if (!isNodeReport(message) || this.#exit !== undefined) return;
      this.#lastReport = message;
      this.#lastReportAt = Date.now();
      options.onReport(this, message);
    });
  }

  /** The process id (undefined when the process could not be started). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** What the supervisor does with this node. */
  get state(): SwarmNodeStatus['state'] {
    return this.#state;
  }

  /** The last report received. */
  get lastReport(): NodeReport | undefined {
    return this.#lastReport;
  }

  /** How the process ended, once it has. */
  get exit(): NodeExit | undefined {
    return this.#exit;
  }

  /** True once the supervisor sent SIGKILL. */
  get killed(): boolean {
    return this.#killed;
  }

  /** True once the node has reported at least once. */
  get reported(): boolean {
    return this.#lastReport !== undefined;
  }

  /** Time since the last report (or since the start, before the first one), in ms. */
  silentFor(now = Date.now()): number {
    return now - this.#lastReportAt;
  }

  /** The status published in `swarm.manager.control`. */
  status(now = Date.now()): SwarmNodeStatus {
    return {
      nodeNumber: this.nodeNumber,
      pid: this.pid,
      state: this.#state,
      appState: this.#lastReport?.appState,
      silentMs: this.silentFor(now),
      restarts: this.restarts,
    };
  }

  /**
   * SIGTERM (the node stops gracefully), then SIGKILL if it has not exited within the stop timeout.
   * Only the first call of a life acts.
   */
  stop(reason: NodeStopReason, details: { code?: number; detail?: string } = {}): void {
    if (this.#state !== 'running') return;
    this.#state = 'stopping';
    this.#stoppedAt = Date.now();
    this.#monitor.instrument('swarm.manager.stopping', {
      nodeNumber: this.nodeNumber,
      pid: this.pid,
      reason,
      ...details,
    });
    this.signal('SIGTERM');
    this.#killTimer = setTimeout(() => this.kill(), this.#stopTimeout);
  }

  /** SIGKILL now (published as `swarm.manager.terminating`). */
  kill(): void {
    if (this.#exit !== undefined || this.#state === 'terminating') return;
    this.#state = 'terminating';
    this.#killed = true;
    this.#monitor.instrument('swarm.manager.terminating', {
      nodeNumber: this.nodeNumber,
      pid: this.pid,
      stoppingMs: this.#stoppedAt === undefined ? 0 : Date.now() - this.#stoppedAt,
    });
    this.signal('SIGKILL');
  }

  /** Sends `signal` if the process still runs. */
  signal(signal: NodeJS.Signals): void {
    if (this.#exit !== undefined || this.pid === undefined) return;
    try {
      this.child.kill(signal);
    } catch (error) {
      this.#monitor.instrument('error.occurred', {
        type: 'swarm.manager.signal.error',
        error,
        nodeNumber: this.nodeNumber,
        signal,
      });
    }
  }
}
