/**
 * karafka-ts/testing against the real thing: a consumer that throws on the 2nd of 3 messages, routed with a
 * dead letter queue, run once by the toolkit (in memory) and once by the server on the broker. What goes to
 * the dead letter topic (key, payload, headers, source headers) and where the partition ends up (the toolkit's
 * marked offset, the group's committed offset on the broker) must be the same.
 */
import { describe, expect, it } from 'vitest';
import { Admin } from '../../../src/admin/admin.js';
import type { App } from '../../../src/app/app.js';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import type { KafkaHeader } from '../../../src/kafka/types.js';
import { TestKit } from '../../../src/testing/index.js';
import { startEmbedded, testApp } from '../../support/app.js';
import {
  baseSettings,
  createTopic,
  produceMessages,
  uniqueName,
  waitForCommittedOffsets,
} from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';

interface Order {
  readonly id: number;
}

/** Processes the batch in order and throws at order 2 (every attempt). */
class ThrowsOnSecond extends BaseConsumer<Order> {
  consume(): void {
    for (const message of this.messages) {
      if (message.payload.id === 2) throw new RangeError(`order ${String(message.payload.id)} is out of stock`);
      this.markAsConsumed(message);
    }
  }
}

/** The three messages, as fed to the toolkit and produced to the broker. */
const MESSAGES = [1, 2, 3].map((id) => ({
  payload: JSON.stringify({ id }),
  key: `order-${String(id)}`,
  headers: [{ key: 'origin', value: Buffer.from(`shop-${String(id)}`) }] as KafkaHeader[],
}));

/** A dead letter as compared: where it came from and what it carries (not where it landed in time). */
interface ComparableDeadLetter {
  readonly key: string | null;
  readonly payload: string | null;
  readonly headers: Record<string, string[]>;
}

function comparable(key: Buffer | null, value: Buffer | null, headers: readonly KafkaHeader[]): ComparableDeadLetter {
  const byName: Record<string, string[]> = {};
  for (const header of headers) (byName[header.key] ??= []).push(header.value.toString('utf8'));
  return { key: key?.toString('utf8') ?? null, payload: value?.toString('utf8') ?? null, headers: byName };
}

/** The app under test: the same route and settings for both runs. */
function appFor(source: string, deadLetters: string, group: string): App {
  const app = testApp({ groupId: group, pause: { timeout: 100, maxTimeout: 100, withExponentialBackoff: false } });
  app.routes.draw((r) =>
    r.topic(source, { consumer: ThrowsOnSecond, deadLetterQueue: { topic: deadLetters, maxRetries: 2 } }),
  );
  return app;
}

describe('karafka-ts/testing and the server agree', () => {
  it('on the dead letter (with its source headers) and the marked offset of a consumer that throws on the 2nd of 3 messages', async () => {
    const source = await createTopic(uniqueName('parity'));
    const deadLetters = await createTopic(uniqueName('parity-dlq'));
    const group = uniqueName('parity-group');

    // The toolkit: consume() again as the server's retries would, until nothing is left.
    const kit = new TestKit(appFor(source, deadLetters, group));
    const consumer = await kit.consumerFor(source);
    for (const m of MESSAGES) {
      consumer.feed(Buffer.from(m.payload), {
        key: m.key,
        headers: Object.fromEntries(m.headers.map((h) => [h.key, h.value])),
      });
    }
    const outcomes = [];
    for (let run = 0; run < 10 && consumer.markedOffset !== 3; run += 1) outcomes.push(await consumer.consume());
    kit.restore();
    const toolkitDeadLetters = kit.producedTo(deadLetters).map((m) => comparable(m.rawKey, m.payload, m.rawHeaders));
    const toolkitMarked = consumer.markedOffset;

    // The server on the broker, with the same messages.
    await produceMessages(source, 3, {
      payload: (i) => MESSAGES[i]!.payload,
      key: (i) => MESSAGES[i]!.key,
      headers: (i) => MESSAGES[i]!.headers,
    });
    const app = appFor(source, deadLetters, group);
    const embedded = await startEmbedded(app);
    await waitForCommittedOffsets(group, source, new Map([[0, 3]]), 60_000);
    await embedded.stop();
    const admin = new Admin({ kafka: baseSettings() });
    try {
      const read = await waitUntil(
        async () => {
          const messages = await admin.readTopic(deadLetters, 0, 10, 0);
          return messages.length > 0 ? messages : undefined;
        },
        { timeoutMs: 30_000, description: 'the dead letter on the broker' },
      );
      const serverDeadLetters = read.map((m) => comparable(m.key, m.value, m.headers));

      expect(toolkitDeadLetters).toEqual(serverDeadLetters);
      expect(toolkitDeadLetters).toEqual([
        {
          key: 'order-2',
          payload: '{"id":2}',
          headers: {
            origin: ['shop-2'],
            source_topic: [source],
            source_partition: ['0'],
            source_offset: ['1'],
            source_consumer_group: [group],
            source_attempts: ['3'],
            source_error_class: ['RangeError'],
            source_error_message: ['order 2 is out of stock'],
          },
        },
      ]);
      expect(toolkitMarked).toBe(3);
      // What the toolkit showed run by run: two retries, then the dispatch and the last message.
      expect(outcomes.map((o) => [o.markedOffset, o.deadLetters.length, o.retry?.attempt])).toEqual([
        [1, 0, 1],
        [1, 0, 2],
        [3, 1, undefined],
      ]);
    } finally {
      await admin.close();
    }
  });
});
