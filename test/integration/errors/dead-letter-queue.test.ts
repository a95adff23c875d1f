import { describe, expect, it } from 'vitest';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import type { KafkaMessage } from '../../../src/kafka/types.js';
import { rdkafkaDrivers } from '../../../src/kafka/drivers.js';
import type { ConsumerClass } from '../../../src/routing/consumer-feature.js';
import { recordEvents, startEmbedded, testApp } from '../../support/app.js';
import { consumerSettings, createTopic, produceMessages, uniqueName } from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';

const FAST_RETRIES = { timeout: 10, maxTimeout: 20, withExponentialBackoff: true };

/** Reads every message of a one-partition topic (from the start) until `count` arrived. */
async function readAll(topic: string, count: number): Promise<KafkaMessage[]> {
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
  } finally {
    await consumer.close();
  }
  return messages;
}

/** A consumer class that throws on the payload 'poison' and marks every other message; `processed` gets their offsets. */
function poisonConsumer(processed: number[], reason = 'poison'): ConsumerClass<string | null> {
  return class PoisonConsumer extends BaseConsumer<string | null> {
    consume(): void {
      for (const message of this.messages) {
        if (message.payload === 'poison') throw new Error(reason);
        processed.push(message.offset);
        this.markAsConsumed(message);
      }
    }
  };
}

function header(message: KafkaMessage, key: string): string | undefined {
  return message.headers.find((h) => h.key === key)?.value.toString();
}

