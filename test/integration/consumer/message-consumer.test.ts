/**
 * The per-message style against the real broker: retries and the dead letter queue per message, and payloads
 * checked by a route schema.
 */
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { MessageConsumer } from '../../../src/consumer/message-consumer.js';
import { rdkafkaDrivers } from '../../../src/kafka/drivers.js';
import type { KafkaMessage } from '../../../src/kafka/types.js';
import type { Message } from '../../../src/messages/message.js';
import { recordEvents, startEmbedded, testApp } from '../../support/app.js';
import {
  consumerSettings,
  createTopic,
  produceMessages,
  uniqueName,
  waitForCommittedOffsets,
} from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';

const FAST_RETRIES = { timeout: 10, maxTimeout: 20, withExponentialBackoff: true };

/** Every message of a one-partition topic, read from the start once its end offset is `count`. */
async function readTopic(topic: string, count: number): Promise<KafkaMessage[]> {
  const consumer = rdkafkaDrivers.consumer({ settings: consumerSettings(uniqueName('dlq-reader')) });
  await consumer.connect();
  consumer.subscribe([topic]);
  const messages: KafkaMessage[] = [];
  try {
    await waitUntil(
      async () => {
        messages.push(...(await consumer.poll(100, 200)).messages);
        return messages.length >= count;
      },
      { description: `${String(count)} message(s) on ${topic}`, intervalMs: 0 },
    );
    // Nothing more than `count` was ever written.
    expect((await consumer.watermarks(topic, 0, 10_000)).high).toBe(count);
  } finally {
    await consumer.close();
  }
  return messages;
}

const header = (message: KafkaMessage | undefined, key: string): string | undefined =>
  message?.headers.find((h) => h.key === key)?.value.toString();

describe('MessageConsumer', () => {
  it('sends only the failing 2nd of 3 messages to the DLQ; the 1st and 3rd are processed once', async () => {
    const topic = await createTopic(uniqueName('each-source'));
    const dlq = await createTopic(uniqueName('each-dlq'));
    await produceMessages(topic, 3, { payload: (i) => `m${String(i + 1)}` });
    const calls = new Map<string, number>();
    const done: string[] = [];
    class OrdersConsumer extends MessageConsumer<string | null> {
      consumeMessage(message: Message<string | null>): void {
        const payload = String(message.payload);
        calls.set(payload, (calls.get(payload) ?? 0) + 1);
        if (payload === 'm2') throw new Error('cannot handle m2');
        done.push(payload);
      }
    }
    const app = testApp({ pause: FAST_RETRIES });
    app.routes.draw((r) =>
      r.topic(topic, {
        consumer: OrdersConsumer,
        deserializer: 'string',
        deadLetterQueue: { topic: dlq, maxRetries: 1 },
      }),
    );
    const events = recordEvents(app, 'dead_letter_queue.dispatched', 'error.occurred');
    await startEmbedded(app);
    await waitUntil(() => done.includes('m3'), { description: 'm3 processed' });
    await waitForCommittedOffsets(app.routes.defaultConsumerGroupName, topic, new Map([[0, 3]]));

    const [dead] = await readTopic(dlq, 1);
    expect(dead?.value?.toString()).toBe('m2');
    expect(header(dead, 'source_offset')).toBe('1');
    expect(header(dead, 'source_attempts')).toBe('2');
    expect(header(dead, 'source_error_message')).toBe('cannot handle m2');
    expect(done).toEqual(['m1', 'm3']);
    expect(Object.fromEntries(calls)).toEqual({ m1: 1, m2: 2, m3: 1 });
    expect(events.filter((e) => e.name === 'dead_letter_queue.dispatched').map((e) => e.payload.offset)).toEqual([1]);
    expect(events.filter((e) => e.name === 'error.occurred').map((e) => e.payload.type)).toEqual([
      'consumer.consume.error',
      'consumer.consume.error',
    ]);
  });

  it('retries per message: a message that fails after another recovered still gets all its retries', async () => {
    const topic = await createTopic(uniqueName('each-retries'));
    const dlq = await createTopic(uniqueName('each-retries-dlq'));
    await produceMessages(topic, 3, { payload: (i) => `m${String(i + 1)}` });
    const calls = new Map<string, number>();
    class FlakyConsumer extends MessageConsumer<string | null> {
      consumeMessage(message: Message<string | null>): void {
        const payload = String(message.payload);
        const call = (calls.get(payload) ?? 0) + 1;
        calls.set(payload, call);
        // m1 fails once then recovers; m2 fails twice then recovers: with retries counted per batch run, m2's
        // second failure would be the third of the run and dispatch it.
        if ((payload === 'm1' && call === 1) || (payload === 'm2' && call <= 2))
          throw new Error(`${payload} #${String(call)}`);
      }
    }
    const app = testApp({ pause: FAST_RETRIES });
    app.routes.draw((r) =>
      r.topic(topic, {
        consumer: FlakyConsumer,
        deserializer: 'string',
        deadLetterQueue: { topic: dlq, maxRetries: 2 },
      }),
    );
    const dispatched = recordEvents(app, 'dead_letter_queue.dispatched');
    await startEmbedded(app);
    await waitForCommittedOffsets(app.routes.defaultConsumerGroupName, topic, new Map([[0, 3]]));
    expect(Object.fromEntries(calls)).toEqual({ m1: 2, m2: 3, m3: 1 });
    expect(dispatched).toEqual([]);
  });

  it('checks payloads with the route schema: an invalid one fails naming the field and goes to the DLQ', async () => {
    const topic = await createTopic(uniqueName('schema-source'));
    const dlq = await createTopic(uniqueName('schema-dlq'));
    const bodies = ['{"id":"a","total":10}', '{"id":"b","total":"ten"}', '{"id":"c","total":30}'];
    await produceMessages(topic, 3, { payload: (i) => bodies[i]! });
    const Order = z.object({ id: z.string(), total: z.number() });
    type Order = z.output<typeof Order>;
    const totals: number[] = [];
    class OrdersConsumer extends MessageConsumer<Order> {
      consumeMessage(message: Message<Order>): void {
        totals.push(message.payload.total);
      }
    }
    const app = testApp({ pause: FAST_RETRIES });
    app.routes.draw((r) =>
      r.topic(topic, { consumer: OrdersConsumer, schema: Order, deadLetterQueue: { topic: dlq, maxRetries: 0 } }),
    );
    const errors = recordEvents(app, 'error.occurred');
    await startEmbedded(app);
    await waitForCommittedOffsets(app.routes.defaultConsumerGroupName, topic, new Map([[0, 3]]));

    expect(totals).toEqual([10, 30]);
    const expected = `Invalid payload of ${topic}/0@1 (the route's zod schema): total: Invalid input: expected number, received string`;
    expect(String((errors[0]?.payload.error as Error | undefined)?.message)).toBe(expected);
    const [dead] = await readTopic(dlq, 1);
    expect(dead?.value?.toString()).toBe(bodies[1]);
    expect(header(dead, 'source_error_class')).toBe('PayloadValidationError');
    expect(header(dead, 'source_error_message')).toBe(expected);
  });
});
