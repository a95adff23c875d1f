import { describe, expect, it } from 'vitest';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import { recordEvents, startEmbedded, testApp } from '../../support/app.js';
import { createTopic, produceMessages, uniqueName, waitForCommittedOffsets } from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';

describe('retries with backoff', () => {
  for (const exponential of [true, false]) {
    it(`${exponential ? 'grows the backoff exponentially up to maxTimeout' : 'keeps a constant backoff'}`, async () => {
      const topic = await createTopic(uniqueName('backoff'));
      await produceMessages(topic, 1);
      const attempts: number[] = [];
      const seenAttempt: number[] = [];
      class FailingConsumer extends BaseConsumer {
        consume(): void {
          attempts.push(Date.now());
          seenAttempt.push(this.attempt);
          throw new Error('always failing');
        }
      }
      const app = testApp({ pause: { timeout: 40, maxTimeout: 160, withExponentialBackoff: exponential } });
      app.routes.draw((r) => r.topic(topic, { consumer: FailingConsumer }));
      const pauses = recordEvents(app, 'consumer.consuming.pause');
      await startEmbedded(app);
      await waitUntil(() => attempts.length >= 6, { description: '6 attempts of the failing batch' });

      const timeouts = pauses.slice(0, 5).map((e) => e.payload.timeout);
      expect(timeouts).toEqual(exponential ? [40, 80, 160, 160, 160] : [40, 40, 40, 40, 40]);
      expect(pauses.slice(0, 5).map((e) => e.payload.attempt)).toEqual([1, 2, 3, 4, 5]);
      expect(pauses.every((e) => e.payload.manual === false)).toBe(true);
      // Each retry waited at least the announced backoff.
      for (let i = 1; i < 6; i += 1)
        expect(attempts[i]! - attempts[i - 1]!).toBeGreaterThanOrEqual(timeouts[i - 1]! as number);
      expect(seenAttempt.slice(0, 4)).toEqual([1, 2, 3, 4]);
    });
  }

  it('re-processes only the failing message when the one before it was marked', async () => {
    const topic = await createTopic(uniqueName('mark-then-fail'));
    await produceMessages(topic, 5);
    const processed: number[] = [];
    let failed = false;
    class MarkingConsumer extends BaseConsumer {
      consume(): void {
        for (const message of this.messages) {
          processed.push(message.offset);
          if (message.offset === 3) this.markAsConsumed(message);
          if (message.offset === 4 && !failed) {
            failed = true;
            throw new Error('fails once at the last message');
          }
        }
      }
    }
    const app = testApp({ maxMessages: 5, pause: { timeout: 10, maxTimeout: 10, withExponentialBackoff: false } });
    app.routes.draw((r) => r.topic(topic, { consumer: MarkingConsumer }));
    await startEmbedded(app);
    await waitUntil(() => processed.length >= 6, { description: 'the batch and its retry' });
    expect(processed).toEqual([0, 1, 2, 3, 4, 4]);
  });

  it('retries the whole batch when nothing was marked', async () => {
    const topic = await createTopic(uniqueName('fail-whole'));
    await produceMessages(topic, 5);
    const processed: number[] = [];
    let failed = false;
    class FailOnceConsumer extends BaseConsumer {
      consume(): void {
        for (const message of this.messages) processed.push(message.offset);
        if (!failed) {
          failed = true;
          throw new Error('fails once');
        }
      }
    }
    const app = testApp({ maxMessages: 5, pause: { timeout: 10, maxTimeout: 10, withExponentialBackoff: false } });
    app.routes.draw((r) => r.topic(topic, { consumer: FailOnceConsumer }));
    await startEmbedded(app);
    await waitUntil(() => processed.length >= 10, { description: 'the batch and its retry' });
    expect(processed).toEqual([0, 1, 2, 3, 4, 0, 1, 2, 3, 4]);
  });

  it('never lets an always-failing partition slow the healthy ones, even with one worker', async () => {
    const topic = await createTopic(uniqueName('isolation'), 3);
    for (let p = 0; p < 3; p += 1) await produceMessages(topic, 100, { partition: p });
    const healthy = new Map<number, number>();
    class PartlyFailingConsumer extends BaseConsumer {
      consume(): void {
        if (this.partition === 0) throw new Error('partition 0 always fails');
        healthy.set(this.partition, (healthy.get(this.partition) ?? 0) + this.messages.length);
      }
    }
    const app = testApp({
      concurrency: 1,
      maxMessages: 10,
      pause: { timeout: 50, maxTimeout: 1_000, withExponentialBackoff: true },
    });
    app.routes.draw((r) => r.topic(topic, { consumer: PartlyFailingConsumer }));
    await startEmbedded(app);
    await waitUntil(() => healthy.get(1) === 100 && healthy.get(2) === 100, {
      description: 'partitions 1 and 2 to finish 100 messages each',
    });
  });

  it('stops the server on a critical error without retrying, and the restart re-processes the message', async () => {
    class PoisonError extends Error {}
    const topic = await createTopic(uniqueName('critical'));
    const group = uniqueName('critical-group');
    await produceMessages(topic, 3);
    const processed: number[] = [];
    class CriticalConsumer extends BaseConsumer {
      consume(): void {
        for (const message of this.messages) {
          processed.push(message.offset);
          if (message.offset === 1) throw new PoisonError('cannot go on');
          this.markAsConsumed(message);
        }
      }
    }
    const first = testApp({ groupId: group, criticalErrors: [PoisonError] });
    first.routes.draw((r) =>
      r.topic(topic, {
        consumer: CriticalConsumer,
        manualOffsetManagement: true,
        deadLetterQueue: { topic: uniqueName('never-used-dlq'), maxRetries: 0 },
      }),
    );
    const dispatched = recordEvents(first, 'dead_letter_queue.dispatched');
    await startEmbedded(first);
    await first.status.waitFor('terminated');
    expect(processed).toEqual([0, 1]);
    expect(dispatched).toEqual([]);
    await waitForCommittedOffsets(group, topic, new Map([[0, 1]]));

    const restarted: number[] = [];
    class HealedConsumer extends BaseConsumer {
      consume(): void {
        for (const message of this.messages) restarted.push(message.offset);
      }
    }
    const second = testApp({ groupId: group });
    second.routes.draw((r) => r.topic(topic, { consumer: HealedConsumer }));
    await startEmbedded(second);
    await waitUntil(() => restarted.length >= 2, { description: 'the restart to process offsets 1 and 2' });
    expect(restarted).toEqual([1, 2]);
  });
});
