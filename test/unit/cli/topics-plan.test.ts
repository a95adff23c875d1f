import { describe, expect, it } from 'vitest';
import type { DeclaredTopic } from '../../../src/cli/topics/declared-topics.js';
import { type ExistingTopic, planTopics } from '../../../src/cli/topics/plan.js';
import { changeLine, summaryLine, warningLine } from '../../../src/cli/topics/render.js';

function declared(name: string, extra: Partial<DeclaredTopic> = {}): DeclaredTopic {
  return { name, partitions: 1, replicationFactor: 1, configs: {}, source: "consumer group 'app'", ...extra };
}

function existing(...topics: ExistingTopic[]): Map<string, ExistingTopic> {
  return new Map(topics.map((t) => [t.name, t]));
}

function onCluster(name: string, extra: Partial<ExistingTopic> = {}): ExistingTopic {
  return { name, partitions: 1, replicationFactor: 1, configs: {}, ...extra };
}

describe('planTopics', () => {
  it('plans to create every declared topic on an empty cluster, in declaration order', () => {
    const orders = declared('orders', { partitions: 6, configs: { 'retention.ms': '1000' } });
    const audit = declared('audit');

    expect(planTopics([orders, audit], new Map())).toEqual({
      changes: [
        { kind: 'create', topic: orders },
        { kind: 'create', topic: audit },
      ],
      warnings: [],
    });
  });

  it('plans nothing when the cluster matches the declaration', () => {
    const plan = planTopics(
      [declared('orders', { partitions: 3, configs: { 'cleanup.policy': 'compact' } })],
      existing(onCluster('orders', { partitions: 3, configs: { 'cleanup.policy': 'compact' } })),
    );

    expect(plan).toEqual({ changes: [], warnings: [] });
  });

  it('plans to add partitions when the declaration has more', () => {
    const plan = planTopics([declared('orders', { partitions: 4 })], existing(onCluster('orders', { partitions: 2 })));

    expect(plan.changes).toEqual([{ kind: 'add-partitions', name: 'orders', from: 2, to: 4 }]);
  });

  it('never plans fewer partitions: a warning says Kafka cannot remove them', () => {
    const plan = planTopics([declared('orders', { partitions: 1 })], existing(onCluster('orders', { partitions: 3 })));

    expect(plan.changes).toEqual([]);
    expect(plan.warnings).toEqual([
      {
        about: 'partitions',
        name: 'orders',
        message: 'orders declares 1 partition(s) but has 3; Kafka cannot remove partitions, so it keeps 3',
      },
    ]);
  });

  it('warns about another replication factor instead of planning a change', () => {
    const plan = planTopics(
      [declared('orders', { replicationFactor: 3 })],
      existing(onCluster('orders', { replicationFactor: 1 })),
    );

    expect(plan.changes).toEqual([]);
    expect(plan.warnings.map((w) => [w.about, w.name])).toEqual([['replication-factor', 'orders']]);
  });

  it('plans config changes for declared keys that differ, are missing or are hidden, comparing strings', () => {
    const plan = planTopics(
      [
        declared('orders', {
          configs: { 'retention.ms': '1000', 'cleanup.policy': 'compact', 'segment.ms': '60000', secret: 'x' },
        }),
      ],
      existing(
        onCluster('orders', {
          configs: { 'retention.ms': '604800000', 'cleanup.policy': 'compact', secret: null },
        }),
      ),
    );

    expect(plan.changes).toEqual([
      { kind: 'alter-config', name: 'orders', key: 'retention.ms', from: '604800000', to: '1000' },
      { kind: 'alter-config', name: 'orders', key: 'segment.ms', from: undefined, to: '60000' },
      { kind: 'alter-config', name: 'orders', key: 'secret', from: null, to: 'x' },
    ]);
  });

  it('ignores configs the cluster has but the routes do not declare', () => {
    const plan = planTopics([declared('orders')], existing(onCluster('orders', { configs: { 'retention.ms': '1' } })));

    expect(plan.changes).toEqual([]);
  });

  it('plans several kinds of change together, topic by topic', () => {
    const plan = planTopics(
      [
        declared('a', { partitions: 2, configs: { 'retention.ms': '5' } }),
        declared('b'),
        declared('c', { partitions: 1 }),
      ],
      existing(onCluster('a', { configs: { 'retention.ms': '4' } }), onCluster('c', { partitions: 2 })),
    );

    expect(plan.changes.map((c) => c.kind)).toEqual(['add-partitions', 'alter-config', 'create']);
    expect(plan.warnings.map((w) => w.name)).toEqual(['c']);
  });
});

describe('topics output', () => {
  const orders = declared('orders', {
    partitions: 6,
    configs: { 'retention.ms': '1000', 'cleanup.policy': 'compact' },
  });

  it('words each planned change on one line', () => {
    expect(changeLine({ kind: 'create', topic: orders }, 'planned')).toBe(
      'create orders: 6 partitions, replication factor 1, configs retention.ms=1000 cleanup.policy=compact',
    );
    expect(changeLine({ kind: 'create', topic: declared('audit') }, 'planned')).toBe(
      'create audit: 1 partition, replication factor 1',
    );
    expect(changeLine({ kind: 'add-partitions', name: 'orders', from: 2, to: 4 }, 'planned')).toBe(
      'add partitions orders: 2 -> 4',
    );
    expect(
      changeLine({ kind: 'alter-config', name: 'orders', key: 'retention.ms', from: '5', to: '6' }, 'planned'),
    ).toBe('alter config orders retention.ms: 5 -> 6');
    expect(
      changeLine({ kind: 'alter-config', name: 'orders', key: 'segment.ms', from: undefined, to: '6' }, 'planned'),
    ).toBe('alter config orders segment.ms: (not set) -> 6');
    expect(changeLine({ kind: 'delete', name: 'orders' }, 'planned')).toBe('delete orders');
  });

  it('words done changes in the past tense', () => {
    expect(changeLine({ kind: 'create', topic: declared('audit') }, 'done')).toBe(
      'created audit: 1 partition, replication factor 1',
    );
    expect(changeLine({ kind: 'add-partitions', name: 'orders', from: 2, to: 4 }, 'done')).toBe(
      'added partitions orders: 2 -> 4',
    );
    expect(changeLine({ kind: 'alter-config', name: 'o', key: 'k', from: null, to: 'v' }, 'done')).toBe(
      'altered config o k: (hidden) -> v',
    );
    expect(changeLine({ kind: 'delete', name: 'orders' }, 'done')).toBe('deleted orders');
  });

  it('summarizes by kind, or says there is nothing to change', () => {
    const changes = [
      { kind: 'create', topic: orders },
      { kind: 'create', topic: declared('audit') },
      { kind: 'alter-config', name: 'x', key: 'k', from: '1', to: '2' },
    ] as const;

    expect(summaryLine(changes, 'planned')).toBe('Plan: 2 topics to create, 1 config to alter.');
    expect(summaryLine(changes, 'done')).toBe('Done: 2 topics created, 1 config altered.');
    expect(summaryLine([{ kind: 'delete', name: 'x' }], 'done')).toBe('Done: 1 topic deleted.');
    expect(summaryLine([], 'planned')).toBe('No changes.');
  });

  it('prefixes warnings', () => {
    expect(warningLine({ about: 'partitions', name: 'x', message: 'x is odd' })).toBe('warning: x is odd');
  });
});
