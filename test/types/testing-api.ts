/**
 * The API of karafka-ts/testing, typed: a consumer class given to consumerFor types its instance and what
 * feed() takes; outcomes and captured messages have precise types (unknown where a value can be anything,
 * never any). Lines marked below must not compile (checked by test/unit/routing/route-types.test.ts).
 */
import { App, BaseConsumer } from 'karafka-ts';
import {
  type ConsumeOutcome,
  type DeadLetter,
  type ProducedMessage,
  type ProducedTransaction,
  type TestConsumer,
  TestKit,
} from 'karafka-ts/testing';

interface Order {
  readonly id: number;
}

class OrdersConsumer extends BaseConsumer<Order> {
  readonly saved: Order[] = [];
  consume(): void {
    for (const message of this.messages) this.saved.push(message.payload);
  }
}

const kit = new TestKit(new App({ clientId: 'types' }));

export async function typedConsumer(): Promise<void> {
  const consumer: TestConsumer<OrdersConsumer> = await kit.consumerFor('orders', { consumer: OrdersConsumer });
  const saved: Order[] = consumer.instance.saved;
  void saved;
  consumer.feed({ id: 1 }, { key: 'k', headers: { trace: ['a', 'b'] }, partition: 0, timestamp: new Date() });
  consumer.feed(Buffer.from('{"id":2}'));
  consumer.feed(null);
  // @ts-expect-error Type 'string' is not assignable to type 'number'
  consumer.feed({ id: 'one' });
  // @ts-expect-error is not assignable to type
  consumer.feed({ id: 1 }, { partition: '0' });

  const outcome: ConsumeOutcome = await consumer.consume();
  const marked: number | undefined = outcome.markedOffset;
  const committed: number | undefined = outcome.committedOffset;
  void [marked, committed];
  // @ts-expect-error is of type 'unknown'
  void outcome.error.message;
  const dead: readonly DeadLetter[] = outcome.deadLetters;
  const copy: ProducedMessage | undefined = dead[0]?.message;
  const parsed: unknown = copy?.json();
  void parsed;
  // @ts-expect-error is of type 'unknown'
  void copy?.json().id;
}

export async function untypedConsumer(): Promise<void> {
  const consumer: TestConsumer = await kit.consumerFor('events', { consumerGroup: 'audit', partition: 2 });
  consumer.feed({ anything: ['goes'] });
  await consumer.revoked({ lost: true });
  // @ts-expect-error is not assignable to type
  await kit.consumerFor('events', { consumer: Date });
}

export function captured(): void {
  const produced: ProducedMessage[] = kit.producedTo('out');
  const key: string | null = produced[0]?.key ?? null;
  const headers: Readonly<Record<string, string>> | undefined = produced[0]?.headers;
  const transactions: readonly ProducedTransaction[] = kit.transactions;
  const state: 'open' | 'committed' | 'aborted' | undefined = transactions[0]?.state;
  void [key, headers, state];
  kit.reset();
  kit.restore();
}
