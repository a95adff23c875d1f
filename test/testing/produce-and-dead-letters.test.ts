/**
 * karafka-ts/testing: the app's producer captured in memory (messages, transactions with commit and abort,
 * reset between tests), and retries ending in the dead letter queue as the route's strategy decides. No broker.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/app/app.js';
import { BaseConsumer } from '../../src/consumer/base-consumer.js';
import { MessageConsumer } from '../../src/consumer/message-consumer.js';
import type { Message } from '../../src/messages/message.js';
import { Producer } from '../../src/producer/producer.js';
import { TestKit } from '../../src/testing/index.js';

const newApp = (kafka: Record<string, string> = {}, producer?: Producer): App =>
  new App(
    { clientId: 'shop', kafka: { 'bootstrap.servers': '127.0.0.1:1', ...kafka }, logLevel: 'silent' },
    producer === undefined ? {} : { producer },
  );

interface Order {
  readonly id: number;
}

/** Forwards each order to 'shipments' through the app's producer. */
class Forwarding extends BaseConsumer<Order> {
  async consume(): Promise<void> {
    for (const message of this.messages) {
      await this.producer.produceSync({
        topic: 'shipments',
        key: String(message.payload.id),
        headers: { source: 'orders', tags: ['a', 'b'] },
        payload: JSON.stringify({ shipped: message.payload.id }),
      });
    }
  }
}

/** Processes each order in a transaction with its mark; order 13 aborts it. */
class Transactional extends MessageConsumer<Order> {
  async consumeMessage(message: Message<Order>): Promise<void> {
    await this.transaction(async (tx) => {
      await tx.produceSync({ topic: 'invoices', payload: JSON.stringify({ order: message.payload.id }) });
      this.markAsConsumed(message);
      if (message.payload.id === 13) throw new Error('unlucky order');
    });
  }
}

/** Throws on order 2. */
class FailingOnTwo extends MessageConsumer<Order> {
  consumeMessage(message: Message<Order>): void {
    if (message.payload.id === 2) throw new TypeError('cannot process order 2');
  }
}

