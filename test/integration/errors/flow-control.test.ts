import { describe, expect, it } from 'vitest';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import { recordEvents, startEmbedded, testApp } from '../../support/app.js';
import { createTopic, produceMessages, uniqueName, waitForCommittedOffsets } from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';

describe('flow control from the consumer', () => {
  it('seeks to an offset, to a time, to the earliest and to the latest message', async () => {
    const topic = await createTopic(uniqueName('seek'));
    const base = Date.now() - 60_000;
    await produceMessages(topic, 20, { timestamp: (i) => base + i * 1_000 });
    const firsts: number[] = [];
    let step = 0;
    let firstOfBatch = true;
    class SeekingConsumer extends BaseConsumer {
      async consume(): Promise<void> {
        firsts.push(this.messages.first()!.offset);
        for (const message of this.messages) {
          if (step === 0 && message.offset === 10) {
            step = 1;
            return this.seek(3);
          }
          if (step === 1 && message.offset === 10) {
            step = 2;
            return this.seek(new Date(base + 15_000));
          }
          if (step === 2 && message.offset === 19) {
            step = 3;
            return this.seek('earliest');
          }
          if (step === 3 && firstOfBatch) {
            step = 4;
            return this.seek('latest');
          }
        }
        firstOfBatch = true;
      }
    }
    const app = testApp();
    app.routes.draw((r) => r.topic(topic, { consumer: SeekingConsumer }));
    const seeks = recordEvents(app, 'consumer.consuming.seek');
    await startEmbedded(app);
    await waitUntil(() => step === 4 && seeks.length === 4, { description: 'the four seeks' });
    // 'latest' resolves when the client applies the seek: keep producing until a new message shows up.
    await waitUntil(
      async () => {
        await produceMessages(topic, 1, { payload: () => 'after latest' });
        return firsts.length >= 5;
      },
      { description: () => `a message produced after seeking to latest (firsts: ${firsts.join(',')})` },
    );
    expect(firsts.slice(0, 4)).toEqual([0, 3, 15, 0]);
    expect(firsts[4]).toBeGreaterThanOrEqual(20);
    expect(seeks.map((e) => e.payload.offset)).toEqual([3, 15, -2, -1]);
  });

  it('resets the attempt count after a seek', async () => {
    const topic = await createTopic(uniqueName('seek-attempt'));
    await produceMessages(topic, 1);
    const attempts: number[] = [];
    class RetryThenSeekConsumer extends BaseConsumer {
      async consume(): Promise<void> {
        attempts.push(this.attempt);
        if (attempts.length < 3) throw new Error('not yet');
        if (attempts.length === 3) await this.seek(0);
      }
    }
    const app = testApp({ pause: { timeout: 10, maxTimeout: 20, withExponentialBackoff: true } });
    app.routes.draw((r) => r.topic(topic, { consumer: RetryThenSeekConsumer }));
    await startEmbedded(app);
    await waitUntil(() => attempts.length >= 4, { description: 'a run after the seek' });
    expect(attempts.slice(0, 4)).toEqual([1, 2, 3, 1]);
  });

  it('pauses until resume(), does not mark the paused batch, and goes on from the pause offset', async () => {
    const topic = await createTopic(uniqueName('pause'));
    const group = uniqueName('pause-group');
    await produceMessages(topic, 10);
    const processed: number[] = [];
    const pausedConsumers: BaseConsumer[] = [];
    class PausingConsumer extends BaseConsumer {
      consume(): void {
        for (const message of this.messages) {
          if (message.offset === 5 && pausedConsumers.length === 0) {
            pausedConsumers.push(this);
            this.markAsConsumed(this.messages.at(4)!);
            this.pause(5, Infinity);
            return;
          }
          processed.push(message.offset);
        }
      }
    }
    const app = testApp({ groupId: group, maxMessages: 10 });
    app.routes.draw((r) => r.topic(topic, { consumer: PausingConsumer }));
    const events = recordEvents(app, 'consumer.consuming.', 'connection.listener.fetch_loop.received');
    await startEmbedded(app);
    await waitUntil(() => pausedConsumers.length > 0, { description: 'the consumer to pause' });
    const paused = pausedConsumers[0]!;
    const pollsAtPause = events.filter((e) => e.name === 'connection.listener.fetch_loop.received').length;
    await waitUntil(
      () => events.filter((e) => e.name === 'connection.listener.fetch_loop.received').length >= pollsAtPause + 5,
      {
        description: 'five polls while paused',
      },
    );
    expect(processed).toEqual([0, 1, 2, 3, 4]);
    // Only what was marked by hand is committed: the paused batch was not marked automatically.
    await paused.commitOffsets();
    await waitForCommittedOffsets(group, topic, new Map([[0, 5]]));

    paused.resume();
    await waitUntil(() => processed.length === 10, { description: 'offsets 5..9 after resume()' });
    expect(processed).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const pause = events.find((e) => e.name === 'consumer.consuming.pause');
    expect(pause?.payload).toMatchObject({ manual: true, offset: 5, timeout: Infinity, attempt: 0 });
    expect(events.some((e) => e.name === 'consumer.consuming.resume')).toBe(true);
  });

  it('does not keep a pause across a rebalance', async () => {
    const topic = await createTopic(uniqueName('pause-rebalance'), 2);
    const group = uniqueName('pause-rebalance-group');
    await produceMessages(topic, 5, { partition: 0 });
    await produceMessages(topic, 5, { partition: 1 });
    const processed = new Set<string>();
    const pausedAt: string[] = [];
    class PauseForeverConsumer extends BaseConsumer {
      consume(): void {
        const first = this.messages.first()!;
        if (pausedAt.length < 2 && !pausedAt.includes(String(this.partition))) {
          pausedAt.push(String(this.partition));
          this.pause(first.offset, Infinity);
          return;
        }
        for (const m of this.messages) processed.add(`${String(m.partition)}@${String(m.offset)}`);
      }
    }
    // Eager protocol: a member joining revokes and reassigns every partition.
    const kafka = { 'partition.assignment.strategy': 'range' };
    const first = testApp({ groupId: group, kafka });
    first.routes.draw((r) => r.topic(topic, { consumer: PauseForeverConsumer }));
    await startEmbedded(first);
    await waitUntil(() => pausedAt.length === 2, { description: 'both partitions paused forever' });

    const second = testApp({ groupId: group, kafka });
    second.routes.draw((r) => r.topic(topic, { consumer: PauseForeverConsumer }));
    await startEmbedded(second);
    await waitUntil(() => processed.size === 10, {
      description: 'all 10 messages once the rebalance dropped the pauses',
    });
  });

  it('resumes by itself after a timed pause', async () => {
    const topic = await createTopic(uniqueName('timed-pause'));
    await produceMessages(topic, 6);
    const processed: number[] = [];
    let pausedOnce = false;
    class TimedPauseConsumer extends BaseConsumer {
      consume(): void {
        for (const message of this.messages) {
          if (message.offset === 3 && !pausedOnce) {
            pausedOnce = true;
            this.pause(3, 50);
            return;
          }
          processed.push(message.offset);
        }
      }
    }
    const app = testApp();
    app.routes.draw((r) => r.topic(topic, { consumer: TimedPauseConsumer }));
    await startEmbedded(app);
    await waitUntil(() => processed.length === 6, { description: 'all 6 messages after the pause ends' });
    expect(processed).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('runs eofed() at the end of a partition, even on an empty topic', async () => {
    const topic = await createTopic(uniqueName('eof'));
    const calls: string[] = [];
    class EofConsumer extends BaseConsumer {
      consume(): void {
        calls.push(`consume ${String(this.messages.length)}`);
      }
      override eofed(): void {
        calls.push(`eofed ${String(this.partition)}`);
      }
    }
    const app = testApp();
    app.routes.draw((r) => r.topic(topic, { consumer: EofConsumer, eofed: true }));
    await startEmbedded(app);
    await waitUntil(() => calls.includes('eofed 0'), { description: 'eofed() on the empty partition' });
    await produceMessages(topic, 3);
    await waitUntil(() => calls.filter((c) => c === 'eofed 0').length === 2, { description: 'eofed() after the data' });
    expect(calls[0]).toBe('eofed 0');
    expect(calls.slice(1, -1).join(',')).toMatch(/^(consume \d+,?)+$/);
    expect(calls.at(-1)).toBe('eofed 0');
  });
});