describe('dead letter queue', () => {
  it('dispatches a poison message after maxRetries attempts, with its key, headers and source headers', async () => {
    const topic = await createTopic(uniqueName('dlq-source'));
    const dlq = await createTopic(uniqueName('dlq-target'));
    await produceMessages(topic, 100, {
      payload: (i) => (i === 42 ? 'poison' : `ok-${String(i)}`),
      key: (i) => `key-${String(i)}`,
      headers: (i) => [{ key: 'trace', value: Buffer.from(`t${String(i)}`) }],
    });
    const processed: number[] = [];
    const PoisonConsumer = poisonConsumer(processed, 'cannot handle poison');
    const app = testApp({ pause: FAST_RETRIES, maxMessages: 10 });
    app.routes.draw((r) =>
      r.topic(topic, {
        consumer: PoisonConsumer,
        deserializer: 'string',
        deadLetterQueue: { topic: dlq, maxRetries: 2 },
      }),
    );
    const events = recordEvents(app, 'error.occurred', 'dead_letter_queue.dispatched');
    await startEmbedded(app);
    await waitUntil(() => processed.length === 99, { description: '99 healthy messages processed' });

    const errors = events.filter((e) => e.name === 'error.occurred' && e.payload.type === 'consumer.consume.error');
    expect(errors).toHaveLength(3);
    expect(processed).not.toContain(42);
    const [dead] = await readAll(dlq, 1);
    expect(dead?.value?.toString()).toBe('poison');
    expect(dead?.key?.toString()).toBe('key-42');
    expect(header(dead!, 'trace')).toBe('t42');
    expect(header(dead!, 'source_topic')).toBe(topic);
    expect(header(dead!, 'source_partition')).toBe('0');
    expect(header(dead!, 'source_offset')).toBe('42');
    expect(header(dead!, 'source_consumer_group')).toBe(app.routes.defaultConsumerGroupName);
    expect(header(dead!, 'source_attempts')).toBe('3');
    expect(header(dead!, 'source_error_class')).toBe('Error');
    expect(header(dead!, 'source_error_message')).toBe('cannot handle poison');
    const dispatched = events.filter((e) => e.name === 'dead_letter_queue.dispatched');
    expect(dispatched).toHaveLength(1);
    expect(dispatched[0]?.payload).toMatchObject({ offset: 42, deadLetterTopic: dlq, attempts: 3 });
  });

  it('dispatches at once with maxRetries 0: one error, one dead letter', async () => {
    const topic = await createTopic(uniqueName('dlq0-source'));
    const dlq = await createTopic(uniqueName('dlq0-target'));
    await produceMessages(topic, 3, { payload: (i) => (i === 1 ? 'poison' : 'ok') });
    const processed: number[] = [];
    const PoisonConsumer = poisonConsumer(processed, 'poison');
    const app = testApp({ pause: FAST_RETRIES });
    app.routes.draw((r) =>
      r.topic(topic, {
        consumer: PoisonConsumer,
        deserializer: 'string',
        deadLetterQueue: { topic: dlq, maxRetries: 0 },
      }),
    );
    const errors = recordEvents(app, 'error.occurred');
    await startEmbedded(app);
    await waitUntil(() => processed.length === 2, { description: 'the two healthy messages' });
    expect(processed).toEqual([0, 2]);
    expect(errors.filter((e) => e.payload.type === 'consumer.consume.error')).toHaveLength(1);
    expect((await readAll(dlq, 1)).map((m) => m.value?.toString())).toEqual(['poison']);
  });

  it('dispatches nothing when the error goes away within maxRetries', async () => {
    const topic = await createTopic(uniqueName('dlq-recover'));
    const dlq = await createTopic(uniqueName('dlq-recover-target'));
    await produceMessages(topic, 5);
    let failures = 0;
    let processed = 0;
    class FlakyConsumer extends BaseConsumer {
      consume(): void {
        if (failures < 2) {
          failures += 1;
          throw new Error('transient');
        }
        processed += this.messages.length;
      }
    }
    const app = testApp({ pause: FAST_RETRIES });
    app.routes.draw((r) => r.topic(topic, { consumer: FlakyConsumer, deadLetterQueue: { topic: dlq, maxRetries: 2 } }));
    const dispatched = recordEvents(app, 'dead_letter_queue.dispatched');
    await startEmbedded(app);
    await waitUntil(() => processed === 5, { description: 'all 5 messages after two failures' });
    expect(dispatched).toEqual([]);
  });

  it('with independent retries, progress resets the count and rolling errors reach nothing', async () => {
    const topic = await createTopic(uniqueName('dlq-independent'));
    await produceMessages(topic, 10);
    const failedAt = new Set<number>();
    const processed: number[] = [];
    class RollingConsumer extends BaseConsumer {
      consume(): void {
        for (const message of this.messages) {
          // Every message fails once, then succeeds: errors roll forward while progress is made.
          if (!failedAt.has(message.offset)) {
            failedAt.add(message.offset);
            throw new Error(`first try of ${String(message.offset)}`);
          }
          processed.push(message.offset);
          this.markAsConsumed(message);
        }
      }
    }
    const app = testApp({ pause: FAST_RETRIES, maxMessages: 10 });
    app.routes.draw((r) =>
      r.topic(topic, {
        consumer: RollingConsumer,
        deadLetterQueue: { topic: uniqueName('never-used'), maxRetries: 1, independent: true },
      }),
    );
    const dispatched = recordEvents(app, 'dead_letter_queue.dispatched');
    await startEmbedded(app);
    await waitUntil(() => processed.length === 10, { description: 'all 10 messages processed' });
    expect(processed).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(dispatched).toEqual([]);
  });

  it('skips without dispatching when the dead letter topic is false', async () => {
    const topic = await createTopic(uniqueName('dlq-skip'));
    await produceMessages(topic, 3, { payload: (i) => (i === 1 ? 'poison' : 'ok') });
    const processed: number[] = [];
    const PoisonConsumer = poisonConsumer(processed, 'poison');
    const app = testApp({ pause: FAST_RETRIES });
    app.routes.draw((r) =>
      r.topic(topic, {
        consumer: PoisonConsumer,
        deserializer: 'string',
        deadLetterQueue: { topic: false, maxRetries: 1 },
      }),
    );
    const dispatched = recordEvents(app, 'dead_letter_queue.dispatched');
    await startEmbedded(app);
    await waitUntil(() => processed.length === 2, { description: 'the two healthy messages' });
    expect(dispatched.map((e) => e.payload.deadLetterTopic)).toEqual([false]);
  });

  it('dispatches by hand with dispatchToDlq() and marks the message', async () => {
    const topic = await createTopic(uniqueName('dlq-manual'));
    const dlq = await createTopic(uniqueName('dlq-manual-target'));
    await produceMessages(topic, 3, { payload: (i) => `m${String(i)}` });
    const processed: string[] = [];
    class SortingConsumer extends BaseConsumer<string | null> {
      async consume(): Promise<void> {
        for (const message of this.messages) {
          if (message.payload === 'm1') await this.dispatchToDlq(message);
          else processed.push(String(message.payload));
        }
      }
    }
    const app = testApp();
    app.routes.draw((r) =>
      r.topic(topic, { consumer: SortingConsumer, deserializer: 'string', deadLetterQueue: { topic: dlq } }),
    );
    await startEmbedded(app);
    await waitUntil(() => processed.length === 2, { description: 'm0 and m2 processed' });
    expect((await readAll(dlq, 1)).map((m) => m.value?.toString())).toEqual(['m1']);
  });
});
