import { beforeEach, describe, expect, it, vi } from 'vitest';
import { renderServerProperties } from '../../../tools/kafka/broker-config.js';
import { layout } from '../../../tools/kafka/settings.js';

function parse(text: string): Map<string, string> {
  return new Map(
    text
      .trim()
      .split('\n')
      .map((line) => line.split('=', 2) as [string, string]),
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
});
