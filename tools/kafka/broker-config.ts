/**
 * Renders `server.properties` for one combined broker+controller node with test-friendly timeouts.
 */
import path from 'node:path';
import { host, type ClusterLayout, type NodeLayout } from './settings.js';

/** The properties file text for `node` of `cluster`. */
export function renderServerProperties(cluster: ClusterLayout, node: NodeLayout): string {
  const size = cluster.nodes.length;
  const replication = Math.min(3, size);
  const minIsr = size >= 3 ? 2 : 1;
  const voters = cluster.nodes.map((n) => `${String(n.id)}@${host}:${String(n.controllerPort)}`).join(',');
  const props: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': node.id,
    'controller.quorum.voters': voters,
    listeners: `PLAINTEXT://${host}:${String(node.port)},CONTROLLER://${host}:${String(node.controllerPort)}`,
    'advertised.listeners': `PLAINTEXT://${host}:${String(node.port)}`,
    'inter.broker.listener.name': 'PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'log.dirs': path.join(node.dir, 'data'),

    'num.partitions': 1,
    'default.replication.factor': replication,
    'min.insync.replicas': minIsr,
    'auto.create.topics.enable': true,
    'delete.topic.enable': true,

    // Internal topics sized for the node count (the defaults assume 3 brokers).
    'offsets.topic.replication.factor': replication,
    'offsets.topic.num.partitions': 4,
    'transaction.state.log.replication.factor': replication,
    'transaction.state.log.min.isr': minIsr,
    'transaction.state.log.num.partitions': 4,
    'share.coordinator.state.topic.replication.factor': replication,
    'share.coordinator.state.topic.min.isr': minIsr,

    // Test-friendly group timing: no initial rebalance delay, short sessions allowed (classic and KIP-848).
    'group.initial.rebalance.delay.ms': 0,
    'group.min.session.timeout.ms': 1000,
    'group.consumer.min.session.timeout.ms': 3000,
    'group.consumer.session.timeout.ms': 10000,
    'group.consumer.min.heartbeat.interval.ms': 500,
    'group.consumer.heartbeat.interval.ms': 1000,

    // Faster failover for the three-node tests.
    'broker.session.timeout.ms': 6000,
    'broker.heartbeat.interval.ms': 1000,
    'auto.leader.rebalance.enable': false,

    // Small-machine trimming.
    'num.network.threads': 2,
    'num.io.threads': 4,
    'log.cleaner.dedupe.buffer.size': 16 * 1024 * 1024,
  };
  return `${Object.entries(props)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join('\n')}\n`;
}
