/**
 * Events of swarm mode, declared by merging into the monitor's event table. The supervisor publishes
 * `swarm.manager.*`; nodes publish `swarm.node.*` on their own app's monitor.
 */

/** One node as the supervisor sees it. */
export interface SwarmNodeStatus {
  /** 1..`swarm.nodes`; stays the same across restarts. */
  readonly nodeNumber: number;
  /** Process id of its current life (absent when it could not be started). */
  readonly pid: number | undefined;
  /** What the supervisor does with it. */
  readonly state: 'running' | 'stopping' | 'terminating' | 'exited';
  /** App state the node reported last. */
  readonly appState: string | undefined;
  /** Time since its last report, in ms. */
  readonly silentMs: number;
  /** How many times it was started again. */
  readonly restarts: number;
}

/** Why the supervisor stops a node. */
export type NodeStopReason = 'unhealthy' | 'silent' | 'shutdown';

declare module '../instrumentation/events.js' {
  interface EventPayloads {
    /** The supervisor is about to start node `nodeNumber` (`restarts` > 0: again). */
    'swarm.manager.before_fork': { readonly nodeNumber: number; readonly restarts: number };
    /** Published by a node once it runs its own copy of the app. */
    'swarm.node.after_fork': { readonly nodeNumber: number; readonly pid: number; readonly parentPid: number };
    /** One round of supervision (every `swarm.livenessInterval`). */
    'swarm.manager.control': { readonly nodes: readonly SwarmNodeStatus[] };
    /** The supervisor sent SIGTERM to a node. */
    'swarm.manager.stopping': {
      readonly nodeNumber: number;
      readonly pid: number | undefined;
      readonly reason: NodeStopReason;
      /** The node's health code, for `unhealthy`. */
      readonly code?: number;
      /** What was wrong, in words. */
      readonly detail?: string;
    };
    /** A stopped node did not exit in time: the supervisor sent SIGKILL. */
    'swarm.manager.terminating': {
      readonly nodeNumber: number;
      readonly pid: number | undefined;
      /** How long it had been stopping, in ms. */
      readonly stoppingMs: number;
    };
    /** A node process ended and was reaped; `restartIn` says when it starts again (absent: it does not). */
    'swarm.manager.reaped': {
      readonly nodeNumber: number;
      readonly pid: number | undefined;
      readonly code: number | null;
      readonly signal: string | null;
      readonly restartIn?: number;
    };
    /** A node reported itself unhealthy (published in the node). */
    'swarm.node.unhealthy': { readonly nodeNumber: number; readonly code: number; readonly reason: string };
    /** A node lost its supervisor and stops by itself (published in the node). */
    'swarm.node.orphaned': { readonly nodeNumber: number; readonly pid: number; readonly parentPid: number };
  }
}
