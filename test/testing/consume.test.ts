/**
 * karafka-ts/testing: building a routed consumer as the server does and running batches through the processing
 * core on the in-memory cluster (feeding, marking rules, manual offsets, pause, seek, errors and retries).
 * No broker: this project starts none.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { App } from '../../src/app/app.js';
import { BaseConsumer } from '../../src/consumer/base-consumer.js';
import { MessageConsumer } from '../../src/consumer/message-consumer.js';
import type { KafkaMessage } from '../../src/kafka/types.js';
import type { Message } from '../../src/messages/message.js';
import { TestKit } from '../../src/testing/index.js';

const newApp = (): App =>
  new App({ clientId: 'shop', kafka: { 'bootstrap.servers': '127.0.0.1:1' }, logLevel: 'silent' });

interface Order {
  readonly id: number;
}

/** Remembers what it consumed (payloads per batch, hooks seen). */
class OrdersConsumer extends BaseConsumer<Order> {
  readonly batches: number[][] = [];
  readonly hooks: string[] = [];
  failOn: number | undefined;

  override initialized(): void {
    this.hooks.push(`initialized ${this.topic.name}/${String(this.partition)}`);
  }

  consume(): void {
    this.batches.push(this.messages.payloads().map((p) => p.id));
    for (const message of this.messages) {
      if (message.payload.id === this.failOn) throw new Error(`order ${String(message.payload.id)} failed`);
    }
  }
}

