/**
 * The filter chain of one partition as pure logic (no driver): the built-in filters' rules (sliding throttle
 * window, delay up to the first message not due, expiry), the chain's order and how actions combine (lowest
 * cursor wins, later filters see only what is below it), and the checks on what a filter returns. Also: route
 * options accept filters written for any payload, or for the route's payload type.
 */
import { describe, expect, it } from 'vitest';
import { App } from '../../../src/app/app.js';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import type { KafkaMessage } from '../../../src/kafka/types.js';
import { FilterChain } from '../../../src/processing/filters/filter-chain.js';
import type { TopicFiltering } from '../../../src/routing/filtering-feature.js';
import type { FilterFactory, MessageFilter } from '../../../src/routing/message-filter.js';
import type { Topic } from '../../../src/routing/topic.js';
import { FakeCluster } from '../../support/fake-kafka.js';

/** Messages at `offsets` with timestamps from `timestamp`. */
function batch(offsets: readonly number[], timestamp: (offset: number) => number = () => 0): KafkaMessage[] {
  return offsets.map((offset) => ({
    topic: 'events',
    partition: 0,
    offset,
    key: null,
    value: Buffer.from(JSON.stringify({ i: offset })),
    headers: [],
    timestamp: timestamp(offset),
    size: 10,
  }));
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

class Noop extends BaseConsumer {
  consume(): void {}
}

function topicWith(filtering: Partial<TopicFiltering>): Topic {
  const app = new App({ clientId: 'chain', logLevel: 'silent' }, { drivers: new FakeCluster().drivers() });
  app.routes.draw((r) => r.topic('events', { consumer: Noop }));
  const topic = app.routes.activeSubscriptionGroups()[0]!.topic('events')!;
  return Object.assign(Object.create(topic) as Topic, {
    filtering: { filters: [], throttle: undefined, delay: undefined, expire: undefined, ...filtering },
  });
}

function chainOf(filtering: Partial<TopicFiltering>): FilterChain {
  const topic = topicWith(filtering);
  return new FilterChain(topic, topic.filtering!);
}

const offsets = (messages: readonly KafkaMessage[]): number[] => messages.map((m) => m.offset);

describe('throttle filter', () => {
  it('lets at most limit messages through in any interval (sliding), pausing until the oldest leaves', () => {
    const chain = chainOf({ throttle: { limit: 5, interval: 1_000 } });
    const first = chain.apply(batch(range(0, 3)), 10_000);
    expect(offsets(first.passed)).toEqual([0, 1, 2]);
    expect(first.action).toBeUndefined();
    // 400 ms later: room for 2 more; the rest waits until the first pass (at 10 000) leaves the window.
    const second = chain.apply(batch(range(3, 10)), 10_400);
    expect(offsets(second.passed)).toEqual([3, 4]);
    expect(second.action).toEqual({ kind: 'pause', from: 5, until: 11_000, by: 'throttle' });
    expect(offsets(second.deferred)).toEqual([5, 6, 7, 8, 9]);
    expect(second.end).toBe(5);
    // At 11 000 the first three left the window: room for 3 (the two of 10 400 still count).
    const third = chain.apply(batch(range(5, 10)), 11_000);
    expect(offsets(third.passed)).toEqual([5, 6, 7]);
    expect(third.action).toMatchObject({ from: 8, until: 11_400 });
  });
});

describe('delay filter', () => {
  it('lets through the messages that are due, up to the first that is not, and pauses until it is due', () => {
    const chain = chainOf({ delay: 1_000 });
    // 0-2 old enough, 3 not, 4 old again (out-of-order timestamps): 4 waits behind 3.
    const stamps: Record<number, number> = { 0: 0, 1: 100, 2: 200, 3: 5_000, 4: 0 };
    const outcome = chain.apply(
      batch(range(0, 5), (o) => stamps[o]!),
      1_500,
    );
    expect(offsets(outcome.passed)).toEqual([0, 1, 2]);
    expect(outcome.action).toEqual({ kind: 'pause', from: 3, until: 6_000, by: 'delay' });
    expect(offsets(outcome.deferred)).toEqual([3, 4]);
  });
});

describe('expire filter', () => {
  it('drops messages older than the age, wherever they are in the batch', () => {
    const chain = chainOf({ expire: 1_000 });
    const stamps: Record<number, number> = { 0: 0, 1: 9_500, 2: 0, 3: 9_000 };
    const outcome = chain.apply(
      batch(range(0, 4), (o) => stamps[o]!),
      10_000,
    );
    expect(offsets(outcome.passed)).toEqual([1, 3]);
    expect(outcome).toMatchObject({ dropped: 2, end: 4, action: undefined, by: ['expire'] });
  });
});

describe('the chain', () => {
  it('runs expire, delay, the route filters, then throttle: the throttle counts only what passed', () => {
    const seenByOwn: number[][] = [];
    const own: FilterFactory = () => ({
      name: 'own',
      apply: (messages) => {
        seenByOwn.push(messages.map((m) => m.offset));
        return { passed: messages.filter((m) => m.offset % 2 === 0) };
      },
    });
    const chain = chainOf({ expire: 5_000, delay: 1_000, filters: [own], throttle: { limit: 2, interval: 1_000 } });
    const stamps = (o: number): number => (o === 0 ? 0 : o >= 8 ? 9_500 : 8_000);
    const outcome = chain.apply(batch(range(0, 10), stamps), 10_000);
    // 0 expired; 8 and 9 not due: the own filter sees 1-7; evens 2, 4, 6 left; the throttle takes 2 and 4.
    expect(seenByOwn).toEqual([[1, 2, 3, 4, 5, 6, 7]]);
    expect(offsets(outcome.passed)).toEqual([2, 4]);
    expect(outcome.action).toMatchObject({ kind: 'pause', from: 6, by: 'throttle' });
    expect(outcome.by).toEqual(['expire', 'delay', 'own', 'throttle']);
    expect(offsets(outcome.deferred)).toEqual([6, 7, 8, 9]);
    expect(outcome.dropped).toBe(4);
  });

  it('keeps the lowest cursor when several filters ask; the same cursor keeps the longest pause', () => {
    const asking =
      (name: string, from: number, until: number): FilterFactory =>
      () => ({ name, apply: (messages) => ({ passed: messages, action: { kind: 'pause', from, until } }) });
    const chain = chainOf({
      filters: [asking('a', 6, 100), asking('b', 4, 50), asking('c', 4, 80), asking('d', 5, 999)],
    });
    const outcome = chain.apply(batch(range(0, 10)), 0);
    expect(outcome.action).toEqual({ kind: 'pause', from: 4, until: 80, by: 'c' });
    expect(offsets(outcome.passed)).toEqual([0, 1, 2, 3]);
  });

  it('accepts a pause for a duration or until a Date, and refuses bad actions with the filter named', () => {
    const returning =
      (action: unknown): FilterFactory =>
      () =>
        ({ name: 'mine', apply: (messages) => ({ passed: messages, action }) }) as MessageFilter;
    expect(
      chainOf({ filters: [returning({ kind: 'pause', from: 1, durationMs: 300 })] }).apply(batch([0, 1]), 1_000).action,
    ).toMatchObject({ until: 1_300 });
    expect(
      chainOf({ filters: [returning({ kind: 'pause', from: 1, until: new Date(5_000) })] }).apply(batch([0, 1]), 0)
        .action,
    ).toMatchObject({ until: 5_000 });
    expect(() => chainOf({ filters: [returning({ kind: 'pause', from: -1, until: 5 })] }).apply(batch([0]), 0)).toThrow(
      /Filter 'mine' asked for a pause from offset -1/,
    );
    expect(() => chainOf({ filters: [returning({ kind: 'pause', from: 1 })] }).apply(batch([0]), 0)).toThrow(
      /finite until time or durationMs/,
    );
    expect(() => chainOf({ filters: [returning({ kind: 'jump' })] }).apply(batch([0]), 0)).toThrow(
      /unknown action 'jump'/,
    );
  });
});

describe('route options', () => {
  interface Order {
    readonly id: number;
    readonly test: boolean;
  }

  it('take filters written for any payload and for the route payload type', () => {
    const anyPayload: FilterFactory = () => ({ name: 'any', apply: (messages) => ({ passed: messages }) });
    const forOrders: FilterFactory<Order> = () => ({
      name: 'orders',
      apply: (messages) => ({ passed: messages.filter((m) => !m.payload.test) }),
    });
    const forInvoices: FilterFactory<{ readonly invoice: string }> = () => ({
      name: 'invoices',
      apply: (messages) => ({ passed: messages.filter((m) => m.payload.invoice !== '') }),
    });
    class Orders extends BaseConsumer<Order> {
      consume(): void {}
    }
    const app = new App({ clientId: 'typed', logLevel: 'silent' }, { drivers: new FakeCluster().drivers() });
    app.routes.draw((r) => {
      r.topic('orders', {
        consumer: Orders,
        deserializer: (m: KafkaMessage): Order => JSON.parse(String(m.value)) as Order,
        filters: [anyPayload, forOrders],
      });
      r.topic('plain', { consumer: Orders, filters: [anyPayload], throttle: { limit: 1, interval: 1 } });
      r.topic('typed', {
        consumer: Orders,
        deserializer: (m: KafkaMessage): Order => JSON.parse(String(m.value)) as Order,
        // @ts-expect-error a filter written for another payload type does not fit an Order route
        filters: [forInvoices],
      });
    });
    expect(app.routes.activeSubscriptionGroups()[0]!.topic('orders')!.filtering!.filters).toHaveLength(2);
    // (the 'typed' route is refused by the compiler only: at run time any function is a factory)
  });
});
