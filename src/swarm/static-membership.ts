/**
 * Static membership in swarm mode. Every node runs the same config, so with `group.instance.id` set they would
 * all claim one identity. Each node derives its own from the configured one and its node number, stable
 * across restarts: a restarted node rejoins as the same member and gets its partitions back without a
 * group-wide rebalance (as long as it is back within `session.timeout.ms`).
 */

/** Client settings, as the server hands them to a consumer. */
export type ClientSettings = Readonly<Record<string, string | number | boolean>>;

/** The `group.instance.id` of node `nodeNumber`: `<configured id>-<nodeNumber>`. */
export function nodeInstanceId(instanceId: string, nodeNumber: number): string {
  return `${instanceId}-${String(nodeNumber)}`;
}

/** `settings` with the node's own `group.instance.id` (unchanged when static membership is not configured). */
export function withNodeInstanceId(settings: ClientSettings, nodeNumber: number): ClientSettings {
  const configured = settings['group.instance.id'];
  if (configured === undefined || configured === '') return settings;
  return { ...settings, 'group.instance.id': nodeInstanceId(String(configured), nodeNumber) };
}
