import { describe, expect, it } from 'vitest';
import { App } from '../../../src/app/app.js';
import { z } from 'zod';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import { MessageConsumer } from '../../../src/consumer/message-consumer.js';
import type { RoutesBuilder } from '../../../src/routing/routes.js';

class EventsConsumer extends BaseConsumer {
  consume(): void {}
}

class EachEventConsumer extends MessageConsumer {
  consumeMessage(): void {}
}

function app(settings: ConstructorParameters<typeof App>[0] = {}): App {
  return new App({ clientId: 'shop', logLevel: 'silent', ...settings }, { logLifecycle: false });
}

function drawError(draw: (r: RoutesBuilder) => void): string {
  try {
    app().routes.draw(draw);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the routes to be rejected');
}

describe('routes', () => {
  it('puts top-level topics in the default consumer group and subscription group, with defaults applied', () => {
    const shop = app({ maxMessages: 50 });
    shop.routes.draw((r) => {
      r.defaults({ initialOffset: 'latest' });
      r.topic('events', { consumer: EventsConsumer });
      r.topic('orders', { consumer: EventsConsumer, maxMessages: 10, deserializer: 'string' });
    });
    const [group] = shop.routes.consumerGroups;
    expect(group?.name).toBe('shop');
    expect(group?.subscriptionGroups.map((sg) => sg.name)).toEqual(['default']);
    const [events, orders] = shop.routes.topics;
    expect(events).toMatchObject({ name: 'events', maxMessages: 50, initialOffset: 'latest', deserializer: 'json' });
    expect(orders).toMatchObject({ name: 'orders', maxMessages: 10, deserializer: 'string' });
  });

  it('builds consumer groups and named subscription groups, each with its own connection settings', () => {
    const shop = app({ kafka: { 'bootstrap.servers': 'main:9092' } });
    shop.routes.draw((r) => {
      r.consumerGroup('analytics', (g) => {
        g.topic('clicks', { consumer: EventsConsumer });
        g.subscriptionGroup('heavy', (s) => s.topic('images', { consumer: EventsConsumer }));
      });
    });
    const groups = shop.routes.activeSubscriptionGroups();
    expect(groups.map((sg) => sg.id)).toEqual(['analytics/default', 'analytics/heavy']);
    const settings = groups[0]!.kafkaSettings('shop');
    expect(settings).toMatchObject({
      'group.id': 'analytics',
      'client.id': 'shop',
      'bootstrap.servers': 'main:9092',
      'partition.assignment.strategy': 'cooperative-sticky',
      'auto.offset.reset': 'earliest',
      'fetch.queue.backoff.ms': 5,
      'queued.min.messages': 20_000,
      'enable.auto.commit': true,
    });
  });

  it('lets the app and the route replace the consumer defaults', () => {
    const shop = app({ kafka: { 'fetch.queue.backoff.ms': 1000 } });
    shop.routes.draw((r) => {
      r.topic('clicks', { consumer: EventsConsumer });
      r.topic('slow', { consumer: EventsConsumer, kafka: { 'statistics.interval.ms': 0 } });
    });
    const [first, second] = shop.routes.activeSubscriptionGroups();
    expect(first!.kafkaSettings('shop')).toMatchObject({
      'fetch.queue.backoff.ms': 1000,
      'statistics.interval.ms': 5_000,
    });
    expect(second!.kafkaSettings('shop')).toMatchObject({
      'fetch.queue.backoff.ms': 1000,
      'statistics.interval.ms': 0,
    });
  });

  it('splits default subscription groups by cluster, so topics on another cluster get their own connection', () => {
    const shop = app();
    shop.routes.draw((r) => {
      r.topic('local', { consumer: EventsConsumer });
      r.topic('remote', { consumer: EventsConsumer, kafka: { 'bootstrap.servers': 'other:9092' } });
    });
    const groups = shop.routes.activeSubscriptionGroups();
    expect(groups.map((sg) => [sg.name, sg.topics.map((t) => t.name)])).toEqual([
      ['default', ['local']],
      ['default_2', ['remote']],
    ]);
    expect(groups[1]!.kafkaSettings('shop')['bootstrap.servers']).toBe('other:9092');
  });

  it('leaves the assignment strategy to the broker under the KIP-848 protocol', () => {
    const shop = app({ kafka: { 'group.protocol': 'consumer' } });
    shop.routes.draw((r) => r.topic('events', { consumer: EventsConsumer }));
    expect(shop.routes.activeSubscriptionGroups()[0]!.kafkaSettings('shop')).not.toHaveProperty(
      'partition.assignment.strategy',
    );
  });

  it('keeps inactive topics out of the server and narrows by selection', () => {
    const shop = app();
    shop.routes.draw((r) => {
      r.topic('a', { consumer: EventsConsumer });
      r.topic('b', { consumer: EventsConsumer });
      r.topic('declared-only', { active: false });
      r.consumerGroup('other', (g) => g.topic('c', { consumer: EventsConsumer }));
    });
    const names = (selection = {}): string[] =>
      shop.routes.activeSubscriptionGroups(selection).flatMap((sg) => sg.topics.map((t) => t.name));
    expect(names()).toEqual(['a', 'b', 'c']);
    expect(names({ topics: ['b'] })).toEqual(['b']);
    expect(names({ excludeTopics: ['a'] })).toEqual(['b', 'c']);
    expect(names({ consumerGroups: ['other'] })).toEqual(['c']);
    expect(names({ excludeConsumerGroups: ['other'] })).toEqual(['a', 'b']);
    expect(() => names({ topics: ['nope'] })).toThrow("Unknown topic 'nope'; routed: a, b, declared-only, c");
    expect(() => names({ consumerGroups: ['nope'] })).toThrow("Unknown consumer group 'nope'; routed: shop, other");
    expect(() => names({ subscriptionGroups: ['nope'] })).toThrow("Unknown subscription group 'nope'; routed: default");
  });

  it('rejects an active topic without a consumer', () => {
    expect(drawError((r) => r.topic('events', {}))).toBe(
      "Route error: topic 'events' (consumer group 'shop'):\n  - option 'consumer': got nothing; an active topic " +
        'needs a consumer class: give { consumer: SomeConsumer } (or active: false to only declare it)',
    );
  });

  it('rejects a consumer that is not a consumer class, or a class that does not extend BaseConsumer', () => {
    const expected =
      'must be a consumer class: extend BaseConsumer (a batch per consume()) or MessageConsumer (one message per consumeMessage())';
    expect(drawError((r) => r.topic('events', { consumer: {} as never }))).toContain(
      `option 'consumer': got {}; ${expected}`,
    );
    class LookAlike {
      consume(): void {}
    }
    expect(drawError((r) => r.topic('events', { consumer: LookAlike as never }))).toContain(
      `option 'consumer': got a function (LookAlike); ${expected}`,
    );
  });

  it('rejects the same topic twice in one consumer group', () => {
    expect(
      drawError((r) => {
        r.topic('events', { consumer: EventsConsumer });
        r.topic('events', { consumer: EventsConsumer });
      }),
    ).toBe("Route error: topic 'events' is routed twice in consumer group 'shop'");
  });

  it('allows the same topic in two consumer groups', () => {
    const shop = app();
    shop.routes.draw((r) => {
      r.topic('events', { consumer: EventsConsumer });
      r.consumerGroup('audit', (g) => g.topic('events', { consumer: EventsConsumer }));
    });
    expect(shop.routes.topics.map((t) => t.id)).toEqual(['shop/events', 'audit/events']);
  });

  it.each([
    ['topic', (r: RoutesBuilder) => r.topic('', { consumer: EventsConsumer }), 'a topic needs a non-empty name'],
    [
      'consumer group',
      (r: RoutesBuilder) => r.consumerGroup(' ', () => undefined),
      'a consumer group needs a non-empty name',
    ],
    [
      'subscription group',
      (r: RoutesBuilder) => r.subscriptionGroup('', () => undefined),
      'a subscription group needs a non-empty name',
    ],
  ])('rejects an empty %s name', (_kind, draw, message) => {
    expect(drawError(draw)).toContain(message);
  });

  it('rejects a topic name Kafka would not accept', () => {
    expect(drawError((r) => r.topic('orders/eu', { consumer: EventsConsumer }))).toContain(
      'the name is not a valid Kafka topic name',
    );
  });

  it('rejects unknown and invalid topic options, naming them', () => {
    expect(drawError((r) => r.topic('events', { consumer: EventsConsumer, maxMessage: 5 } as never))).toContain(
      "unknown option 'maxMessage' (did you mean 'maxMessages'?); allowed: consumer, deserializer, schema, initialOffset, maxMessages",
    );
    expect(
      drawError((r) => r.topic('events', { consumer: EventsConsumer, initialOffset: 'first' as never })),
    ).toContain(`option 'initialOffset': got "first"; must be 'earliest' or 'latest'`);
    expect(drawError((r) => r.topic('events', { consumer: EventsConsumer, maxMessages: 0 }))).toContain(
      "option 'maxMessages': got 0; must be an integer from 1 to 100000",
    );
    expect(
      drawError((r) => r.topic('events', { consumer: EventsConsumer, deadLetterQueue: { topic: 'bad topic' } })),
    ).toContain("option 'deadLetterQueue.topic'");
    expect(
      drawError((r) => r.topic('events', { consumer: EventsConsumer, pause: { timeout: 500, maxTimeout: 100 } })),
    ).toContain("option 'pause.maxTimeout': got 100; must be greater than or equal to pause.timeout (500)");
    // Unknown keys of a nested option list that option's keys.
    expect(drawError((r) => r.topic('events', { consumer: EventsConsumer, pause: { timeOut: 5 } as never }))).toContain(
      "unknown option 'pause.timeOut' (did you mean 'pause.timeout'?); allowed: timeout, maxTimeout, withExponentialBackoff",
    );
  });

  it('reports every problem the features find in one route at once', () => {
    expect(drawError((r) => r.topic('events', { pause: { timeout: 500, maxTimeout: 100 } }))).toBe(
      "Route error: topic 'events' (consumer group 'shop'):\n  - option 'consumer': got nothing; an active topic " +
        'needs a consumer class: give { consumer: SomeConsumer } (or active: false to only declare it)\n' +
        "  - option 'pause.maxTimeout': got 100; must be greater than or equal to pause.timeout (500)",
    );
  });

  it('rejects topics with different connection settings in one named subscription group', () => {
    expect(
      drawError((r) =>
        r.subscriptionGroup('mixed', (s) => {
          s.topic('a', { consumer: EventsConsumer });
          s.topic('b', { consumer: EventsConsumer, kafka: { 'bootstrap.servers': 'other:9092' } });
        }),
      ),
    ).toContain("the topics of subscription group 'mixed' (consumer group 'shop') have different kafka settings");
  });

  it('takes a Standard Schema and builds the payload decoder from the deserializer and the schema', () => {
    const shop = app();
    const Order = z.object({ id: z.string() });
    shop.routes.draw((r) => r.topic('orders', { consumer: EventsConsumer, schema: Order }));
    const [orders] = shop.routes.topics;
    expect(orders?.schema).toBe(Order);
    expect(orders?.deserializer).toBe('json');
    const raw = { topic: 'orders', partition: 0, offset: 3, key: null, headers: [], timestamp: 0, size: 0 };
    expect(orders?.deserialize({ ...raw, value: Buffer.from('{"id":"a"}') })).toEqual({ id: 'a' });
    expect(() => orders?.deserialize({ ...raw, value: Buffer.from('{"id":1}') })).toThrow(
      "Invalid payload of orders/0@3 (the route's zod schema): id: Invalid input: expected string, received number",
    );
  });

  it('rejects a schema option that is not a Standard Schema', () => {
    expect(
      drawError((r) => r.topic('events', { consumer: EventsConsumer, schema: { parse: () => 1 } as never })),
    ).toContain("option 'schema': got {}; must be a Standard Schema (a zod 4, valibot or arktype schema...");
  });

  it('refuses manualOffsetManagement on a MessageConsumer route, saying what to do instead', () => {
    expect(
      drawError((r) => {
        r.defaults({ manualOffsetManagement: true });
        r.topic('events', { consumer: EachEventConsumer });
      }),
    ).toBe(
      "Route error: topic 'events' (consumer group 'shop'):\n  - option 'manualOffsetManagement': EachEventConsumer is a " +
        'MessageConsumer, which marks each message when consumeMessage() returns; to mark by hand extend ' +
        'BaseConsumer and loop over this.messages in consume(), or drop manualOffsetManagement',
    );
    const shop = app();
    shop.routes.draw((r) => {
      r.defaults({ manualOffsetManagement: true });
      r.topic('events', { consumer: EachEventConsumer, manualOffsetManagement: false });
      r.topic('batches', { consumer: EventsConsumer });
    });
    expect(shop.routes.topics.map((t) => t.manualOffsetManagement)).toEqual([false, true]);
  });

  it('counts dead letter retries per message for a MessageConsumer unless the route says otherwise', () => {
    const shop = app();
    shop.routes.draw((r) => {
      r.topic('each', { consumer: EachEventConsumer, deadLetterQueue: { topic: 'dlq' } });
      r.topic('each-batch-count', {
        consumer: EachEventConsumer,
        deadLetterQueue: { topic: 'dlq', independent: false },
      });
      r.topic('batch', { consumer: EventsConsumer, deadLetterQueue: { topic: 'dlq' } });
    });
    expect(shop.routes.topics.map((t) => t.deadLetterQueue?.independent)).toEqual([true, false, false]);
  });
});