describe('karafka-ts/testing: consuming', () => {
  let kit: TestKit | undefined;
  afterEach(() => kit?.restore());

  it('builds the routed consumer (initialized() runs) and feeds several messages into one batch, marking the last', async () => {
    const app = newApp();
    app.routes.draw((r) => r.topic('orders', { consumer: OrdersConsumer }));
    kit = new TestKit(app);
    const consumer = await kit.consumerFor('orders', { consumer: OrdersConsumer });
    expect(consumer.instance).toBeInstanceOf(OrdersConsumer);
    expect(consumer.instance.hooks).toEqual(['initialized orders/0']);

    expect(consumer.feed({ id: 1 })).toEqual({ partition: 0, offset: 0 });
    consumer.feed({ id: 2 });
    consumer.feedMany([{ id: 3 }]);
    const outcome = await consumer.consume();

    expect(consumer.instance.batches).toEqual([[1, 2, 3]]);
    expect(outcome.batches).toEqual([{ firstOffset: 0, lastOffset: 2, count: 3 }]);
    expect(outcome.error).toBeUndefined();
    expect(outcome.markedOffset).toBe(3);
    expect(outcome.committedOffset).toBeUndefined();

    // The next consume() gets only what was fed since.
    consumer.feed({ id: 4 });
    await consumer.consume();
    expect(consumer.instance.batches).toEqual([[1, 2, 3], [4]]);
    expect(consumer.markedOffset).toBe(4);
  });

  it('hands keys, headers, timestamps and partitions through, with offsets in order per partition', async () => {
    const app = newApp();
    const seen: { key: string | null; headers: Record<string, string>; offset: number; time: number }[] = [];
    class Inspecting extends BaseConsumer {
      consume(): void {
        for (const m of this.messages) {
          seen.push({ key: m.key, headers: m.headers, offset: m.offset, time: m.timestamp.getTime() });
        }
      }
    }
    app.routes.draw((r) => r.topic('events', { consumer: Inspecting }));
    kit = new TestKit(app);
    const p1 = await kit.consumerFor('events', { partition: 1 });
    expect(p1.feed('x', { key: 'k1', headers: { trace: 'abc' }, timestamp: new Date(1_000) })).toEqual({
      partition: 1,
      offset: 0,
    });
    expect(p1.feed('y', { partition: 0 })).toEqual({ partition: 0, offset: 0 });
    expect(p1.feed('z')).toEqual({ partition: 1, offset: 1 });
    await p1.consume();
    expect(seen.map((s) => s.offset)).toEqual([0, 1]);
    expect(seen[0]).toMatchObject({ key: 'k1', headers: { trace: 'abc' }, time: 1_000 });
    const p0 = await kit.consumerFor('events', { partition: 0 });
    await p0.consume();
    expect(seen).toHaveLength(3);
  });

  it("encodes payloads as the route expects: JSON, schema-checked JSON, 'string', raw Buffers", async () => {
    const app = newApp();
    const payloads: unknown[] = [];
    class Collecting extends BaseConsumer {
      consume(): void {
        payloads.push(...this.messages.payloads());
      }
    }
    const Checked = z.object({ id: z.number() });
    app.routes.draw((r) => {
      r.topic('json', { consumer: Collecting });
      r.topic('checked', { consumer: Collecting, schema: Checked });
      r.topic('text', { consumer: Collecting, deserializer: 'string' });
      r.topic('custom', { consumer: Collecting, deserializer: (m: KafkaMessage) => m.value?.toString('hex') ?? null });
    });
    kit = new TestKit(app);
    const json = await kit.consumerFor('json');
    json.feed({ a: 1 });
    json.feed(Buffer.from('{"raw":true}'));
    json.feed(null);
    await json.consume();
    const text = await kit.consumerFor('text');
    text.feed('hello');
    await text.consume();
    const custom = await kit.consumerFor('custom');
    custom.feed(Buffer.from([1, 2]));
    await custom.consume();
    expect(payloads).toEqual([{ a: 1 }, { raw: true }, null, 'hello', '0102']);
    expect(() => text.feed({ not: 'text' })).toThrow(
      "Topic 'text' is routed with deserializer 'string': feed its messages as a Buffer or a string, got an object",
    );

    const checked = await kit.consumerFor('checked');
    checked.feed({ id: 'not a number' });
    const outcome = await checked.consume();
    expect(outcome.errors.map((e) => e.type)).toEqual(['consumer.consume.error']);
    expect(String(outcome.error)).toContain('id');
  });

  it('retries a failed batch on the next consume(), as the server does after its backoff', async () => {
    const app = newApp();
    app.routes.draw((r) => r.topic('orders', { consumer: OrdersConsumer }));
    kit = new TestKit(app);
    const consumer = await kit.consumerFor('orders', { consumer: OrdersConsumer });
    consumer.instance.failOn = 2;
    consumer.feedMany([{ id: 1 }, { id: 2 }, { id: 3 }]);

    const failed = await consumer.consume();
    expect(failed.error).toBeInstanceOf(Error);
    expect((failed.error as Error).message).toBe('order 2 failed');
    expect(failed.retry).toEqual({ from: 0, delayMs: 1_000, attempt: 1 });
    expect(failed.markedOffset).toBeUndefined();
    expect(consumer.failedAttempts).toBe(1);

    const again = await consumer.consume();
    expect(again.retry).toEqual({ from: 0, delayMs: 2_000, attempt: 2 });

    consumer.instance.failOn = undefined;
    const ok = await consumer.consume();
    expect(ok.error).toBeUndefined();
    expect(ok.markedOffset).toBe(3);
    expect(consumer.instance.batches).toEqual([
      [1, 2, 3],
      [1, 2, 3],
      [1, 2, 3],
    ]);
    expect(consumer.failedAttempts).toBe(0);
  });

  it('keeps offsets to the consumer under manualOffsetManagement; markAsConsumedSync commits', async () => {
    const app = newApp();
    class Manual extends BaseConsumer<Order> {
      async consume(): Promise<void> {
        const first = this.messages.first()!;
        if (first.payload.id === 1) this.markAsConsumed(first);
        else await this.markAsConsumedSync(this.messages.last()!);
      }
    }
    app.routes.draw((r) => r.topic('orders', { consumer: Manual, manualOffsetManagement: true }));
    kit = new TestKit(app);
    const consumer = await kit.consumerFor('orders');
    consumer.feedMany([{ id: 1 }, { id: 2 }]);
    const marked = await consumer.consume();
    expect(marked.markedOffset).toBe(1);
    expect(marked.committedOffset).toBeUndefined();

    consumer.feedMany([{ id: 3 }, { id: 4 }]);
    const committed = await consumer.consume();
    expect(committed.markedOffset).toBe(4);
    expect(committed.committedOffset).toBe(4);
  });

  it('reports a pause the consumer asked for (the batch stays unmarked) and goes on from its offset', async () => {
    const app = newApp();
    class Pausing extends MessageConsumer<Order> {
      readonly seen: number[] = [];
      consumeMessage(message: Message<Order>): void {
        this.seen.push(message.payload.id);
        if (message.payload.id === 2 && this.seen.filter((id) => id === 2).length === 1) {
          this.pause(message.offset, 5_000);
        }
      }
    }
    app.routes.draw((r) => r.topic('orders', { consumer: Pausing }));
    kit = new TestKit(app);
    const consumer = await kit.consumerFor('orders', { consumer: Pausing });
    consumer.feedMany([{ id: 1 }, { id: 2 }, { id: 3 }]);
    const paused = await consumer.consume();
    expect(paused.pause).toEqual({ offset: 1, timeoutMs: 5_000 });
    expect(consumer.paused).toBe(true);
    expect(paused.markedOffset).toBe(1);

    // The pause's time passes before the next consume(): processing goes on from offset 1.
    const resumed = await consumer.consume();
    expect(resumed.pause).toBeUndefined();
    expect(consumer.paused).toBe(false);
    expect(consumer.instance.seen).toEqual([1, 2, 2, 3]);
    expect(resumed.markedOffset).toBe(3);
  });

  it('reports a seek and delivers from there on the next consume()', async () => {
    const app = newApp();
    class Seeking extends BaseConsumer<Order> {
      readonly batches: number[][] = [];
      async consume(): Promise<void> {
        this.batches.push(this.messages.payloads().map((p) => p.id));
        if (this.batches.length === 1) await this.seek(0);
      }
    }
    app.routes.draw((r) => r.topic('orders', { consumer: Seeking }));
    kit = new TestKit(app);
    const consumer = await kit.consumerFor('orders', { consumer: Seeking });
    consumer.feedMany([{ id: 1 }, { id: 2 }]);
    const sought = await consumer.consume();
    expect(sought.seek).toEqual({ target: 0, offset: 0 });
    expect(sought.markedOffset).toBeUndefined();
    expect(consumer.pendingSeek).toBe(0);
    await consumer.consume();
    expect(consumer.instance.batches).toEqual([
      [1, 2],
      [1, 2],
    ]);
    expect(consumer.markedOffset).toBe(2);
  });

  it('splits a batch into virtual partitions as the server does, and marks once every part is done', async () => {
    const app = newApp();
    const seen: string[] = [];
    class ByKey extends BaseConsumer<Order> {
      consume(): void {
        seen.push(
          this.messages
            .toArray()
            .map((m) => `${m.key ?? ''}:${String(m.offset)}`)
            .join(','),
        );
      }
    }
    app.routes.draw((r) => r.topic('orders', { consumer: ByKey, virtualPartitions: { maxPartitions: 2 } }));
    kit = new TestKit(app);
    const consumer = await kit.consumerFor('orders');
    for (const [id, key] of [
      [1, 'a'],
      [2, 'b'],
      [3, 'a'],
      [4, 'b'],
    ] as const)
      consumer.feed({ id }, { key });
    const outcome = await consumer.consume();
    expect(outcome.error).toBeUndefined();
    expect(outcome.batches).toHaveLength(2);
    expect([...seen].sort()).toEqual(['a:0,a:2', 'b:1,b:3']);
    expect(outcome.markedOffset).toBe(4);
  });

  it("never creates a client of the app's Kafka drivers (no broker, no native client)", async () => {
    const refuse = (): never => {
      throw new Error('a Kafka client was created');
    };
    const app = new App(
      { clientId: 'shop', kafka: { 'bootstrap.servers': '127.0.0.1:1' }, logLevel: 'silent' },
      { drivers: { description: 'refusing', features: [], consumer: refuse, producer: refuse, admin: refuse } },
    );
    class Forwarding extends BaseConsumer<Order> {
      async consume(): Promise<void> {
        for (const m of this.messages) await this.producer.produceSync({ topic: 'out', payload: String(m.payload.id) });
      }
    }
    app.routes.draw((r) => r.topic('orders', { consumer: Forwarding }));
    kit = new TestKit(app);
    const consumer = await kit.consumerFor('orders');
    consumer.feed({ id: 1 });
    const outcome = await consumer.consume();
    expect(outcome.errors).toEqual([]);
    expect(outcome.produced.map((m) => m.text())).toEqual(['1']);
  });

  it('names the problem for a topic with no route, or one routed in several consumer groups', async () => {
    const app = newApp();
    app.routes.draw((r) => {
      r.topic('orders', { consumer: OrdersConsumer });
      r.consumerGroup('audit', (g) => g.topic('orders', { consumer: OrdersConsumer }));
    });
    kit = new TestKit(app);
    await expect(kit.consumerFor('nope')).rejects.toThrow("No route for topic 'nope'; routed topics: orders");
    await expect(kit.consumerFor('orders')).rejects.toThrow(
      "Topic 'orders' is routed in several consumer groups (shop, audit): pass { consumerGroup }",
    );
    const audit = await kit.consumerFor('orders', { consumerGroup: 'audit' });
    expect(audit.consumerGroup).toBe('audit');
    await expect(kit.consumerFor('orders', { consumerGroup: 'x' })).rejects.toThrow(
      "Topic 'orders' is not routed in consumer group 'x'; it is in: shop, audit",
    );
  });

  it('names the problem for a route with another consumer, an inactive route, a bad partition or payload', async () => {
    const app = newApp();
    class Other extends BaseConsumer {
      consume(): void {}
    }
    app.routes.draw((r) => {
      r.topic('orders', { consumer: OrdersConsumer });
      r.topic('paused', { consumer: OrdersConsumer, active: false });
    });
    kit = new TestKit(app);
    await expect(kit.consumerFor('orders', { consumer: Other })).rejects.toThrow(
      "Topic 'orders' is routed to OrdersConsumer, not Other",
    );
    await expect(kit.consumerFor('paused')).rejects.toThrow(
      "Topic 'paused' (consumer group 'shop') is not active: the server skips it",
    );
    await expect(kit.consumerFor('orders', { partition: -1 })).rejects.toThrow(
      "consumerFor('orders'): partition must be an integer >= 0, got -1",
    );
    const consumer = await kit.consumerFor('orders');
    expect(() => consumer.feed(undefined as unknown as Order)).toThrow(
      "Topic 'orders': undefined is no JSON payload (use null for a tombstone)",
    );
  });
});
