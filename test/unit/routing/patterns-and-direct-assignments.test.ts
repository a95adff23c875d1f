import { describe, expect, it } from 'vitest';
import { App } from '../../../src/app/app.js';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import { selectedSubscriptionGroups } from '../../../src/cli/route-filters.js';
import { declaredTopics } from '../../../src/cli/topics/declared-topics.js';
import { directPartitions } from '../../../src/routing/direct-assignment-feature.js';
import type { RoutesBuilder } from '../../../src/routing/routes.js';

class OrdersConsumer extends BaseConsumer {
  consume(): void {}
}

class AuditConsumer extends BaseConsumer {
  consume(): void {}
}

function app(settings: ConstructorParameters<typeof App>[0] = {}): App {
  return new App({ clientId: 'shop', logLevel: 'silent', ...settings }, { logLifecycle: false });
}

function drawError(draw: (r: RoutesBuilder) => void, settings: ConstructorParameters<typeof App>[0] = {}): string {
  try {
    app(settings).routes.draw(draw);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the routes to be rejected');
}

describe('pattern routes', () => {
  it('subscribe by expression and resolve any matching topic with the route consumer and options', () => {
    const shop = app();
    shop.routes.draw((r) => {
      r.topic('orders.audit', { consumer: AuditConsumer });
      r.pattern(/^orders\..+/, { consumer: OrdersConsumer, maxMessages: 7 });
    });
    const [sg] = shop.routes.activeSubscriptionGroups();
    expect(sg?.subscriptions).toEqual(['orders.audit', '^orders\\..+']);
    expect(sg?.namedTopics).toEqual(['orders.audit']);
    const found = sg?.topic('orders.eu');
    expect(found?.name).toBe('orders.eu');
    expect(found?.consumer).toBe(OrdersConsumer);
    expect(found?.maxMessages).toBe(7);
    expect(found?.isPattern).toBe(false);
    expect(found?.pattern?.name).toBe('/^orders\\..+/');
    expect(sg?.topic('orders.eu')).toBe(found);
    // A topic routed by name wins over the pattern.
    expect(sg?.topic('orders.audit')?.consumer).toBe(AuditConsumer);
    expect(sg?.topic('payments')).toBeUndefined();
  });

  it('anchor an expression without ^ for librdkafka, and take the first matching pattern', () => {
    const shop = app();
    shop.routes.draw((r) => {
      r.pattern(/orders/, { consumer: OrdersConsumer });
      r.pattern(/^orders-eu$/, { consumer: AuditConsumer });
    });
    const [sg] = shop.routes.activeSubscriptionGroups();
    expect(sg?.subscriptions).toEqual(['^.*(orders)', '^orders-eu$']);
    expect(sg?.topic('orders-eu')?.consumer).toBe(OrdersConsumer);
  });

  it('refuse flags and syntax librdkafka reads differently, naming the pattern', () => {
    expect(drawError((r) => r.pattern(/^orders/i, { consumer: OrdersConsumer }))).toMatch(
      /pattern \/\^orders\/i: flags \(i\) are not supported/,
    );
    expect(drawError((r) => r.pattern(/^orders-\d+/, { consumer: OrdersConsumer }))).toMatch(/\\d.*use \[0-9\]/);
    expect(drawError((r) => r.pattern(/^(?:a|b)/, { consumer: OrdersConsumer }))).toMatch(/groups starting with \(\?/);
  });

  it('report option problems under the pattern name, and refuse a directly assigned pattern', () => {
    expect(drawError((r) => r.pattern(/^x/, { consumer: OrdersConsumer, maxMessages: 0 }))).toMatch(
      /pattern '\/\^x\/' \(consumer group 'shop'\)/,
    );
    expect(drawError((r) => r.pattern(/^x/, { consumer: OrdersConsumer, directAssignment: true }))).toMatch(
      /a pattern route cannot be assigned directly/,
    );
  });

  it('refuse a named topic of another subscription group that the pattern also matches', () => {
    const message = drawError((r) => {
      r.pattern(/^orders\./, { consumer: OrdersConsumer });
      r.subscriptionGroup('audit', (s) => s.topic('orders.audit', { consumer: AuditConsumer }));
    });
    expect(message).toMatch(/topic 'orders.audit' \(subscription group 'audit'\) matches pattern \/\^orders\\.\//);
  });

  it('select by the pattern name, or one topic it matches, and refuse excluding one of its topics', () => {
    const shop = app();
    shop.routes.draw((r) => {
      r.topic('payments', { consumer: AuditConsumer });
      r.pattern(/^orders\./, { consumer: OrdersConsumer });
    });
    const byPattern = shop.routes.activeSubscriptionGroups({ topics: ['/^orders\\./'] });
    expect(byPattern[0]?.subscriptions).toEqual(['^orders\\.']);
    const one = shop.routes.activeSubscriptionGroups({ topics: ['orders.eu'] });
    expect(one[0]?.subscriptions).toEqual(['orders.eu']);
    expect(one[0]?.topic('orders.eu')?.consumer).toBe(OrdersConsumer);
    expect(() => shop.routes.activeSubscriptionGroups({ excludeTopics: ['orders.eu'] })).toThrow(
      /Cannot exclude topic 'orders.eu': pattern \/\^orders\\.\/ .* consumes it/,
    );
    expect(shop.routes.activeSubscriptionGroups({ excludeTopics: ['/^orders\\./'] })[0]?.subscriptions).toEqual([
      'payments',
    ]);
    expect(() => shop.routes.activeSubscriptionGroups({ topics: ['invoices'] })).toThrow(/Unknown topic 'invoices'/);
  });
});

describe('pattern routes in the CLI', () => {
  it('are skipped by the declared topics, and a matched topic passes the --topics check', () => {
    const shop = app({ kafka: { 'bootstrap.servers': 'localhost:9092' } });
    shop.routes.draw((r) => {
      r.topic('payments', { consumer: AuditConsumer });
      r.pattern(/^orders\./, { consumer: OrdersConsumer });
    });
    expect(declaredTopics(shop.routes.topics, shop.settings.kafka).topics.map((t) => t.name)).toEqual(['payments']);
    const [sg] = selectedSubscriptionGroups(shop, { topics: ['orders.eu'] }, 'karafka.config.ts');
    expect(sg?.subscriptions).toEqual(['orders.eu']);
    expect(() => selectedSubscriptionGroups(shop, { topics: ['invoices'] }, 'karafka.config.ts')).toThrow(
      /Unknown topic 'invoices' in --topics.*routed: payments, \/\^orders\\.\//,
    );
  });
});

describe('direct assignments', () => {
  it('resolve the short and long forms', () => {
    const shop = app();
    shop.routes.draw((r) => {
      r.topic('a', { consumer: OrdersConsumer, directAssignment: true });
      r.topic('b', { consumer: OrdersConsumer, directAssignment: [3, 1, 1] });
      r.topic('c', { consumer: OrdersConsumer, directAssignment: { swarm: { 1: [0], 2: [1] } } });
    });
    const [a, b, c] = shop.routes.topics;
    expect(a?.directAssignment).toEqual({ partitions: 'all', swarm: undefined });
    expect(b?.directAssignment?.partitions).toEqual([1, 3]);
    expect(c?.directAssignment?.partitions).toBe('all');
    expect(shop.routes.activeSubscriptionGroups()[0]?.directlyAssigned).toBe(true);
  });

  it('refuse a consumer group mixing directly assigned and subscribed topics, naming both routes', () => {
    const message = drawError((r) => {
      r.topic('orders', { consumer: OrdersConsumer });
      r.topic('ledger', { consumer: OrdersConsumer, directAssignment: [0] });
    });
    expect(message).toMatch(
      /topic 'ledger' \(consumer group 'shop'\) is assigned directly .* but topic 'orders' of the same consumer group is subscribed/,
    );
  });

  it('refuse bad partitions and swarm maps with the option named', () => {
    expect(drawError((r) => r.topic('a', { consumer: OrdersConsumer, directAssignment: [] }))).toMatch(
      /directAssignment.*at least one partition/,
    );
    expect(drawError((r) => r.topic('a', { consumer: OrdersConsumer, directAssignment: [-1] }))).toMatch(
      /directAssignment/,
    );
    const swarm = (map: Record<number, number[]>): string =>
      drawError(
        (r) => r.topic('a', { consumer: OrdersConsumer, directAssignment: { partitions: [0, 1], swarm: map } }),
        {
          swarm: { nodes: 2 },
        },
      );
    expect(swarm({ 1: [0], 3: [1] })).toMatch(/node 3 does not exist \(swarm.nodes is 2\)/);
    expect(swarm({ 1: [0, 1], 2: [1] })).toMatch(/partition 1 is given to nodes 1 and 2/);
    expect(swarm({ 1: [0] })).toMatch(/partitions 1 are assigned to no node/);
    expect(swarm({ 1: [0], 2: [1, 5] })).toMatch(/partitions 5 are not in directAssignment.partitions/);
  });

  it('choose the partitions of a process and of a swarm node', () => {
    const all = { partitions: 'all' as const, swarm: undefined };
    expect(directPartitions('t', all, 4)).toEqual([0, 1, 2, 3]);
    expect(directPartitions('t', all, 4, { number: 1, count: 2 })).toEqual([0, 2]);
    expect(directPartitions('t', all, 4, { number: 2, count: 2 })).toEqual([1, 3]);
    const map = { partitions: [0, 1, 2], swarm: { 1: [2], 2: [0, 1] } };
    expect(directPartitions('t', map, 3, { number: 2, count: 2 })).toEqual([0, 1]);
    const byFunction = { partitions: 'all' as const, swarm: (p: number) => (p < 2 ? 1 : 2) };
    expect(directPartitions('t', byFunction, 4, { number: 2, count: 2 })).toEqual([2, 3]);
    expect(() => directPartitions('t', { partitions: [0, 5], swarm: undefined }, 2)).toThrow(
      /topic 't': it has 2 partition\(s\); partitions 5 do not exist/,
    );
    expect(() => directPartitions('t', { partitions: 'all', swarm: () => 9 }, 2, { number: 1, count: 2 })).toThrow(
      /the swarm rule gave node 9 for partition 0/,
    );
  });
});
