/**
 * What a node tells its supervisor over the IPC channel of `child_process.fork`: one report every
 * `swarm.livenessInterval`, and one at once when its health changes. The supervisor answers with signals only.
 */

/** Marks karafka-ts messages among whatever else might travel on the channel. */
export const NODE_REPORT = 'karafka-ts:swarm-node-report';

/** One health report of a node. */
export interface NodeReport {
  readonly type: typeof NODE_REPORT;
  readonly nodeNumber: number;
  readonly pid: number;
  /** The node's app state (`initializing` until its app is loaded). */
  readonly appState: string;
  /** 0: healthy; otherwise the health code (see HEALTH_CODES). */
  readonly code: number;
  /** What is wrong, when unhealthy. */
  readonly reason?: string;
}

/** True when `message` is a node report. */
export function isNodeReport(message: unknown): message is NodeReport {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as Record<string, unknown>;
  return (
    m.type === NODE_REPORT &&
    typeof m.nodeNumber === 'number' &&
    typeof m.pid === 'number' &&
    typeof m.appState === 'string' &&
    typeof m.code === 'number' &&
    (m.reason === undefined || typeof m.reason === 'string')
  );
}
