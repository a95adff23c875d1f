import { describe, expect, it } from 'vitest';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import { startEmbedded, testApp } from '../../support/app.js';
import { createTopic, produceMessages, uniqueName, waitForCommittedOffsets } from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';

describe('manual offset management', () => {
  it('with a synchronous mark after every message and an error at message 50, processes each message once', async () => {
    const topic = await createTopic(uniqueName('manual-sync'));
    const group = uniqueName('manual-group');
    await produceMessages(topic, 100);
    const counts = new Map<number, number>();
    let failed = false;
    class SyncMarkingConsumer extends BaseConsumer {
      async consume(): Promise<void> {
        for (const message of this.messages) {
          if (message.offset === 50 && !failed) {
            failed = true;
            throw new Error('fails once at 50');
          }
          counts.set(message.offset, (counts.get(message.offset) ?? 0) + 1);
          expect(await this.markAsConsumedSync(message)).toBe(true);
        }
      }
    }
    const app = testApp({
      groupId: group,
      maxMessages: 30,
      pause: { timeout: 10, maxTimeout: 10, withExponentialBackoff: false },
    });
    app.routes.draw((r) => r.topic(topic, { consumer: SyncMarkingConsumer, manualOffsetManagement: true }));
    await startEmbedded(app);
    await waitUntil(() => counts.size === 100, { description: 'all 100 messages processed' });
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    await waitForCommittedOffsets(group, topic, new Map([[0, 100]]));
  });

  it('marks nothing automatically, and retries from the last marked position even across batches', async () => {
    const topic = await createTopic(uniqueName('manual-rewind'));
    const group = uniqueName('manual-rewind-group');
    await produceMessages(topic, 20);
    const processed: number[] = [];
    let failed = false;
    class BatchMarkingConsumer extends BaseConsumer {
      consume(): void {
        for (const message of this.messages) {
          processed.push(message.offset);
          if (message.offset === 4) this.markAsConsumed(message);
          if (message.offset === 14 && !failed) {
            failed = true;
            throw new Error('fails once at 14');
          }
        }
      }
    }
    const app = testApp({
      groupId: group,
      maxMessages: 10,
      pause: { timeout: 10, maxTimeout: 10, withExponentialBackoff: false },
    });
    app.routes.draw((r) => r.topic(topic, { consumer: BatchMarkingConsumer, manualOffsetManagement: true }));
    const embedded = await startEmbedded(app);
    await waitUntil(() => processed.length >= 30, { description: 'the batches and the retry from offset 5' });
    // First pass 0..14 fails at 14; the retry restarts at the last mark (5), before the failing batch.
    expect(processed.slice(0, 15)).toEqual(Array.from({ length: 15 }, (_, i) => i));
    expect(processed.slice(15, 30)).toEqual(Array.from({ length: 15 }, (_, i) => i + 5));
    await embedded.stop();
    await waitForCommittedOffsets(group, topic, new Map([[0, 5]]));
  });
});
