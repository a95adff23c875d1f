import { describe, expect, it } from 'vitest';
import { declaredTopics } from '../../../src/cli/topics/declared-topics.js';
import { parseSettings } from '../../../src/config/settings.js';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import { type RoutesBuilder, Routes } from '../../../src/routing/routes.js';

class NoopConsumer extends BaseConsumer {
  consume(): void {}
}

const kafka = { 'bootstrap.servers': '127.0.0.1:9092' };

function routes(draw: (r: RoutesBuilder) => void): Routes {
  const settings = parseSettings({ clientId: 'app', kafka });
  return new Routes(() => settings).draw(draw);
}

describe('declaredTopics', () => {
  it('declares every routed topic with its config, defaults applied, consumed or not', () => {
    const drawn = routes((r) => {
      r.topic('orders', { consumer: NoopConsumer, config: { partitions: 6, configs: { 'retention.ms': '1000' } } });
      r.topic('audit', { active: false, config: { partitions: 2, replicationFactor: 1 } });
      r.topic('plain', { consumer: NoopConsumer });
    });

    expect(declaredTopics(drawn.topics, kafka)).toEqual({
      topics: [
        {
          name: 'orders',
          partitions: 6,
          replicationFactor: 1,
          configs: { 'retention.ms': '1000' },
          source: "consumer group 'app'",
        },
        { name: 'audit', partitions: 2, replicationFactor: 1, configs: {}, source: "consumer group 'app'" },
        { name: 'plain', partitions: 1, replicationFactor: 1, configs: {}, source: "consumer group 'app'" },
      ],
      elsewhere: [],
    });
  });

  it('leaves out topics whose config says active: false', () => {
    const drawn = routes((r) => {
      r.topic('managed', { consumer: NoopConsumer });
      r.topic('unmanaged', { consumer: NoopConsumer, config: { active: false, partitions: 9 } });
    });

    expect(declaredTopics(drawn.topics, kafka).topics.map((t) => t.name)).toEqual(['managed']);
  });

  it('declares a dead letter topic no route names, with defaults, once, after the routed topics', () => {
    const drawn = routes((r) => {
      r.topic('orders', { consumer: NoopConsumer, deadLetterQueue: { topic: 'orders-dlq' } });
      r.consumerGroup('billing', (g) => {
        g.topic('invoices', { consumer: NoopConsumer, deadLetterQueue: { topic: 'orders-dlq' } });
        g.topic('skipped', { consumer: NoopConsumer, deadLetterQueue: { topic: false } });
      });
    });

    const { topics } = declaredTopics(drawn.topics, kafka);

    expect(topics.map((t) => t.name)).toEqual(['orders', 'invoices', 'skipped', 'orders-dlq']);
    expect(topics[3]).toEqual({
      name: 'orders-dlq',
      partitions: 1,
      replicationFactor: 1,
      configs: {},
      source: "dead letter queue of 'app/orders'",
    });
  });

  it('takes a dead letter topic that is also routed from its route (and leaves it out when that says active: false)', () => {
    const declared = routes((r) => {
      r.topic('orders', { consumer: NoopConsumer, deadLetterQueue: { topic: 'orders-dlq' } });
      r.topic('orders-dlq', { active: false, config: { partitions: 3 } });
    });
    const unmanaged = routes((r) => {
      r.topic('orders', { consumer: NoopConsumer, deadLetterQueue: { topic: 'orders-dlq' } });
      r.topic('orders-dlq', { active: false, config: { active: false } });
    });

    expect(declaredTopics(declared.topics, kafka).topics.find((t) => t.name === 'orders-dlq')?.partitions).toBe(3);
    expect(declaredTopics(unmanaged.topics, kafka).topics.map((t) => t.name)).toEqual(['orders']);
  });

  it('declares a topic routed in two consumer groups once when their declarations agree', () => {
    const drawn = routes((r) => {
      r.topic('events', {
        consumer: NoopConsumer,
        config: { partitions: 3, configs: { 'cleanup.policy': 'compact' } },
      });
      r.consumerGroup('analytics', (g) =>
        g.topic('events', {
          consumer: NoopConsumer,
          config: { partitions: 3, configs: { 'cleanup.policy': 'compact' } },
        }),
      );
    });

    expect(declaredTopics(drawn.topics, kafka).topics).toHaveLength(1);
  });

  it('rejects a topic declared differently in two consumer groups, naming both and both declarations', () => {
    const drawn = routes((r) => {
      r.topic('events', { consumer: NoopConsumer, config: { partitions: 3 } });
      r.consumerGroup('analytics', (g) => g.topic('events', { consumer: NoopConsumer, config: { partitions: 6 } }));
    });

    expect(() => declaredTopics(drawn.topics, kafka)).toThrow(
      "Topic 'events' is declared differently in consumer group 'app' (partitions 3, replication factor 1, " +
        "configs {}) and in consumer group 'analytics' (partitions 6, replication factor 1, configs {})",
    );
  });

  it('takes the declaration of the route that gives a config over a route that only consumes the topic', () => {
    for (const order of ['config first', 'config last']) {
      const drawn = routes((r) => {
        const withConfig = (b: RoutesBuilder | Parameters<Parameters<RoutesBuilder['consumerGroup']>[1]>[0]): void =>
          b.topic('events', { consumer: NoopConsumer, config: { partitions: 4 } });
        const plain = (b: RoutesBuilder | Parameters<Parameters<RoutesBuilder['consumerGroup']>[1]>[0]): void =>
          b.topic('events', { consumer: NoopConsumer });
        if (order === 'config first') {
          withConfig(r);
          r.consumerGroup('audit', plain);
        } else {
          plain(r);
          r.consumerGroup('audit', withConfig);
        }
      });
      const topics = declaredTopics(drawn.topics, kafka).topics;
      expect(topics.map((t) => [t.name, t.partitions])).toEqual([['events', 4]]);
    }
  });

  it('rejects declarations that differ only in configs', () => {
    const drawn = routes((r) => {
      r.topic('events', { consumer: NoopConsumer, config: { configs: { 'retention.ms': '1000' } } });
      r.consumerGroup('analytics', (g) =>
        g.topic('events', { consumer: NoopConsumer, config: { configs: { 'retention.ms': '2000' } } }),
      );
    });

    expect(() => declaredTopics(drawn.topics, kafka)).toThrow(/consumer group 'app'.*consumer group 'analytics'/);
  });

  it('does not compare a declaration with a route that opted out of management', () => {
    const drawn = routes((r) => {
      r.topic('events', { consumer: NoopConsumer, config: { partitions: 3 } });
      r.consumerGroup('analytics', (g) => g.topic('events', { consumer: NoopConsumer, config: { active: false } }));
    });

    expect(declaredTopics(drawn.topics, kafka).topics.map((t) => [t.name, t.partitions])).toEqual([['events', 3]]);
  });

  it('lists topics read from another cluster apart instead of managing them', () => {
    const drawn = routes((r) => {
      r.topic('local', { consumer: NoopConsumer });
      r.consumerGroup('mirror', (g) =>
        g.topic('remote', { consumer: NoopConsumer, kafka: { 'bootstrap.servers': 'other:9092' } }),
      );
    });

    expect(declaredTopics(drawn.topics, kafka)).toMatchObject({
      topics: [{ name: 'local' }],
      elsewhere: [{ name: 'remote', consumerGroup: 'mirror', bootstrapServers: 'other:9092' }],
    });
  });
});
