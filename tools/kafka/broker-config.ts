/**
 * Renders `server.properties` for one combined broker+controller node with test-friendly timeouts.
 */
import path from 'node:path';
import type { LocalSecrets } from './secrets.js';
import { host, type ClusterLayout, type NodeLayout, type SecurePorts } from './settings.js';

/** The properties file text for `node` of `cluster`; with `secrets`, the node's secured listeners too. */
export function renderServerProperties(cluster: ClusterLayout, node: NodeLayout, secrets?: LocalSecrets): string {
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
    ...(node.secure === undefined || secrets === undefined ? {} : securedListeners(node, node.secure, secrets)),
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

/** The listener name, its security protocol and its port, for each secured listener. */
function securedListenerTable(ports: SecurePorts): [name: string, protocol: string, port: number][] {
  return [
    ['SSL', 'SSL', ports.ssl],
    ['SASL_SSL', 'SASL_SSL', ports.saslSsl],
    ['OAUTHBEARER', 'SASL_SSL', ports.oauthBearer],
    ['WRONGHOST', 'SSL', ports.wrongHost],
  ];
}

/**
 * The secured listeners next to PLAINTEXT (which stays the inter-broker and the tests' default listener):
 * mutual TLS, SASL over TLS (PLAIN and SCRAM), OAUTHBEARER over TLS, and TLS with a certificate for another
 * host. SCRAM users live in the cluster metadata (created at format time); the PLAIN user is declared here.
 */
function securedListeners(node: NodeLayout, ports: SecurePorts, secrets: LocalSecrets): Record<string, string> {
  const table = securedListenerTable(ports);
  const own = (protocol: string): string =>
    table.map(([name, , port]) => `${name}://${host}:${String(port)}`).join(protocol);
  const scram = 'org.apache.kafka.common.security.scram.ScramLoginModule required;';
  return {
    listeners: `PLAINTEXT://${host}:${String(node.port)},CONTROLLER://${host}:${String(node.controllerPort)},${own(',')}`,
    'advertised.listeners': `PLAINTEXT://${host}:${String(node.port)},${own(',')}`,
    'listener.security.protocol.map': [
      'CONTROLLER:PLAINTEXT',
      'PLAINTEXT:PLAINTEXT',
      ...table.map(([name, protocol]) => `${name}:${protocol}`),
    ].join(','),

    'ssl.keystore.type': 'PKCS12',
    'ssl.keystore.location': secrets.brokerKeystoreFile,
    'ssl.keystore.password': secrets.brokerKeystorePassword,
    'ssl.key.password': secrets.brokerKeystorePassword,
    'ssl.truststore.type': 'PEM',
    'ssl.truststore.location': secrets.caFile,
    'listener.name.ssl.ssl.client.auth': 'required',
    'listener.name.wronghost.ssl.keystore.location': secrets.wrongHostKeystoreFile,

    'listener.name.sasl_ssl.sasl.enabled.mechanisms': 'PLAIN,SCRAM-SHA-256,SCRAM-SHA-512',
    'listener.name.sasl_ssl.plain.sasl.jaas.config':
      `org.apache.kafka.common.security.plain.PlainLoginModule required ` +
      `user_${secrets.username}="${secrets.password}";`,
    'listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config': scram,
    'listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config': scram,

    // Kafka's default OAUTHBEARER server callback is its unsecured validator: it accepts unsigned JWTs
    // (`alg: none`) with a subject and an unexpired `exp`. For local tests of the token hook only.
    'listener.name.oauthbearer.sasl.enabled.mechanisms': 'OAUTHBEARER',
    'listener.name.oauthbearer.oauthbearer.sasl.jaas.config':
      'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required unsecuredLoginStringClaim_sub="broker";',
  };
}

/** `SSL://127.0.0.1:9094`-style addresses of the node's secured listeners, by listener name. */
export function securedListenerAddresses(ports: SecurePorts): Record<string, string> {
  return Object.fromEntries(securedListenerTable(ports).map(([name, , port]) => [name, `${host}:${String(port)}`]));
}