describe('karafka-ts/testing: producing and dead letters', () => {
  let kit: TestKit | undefined;
  afterEach(() => kit?.restore());

  it('captures what the consumer produces through the app, with topic, key, headers, partition and payload', async () => {
    const app = newApp();
    app.routes.draw((r) => r.topic('orders', { consumer: Forwarding }));
    kit = new TestKit(app);
    const consumer = await kit.consumerFor('orders');
    consumer.feedMany([{ id: 7 }, { id: 8 }]);
    const outcome = await consumer.consume();

    expect(outcome.produced.map((m) => m.json())).toEqual([{ shipped: 7 }, { shipped: 8 }]);
    const [first] = kit.producedTo('shipments');
    expect(first).toMatchObject({
      topic: 'shipments',
      partition: 0,
      offset: 0,
      key: '7',
      headers: { source: 'orders' },
    });
    expect(first!.rawHeaders.filter((h) => h.key === 'tags').map((h) => h.value.toString())).toEqual(['a', 'b']);
    expect(first!.text()).toBe('{"shipped":7}');
    // Producing outside a consumer is captured as well.
    await app.producer.produceSync({ topic: 'audit', payload: 'hello', partition: 0 });
    expect(kit.produced.map((m) => m.topic)).toEqual(['shipments', 'shipments', 'audit']);

    kit.reset();
    expect(kit.produced).toEqual([]);
    await app.producer.produceSync({ topic: 'audit', payload: 'again' });
    expect(kit.producedTo('audit').map((m) => [m.offset, m.text()])).toEqual([[0, 'again']]);
  });

  it('records transactions with their messages and offsets: committed ones count, aborted ones do not', async () => {
    const app = newApp({ 'transactional.id': 'shop-tx' });
    app.routes.draw((r) => r.topic('orders', { consumer: Transactional }));
    kit = new TestKit(app);
    const consumer = await kit.consumerFor('orders');
    consumer.feedMany([{ id: 1 }, { id: 13 }]);
    const outcome = await consumer.consume();

    expect(kit.transactions.map((t) => [t.transactionalId, t.state, t.messages.length])).toEqual([
      ['shop-tx', 'committed', 1],
      ['shop-tx', 'aborted', 1],
    ]);
    expect(kit.transactions[0]!.offsets).toEqual([{ consumerGroup: 'shop', topic: 'orders', partition: 0, offset: 1 }]);
    expect(kit.producedTo('invoices').map((m) => m.json())).toEqual([{ order: 1 }]);
    // The offset went with the committed transaction; the aborted one's did not, and the batch failed.
    expect(outcome.committedOffset).toBe(1);
    expect((outcome.error as Error).message).toBe('unlucky order');
  });

  it("captures the partitions' transactional producers of the transactionalProducers setting", async () => {
    const app = new App({
      clientId: 'shop',
      kafka: { 'bootstrap.servers': '127.0.0.1:1' },
      logLevel: 'silent',
      transactionalProducers: { idPrefix: 'shop-tx' },
    });
    app.routes.draw((r) => r.topic('orders', { consumer: Transactional }));
    kit = new TestKit(app);
    const consumer = await kit.consumerFor('orders', { partition: 2 });
    consumer.feed({ id: 5 });
    const outcome = await consumer.consume();
    expect(outcome.error).toBeUndefined();
    expect(kit.transactions.map((t) => [t.transactionalId, t.state])).toEqual([['shop-tx:shop:orders:2', 'committed']]);
    expect(outcome.committedOffset).toBe(1);
    expect(kit.producedTo('invoices').map((m) => m.json())).toEqual([{ order: 5 }]);
  });

  it('captures a producer given to the app (transactional stays transactional, its middleware runs)', async () => {
    const given = new Producer({
      kafka: { 'bootstrap.servers': '127.0.0.1:1', 'transactional.id': 'given' },
      id: 'given-producer',
      middleware: [(m) => ({ ...m, headers: { ...m.headers, stamped: 'yes' } })],
    });
    const app = newApp({}, given);
    kit = new TestKit(app);
    expect(app.producer).not.toBe(given);
    expect(app.producer.transactional).toBe(true);
    await app.producer.transaction((tx) => tx.produceSync({ topic: 'out', payload: 'x' }));
    expect(kit.producedTo('out')[0]!.headers).toEqual({ stamped: 'yes' });
    kit.restore();
    expect(app.producer).toBe(given);
  });

  it('retries, then sends the failing message to the dead letter queue with its source headers and goes on', async () => {
    const app = newApp();
    app.routes.draw((r) =>
      r.topic('orders', { consumer: FailingOnTwo, deadLetterQueue: { topic: 'orders-dlq', maxRetries: 2 } }),
    );
    kit = new TestKit(app);
    const consumer = await kit.consumerFor('orders');
    consumer.feed({ id: 1 });
    consumer.feed({ id: 2 }, { key: 'order-2', headers: { origin: 'web' } });
    consumer.feed({ id: 3 });

    const first = await consumer.consume();
    expect(first.error).toBeInstanceOf(TypeError);
    expect(first.markedOffset).toBe(1);
    expect(first.deadLetters).toEqual([]);
    expect((await consumer.consume()).deadLetters).toEqual([]);

    const last = await consumer.consume();
    expect(last.deadLetters).toHaveLength(1);
    const [dead] = last.deadLetters;
    expect(dead).toMatchObject({ sourceOffset: 1, attempts: 3, topic: 'orders-dlq' });
    expect(dead!.message).toMatchObject({
      topic: 'orders-dlq',
      key: 'order-2',
      headers: {
        origin: 'web',
        source_topic: 'orders',
        source_partition: '0',
        source_offset: '1',
        source_consumer_group: 'shop',
        source_attempts: '3',
        source_error_class: 'TypeError',
        source_error_message: 'cannot process order 2',
      },
    });
    expect(dead!.message!.json()).toEqual({ id: 2 });
    // Message 3 ran after the dispatch, in the same consume().
    expect(last.markedOffset).toBe(3);
    expect(kit.producedTo('orders-dlq')).toHaveLength(1);
  });
});
