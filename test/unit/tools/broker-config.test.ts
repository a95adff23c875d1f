import { beforeEach, describe, expect, it, vi } from 'vitest';
import { renderServerProperties } from '../../../tools/kafka/broker-config.js';
import type { LocalSecrets } from '../../../tools/kafka/secrets.js';
import { layout } from '../../../tools/kafka/settings.js';

function parse(text: string): Map<string, string> {
  return new Map(
    text
      .trim()
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const),
  );
}

describe('local broker configuration', () => {
  beforeEach(() => {
    // Default ports, whatever the environment running the tests says.
    vi.stubEnv('KAFKA_PORT', '');
    vi.stubEnv('KAFKA_CLUSTER_PORT', '');
  });

  it('runs a single combined node on loopback with internal topics sized for one broker', () => {
    const single = layout(1);
    const props = parse(renderServerProperties(single, single.nodes[0]!));
    expect(props.get('process.roles')).toBe('broker,controller');
    expect(props.get('listeners')).toBe('PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093');
    expect(props.get('controller.quorum.voters')).toBe('1@127.0.0.1:9093');
    expect(props.get('offsets.topic.replication.factor')).toBe('1');
    expect(props.get('transaction.state.log.min.isr')).toBe('1');
    expect(props.get('group.initial.rebalance.delay.ms')).toBe('0');
  });

  it('gives each of three nodes its own ports and data folder and a shared voter list', () => {
    const cluster = layout(3);
    const rendered = cluster.nodes.map((node) => parse(renderServerProperties(cluster, node)));
    expect(new Set(rendered.map((p) => p.get('listeners'))).size).toBe(3);
    expect(new Set(rendered.map((p) => p.get('log.dirs'))).size).toBe(3);
    expect(new Set(rendered.map((p) => p.get('controller.quorum.voters'))).size).toBe(1);
    expect(rendered[0]?.get('controller.quorum.voters')).toBe('1@127.0.0.1:19093,2@127.0.0.1:19193,3@127.0.0.1:19293');
    expect(rendered[2]?.get('min.insync.replicas')).toBe('2');
    expect(rendered[2]?.get('offsets.topic.replication.factor')).toBe('3');
  });

  it('serves the single node on secured listeners next to the plaintext one when given its secrets', () => {
    const single = layout(1);
    const secrets = {
      caFile: '/s/ca.pem',
      brokerKeystoreFile: '/s/broker.p12',
      wrongHostKeystoreFile: '/s/wrong-host.p12',
      brokerKeystorePassword: 'store-pw',
      username: 'karafka',
      password: 'user-pw',
    } as LocalSecrets;
    const props = parse(renderServerProperties(single, single.nodes[0]!, secrets));
    expect(props.get('listeners')).toBe(
      'PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093,SSL://127.0.0.1:9094,SASL_SSL://127.0.0.1:9095,' +
        'OAUTHBEARER://127.0.0.1:9096,WRONGHOST://127.0.0.1:9097',
    );
    expect(props.get('advertised.listeners')).not.toContain('CONTROLLER');
    expect(props.get('inter.broker.listener.name')).toBe('PLAINTEXT');
    expect(props.get('listener.security.protocol.map')).toBe(
      'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_SSL:SASL_SSL,OAUTHBEARER:SASL_SSL,WRONGHOST:SSL',
    );
    expect(props.get('listener.name.ssl.ssl.client.auth')).toBe('required');
    expect(props.get('listener.name.wronghost.ssl.keystore.location')).toBe('/s/wrong-host.p12');
    expect(props.get('listener.name.sasl_ssl.sasl.enabled.mechanisms')).toBe('PLAIN,SCRAM-SHA-256,SCRAM-SHA-512');
    expect(props.get('listener.name.sasl_ssl.plain.sasl.jaas.config')).toContain('user_karafka="user-pw"');
    expect(props.get('listener.name.oauthbearer.sasl.enabled.mechanisms')).toBe('OAUTHBEARER');
  });

  it('keeps the three-node cluster plaintext', () => {
    const cluster = layout(3);
    expect(cluster.nodes.every((node) => node.secure === undefined)).toBe(true);
    const props = parse(renderServerProperties(cluster, cluster.nodes[0]!));
    expect(props.get('listener.security.protocol.map')).toBe('CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT');
  });
});
