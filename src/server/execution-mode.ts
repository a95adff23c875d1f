/**
 * How the server process runs.
 */

/**
 * - `standalone`: the `karafka server` process; owns its signals and may exit the process.
 * - `embedded`: inside another process (a web server...); installs no signal handlers, never exits.
 * - `supervisor`: the swarm parent process.
 * - `swarm`: a node forked by the supervisor.
 */
export type ExecutionMode = 'standalone' | 'embedded' | 'supervisor' | 'swarm';

/** True for modes whose process belongs to karafka-ts (signals and exit codes are ours). */
export function ownsProcess(mode: ExecutionMode): boolean {
  return mode !== 'embedded';
}
