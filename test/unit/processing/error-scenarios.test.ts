/**
 * The scenarios of test/integration/errors/ (retries, dead letter queue, critical errors, manual offsets,
 * pause, resume and seek) replayed on the in-memory driver, with fake timers for backoffs and pauses. The
 * broker tests prove the same end to end; these run in milliseconds and pin the core's decisions.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import { MessageConsumer } from '../../../src/consumer/message-consumer.js';
import type { Message } from '../../../src/messages/message.js';
import type { ConsumerClass } from '../../../src/routing/consumer-feature.js';
import { FakeCluster } from '../../support/fake-kafka.js';
import { PartitionHarness } from './partition-harness.js';

const FAST = { timeout: 40, maxTimeout: 160, withExponentialBackoff: true };

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

/** A cluster with `count` messages in one partition of `events`, payload `m<i>` (or as given). */
function clusterWith(count: number, payload: (i: number) => string = (i) => `m${String(i)}`): FakeCluster {
  const cluster = new FakeCluster();
  cluster.fill('events', 1, count, { payload, key: (i) => `key-${String(i)}` });
  return cluster;
}

describe('retries with backoff', () => {
  for (const exponential of [true, false]) {
    it(`${exponential ? 'grows the backoff exponentially up to maxTimeout' : 'keeps a constant backoff'}`, async () => {
      const attempts: { at: number; attempt: number }[] = [];
      class FailingConsumer extends BaseConsumer {
        consume(): void {
          attempts.push({ at: Date.now(), attempt: this.attempt });
          throw new Error('always failing');
        }
      }
      const h = await PartitionHarness.start({
        cluster: clusterWith(1),
        routes: { events: { consumer: FailingConsumer } },
        settings: { pause: { ...FAST, withExponentialBackoff: exponential } },
      });
      await h.settle();
      for (let i = 0; i < 5; i += 1) {
        // Nothing runs before the backoff is over.
        await h.advance(Number(h.named('consumer.consuming.pause').at(-1)!.payload.timeout) - 1);
        expect(attempts).toHaveLength(i + 1);
        await h.advance(1);
        expect(attempts).toHaveLength(i + 2);
      }
      const pauses = h.named('consumer.consuming.pause').slice(0, 5);
      expect(pauses.map((e) => e.payload.timeout)).toEqual(
        exponential ? [40, 80, 160, 160, 160] : [40, 40, 40, 40, 40],
      );
      expect(pauses.map((e) => [e.payload.attempt, e.payload.manual, e.payload.offset])).toEqual(
        [1, 2, 3, 4, 5].map((attempt) => [attempt, false, 0]),
      );
      expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(h.named('consumer.consuming.retry').map((e) => e.payload.attempt)).toEqual([2, 3, 4, 5, 6]);
      // The failing partition keeps fetching (only the consumer waits) and nothing was stored.
      expect(h.driver.stored.size).toBe(0);
    });
  }

  it('re-processes only the failing message when the one before it was marked', async () => {
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
    const h = await PartitionHarness.start({
      cluster: clusterWith(5),
      routes: { events: { consumer: MarkingConsumer } },
      settings: { maxMessages: 5, pause: FAST },
    });
    await h.settle();
    await h.advance(40);
    expect(processed).toEqual([0, 1, 2, 3, 4, 4]);
    expect(h.driver.stored.get('events/0')).toBe(5);
  });

  it('retries the whole batch when nothing was marked', async () => {
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
    const h = await PartitionHarness.start({
      cluster: clusterWith(5),
      routes: { events: { consumer: FailOnceConsumer } },
      settings: { maxMessages: 5, pause: FAST },
    });
    await h.settle();
    await h.advance(40);
    expect(processed).toEqual([0, 1, 2, 3, 4, 0, 1, 2, 3, 4]);
  });

  it('never lets a failing partition hold the healthy ones back, even with one worker', async () => {
    const cluster = new FakeCluster();
    cluster.fill('events', 3, 30);
    const healthy = new Map<number, number>();
    class PartlyFailingConsumer extends BaseConsumer {
      consume(): void {
        if (this.partition === 0) throw new Error('partition 0 always fails');
        healthy.set(this.partition, (healthy.get(this.partition) ?? 0) + this.messages.length);
      }
    }
    const h = await PartitionHarness.start({
      cluster,
      routes: { events: { consumer: PartlyFailingConsumer } },
      settings: { maxMessages: 2, pause: FAST },
    });
    await h.settle();
    expect([healthy.get(1), healthy.get(2)]).toEqual([10, 10]);
  });

  it('stops on a critical error without retrying or dispatching', async () => {
    class PoisonError extends Error {}
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
    const h = await PartitionHarness.start({
      cluster: clusterWith(3),
      routes: {
        events: {
          consumer: CriticalConsumer,
          manualOffsetManagement: true,
          deadLetterQueue: { topic: 'never-used', maxRetries: 0 },
        },
      },
      settings: { criticalErrors: [PoisonError] },
    });
    await h.settle();
    await h.advance(10_000);
    expect(processed).toEqual([0, 1]);
    expect(h.criticalErrors).toHaveLength(1);
    expect(h.criticalErrors[0]).toBeInstanceOf(PoisonError);
    expect(h.named('dead_letter_queue.dispatched')).toEqual([]);
    expect(h.driver.stored.get('events/0')).toBe(1);
  });
});

describe('dead letter queue', () => {
  /** Throws on the payload 'poison', marks every other message. */
  function poisonConsumer(processed: number[]): ConsumerClass<string | null> {
    return class PoisonConsumer extends BaseConsumer<string | null> {
      consume(): void {
        for (const message of this.messages) {
          if (message.payload === 'poison') throw new Error('cannot handle poison');
          processed.push(message.offset);
          this.markAsConsumed(message);
        }
      }
    };
  }

  it('dispatches a poison message after maxRetries attempts with its key and source headers, then goes on', async () => {
    const cluster = clusterWith(30, (i) => (i === 12 ? 'poison' : `ok-${String(i)}`));
    cluster.createTopic('events-dlq');
    const processed: number[] = [];
    const h = await PartitionHarness.start({
      cluster,
      routes: {
        events: {
          consumer: poisonConsumer(processed),
          deserializer: 'string',
          deadLetterQueue: { topic: 'events-dlq', maxRetries: 2 },
        },
      },
      settings: { maxMessages: 10, pause: FAST },
    });
    await h.settle();
    await h.advance(40);
    await h.advance(80);
    expect(processed).toEqual([...Array.from({ length: 30 }, (_, i) => i)].filter((i) => i !== 12));
    expect(h.errorTypes).toEqual(['consumer.consume.error', 'consumer.consume.error', 'consumer.consume.error']);
    const [dead] = cluster.log('events-dlq');
    const header = (name: string): string | undefined => dead?.headers.find((hd) => hd.key === name)?.value.toString();
    expect([dead?.value?.toString(), dead?.key?.toString()]).toEqual(['poison', 'key-12']);
    expect(
      ['source_topic', 'source_partition', 'source_offset', 'source_attempts', 'source_error_message'].map(header),
    ).toEqual(['events', '0', '12', '3', 'cannot handle poison']);
    expect(h.named('dead_letter_queue.dispatched').map((e) => e.payload)).toMatchObject([
      { offset: 12, deadLetterTopic: 'events-dlq', attempts: 3 },
    ]);
    expect(h.driver.stored.get('events/0')).toBe(30);
  });

  it('dispatches at once with maxRetries 0, and skips without dispatching for topic false', async () => {
    for (const topic of ['events-dlq', false] as const) {
      const cluster = clusterWith(3, (i) => (i === 1 ? 'poison' : 'ok'));
      const processed: number[] = [];
      const h = await PartitionHarness.start({
        cluster,
        routes: {
          events: {
            consumer: poisonConsumer(processed),
            deserializer: 'string',
            deadLetterQueue: { topic, maxRetries: 0 },
          },
        },
      });
      await h.settle();
      expect(processed).toEqual([0, 2]);
      expect(h.errorTypes).toEqual(['consumer.consume.error']);
      expect(h.named('dead_letter_queue.dispatched').map((e) => e.payload.deadLetterTopic)).toEqual([topic]);
      expect(cluster.log('events-dlq').map((m) => m.value?.toString())).toEqual(topic === false ? [] : ['poison']);
    }
  });

  it('retries after a failed dispatch and dispatches on the next attempt; nothing is marked past it meanwhile', async () => {
    const cluster = clusterWith(3, (i) => (i === 1 ? 'poison' : 'ok'));
    cluster.failNextProduces = 1;
    const processed: number[] = [];
    const h = await PartitionHarness.start({
      cluster,
      routes: {
        events: {
          consumer: poisonConsumer(processed),
          deserializer: 'string',
          deadLetterQueue: { topic: 'events-dlq', maxRetries: 0 },
        },
      },
      settings: { pause: FAST },
    });
    await h.settle();
    expect(h.errorTypes).toEqual([
      'consumer.consume.error',
      'producer.delivery.error',
      'dead_letter_queue.dispatch.error',
    ]);
    expect(h.driver.stored.get('events/0')).toBe(1);
    await h.advance(40);
    expect(processed).toEqual([0, 2]);
    expect(cluster.log('events-dlq').map((m) => m.value?.toString())).toEqual(['poison']);
    expect(h.driver.stored.get('events/0')).toBe(3);
  });

  it('dispatches nothing when the error goes away within maxRetries', async () => {
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
    const h = await PartitionHarness.start({
      cluster: clusterWith(5),
      routes: { events: { consumer: FlakyConsumer, deadLetterQueue: { topic: 'events-dlq', maxRetries: 2 } } },
      settings: { pause: FAST },
    });
    await h.settle();
    await h.advance(40);
    await h.advance(80);
    expect(processed).toBe(5);
    expect(h.named('dead_letter_queue.dispatched')).toEqual([]);
  });

  it('with independent retries, progress restarts the count, so errors rolling forward reach nothing', async () => {
    const failedAt = new Set<number>();
    const processed: number[] = [];
    class RollingConsumer extends BaseConsumer {
      consume(): void {
        for (const message of this.messages) {
          if (!failedAt.has(message.offset)) {
            failedAt.add(message.offset);
            throw new Error(`first try of ${String(message.offset)}`);
          }
          processed.push(message.offset);
          this.markAsConsumed(message);
        }
      }
    }
    const h = await PartitionHarness.start({
      cluster: clusterWith(10),
      routes: {
        events: { consumer: RollingConsumer, deadLetterQueue: { topic: 'never', maxRetries: 1, independent: true } },
      },
      settings: { maxMessages: 10, pause: { timeout: 10, maxTimeout: 10, withExponentialBackoff: false } },
    });
    await h.settle();
    for (let i = 0; i < 10; i += 1) await h.advance(10);
    expect(processed).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(h.named('dead_letter_queue.dispatched')).toEqual([]);
  });

  it('counts retries per message for a MessageConsumer: each message is retried, then dispatched alone', async () => {
    const cluster = clusterWith(4, (i) => (i === 2 ? 'poison' : 'ok'));
    const seen: string[] = [];
    class EachConsumer extends MessageConsumer<string | null> {
      consumeMessage(message: Message<string | null>): void {
        seen.push(`${String(message.offset)}#${String(this.attempt)}`);
        if (message.payload === 'poison') throw new Error('poison');
      }
    }
    const h = await PartitionHarness.start({
      cluster,
      routes: {
        events: { consumer: EachConsumer, deserializer: 'string', deadLetterQueue: { topic: 'dlq', maxRetries: 1 } },
      },
      settings: { pause: FAST },
    });
    await h.settle();
    await h.advance(40);
    expect(seen).toEqual(['0#1', '1#1', '2#1', '2#2', '3#1']);
    expect(cluster.log('dlq').map((m) => m.offset)).toEqual([0]);
    expect(h.driver.stored.get('events/0')).toBe(4);
  });

  it('dispatches by hand with dispatchToDlq() and marks the message; refuses without a dead letter queue', async () => {
    const processed: string[] = [];
    const refusals: string[] = [];
    class SortingConsumer extends BaseConsumer<string | null> {
      async consume(): Promise<void> {
        for (const message of this.messages) {
          if (message.payload === 'm1') {
            await this.dispatchToDlq(message).catch((error: unknown) => refusals.push((error as Error).message));
          } else processed.push(String(message.payload));
        }
      }
    }
    const cluster = clusterWith(3);
    cluster.fill('plain', 1, 2, { payload: (i) => `m${String(i)}` });
    const h = await PartitionHarness.start({
      cluster,
      routes: {
        events: { consumer: SortingConsumer, deserializer: 'string', deadLetterQueue: { topic: 'events-dlq' } },
        plain: { consumer: SortingConsumer, deserializer: 'string' },
      },
    });
    await h.settle();
    expect(processed).toEqual(['m0', 'm2', 'm0']);
    expect(cluster.log('events-dlq').map((m) => m.value?.toString())).toEqual(['m1']);
    expect(refusals).toEqual(["Topic 'plain' has no deadLetterQueue: add one to its route to dispatch"]);
    expect(h.named('dead_letter_queue.dispatched').map((e) => e.payload.offset)).toEqual([1]);
  });
});

describe('manual offset management', () => {
  it('with a synchronous mark after every message and one error, processes each message once', async () => {
    const counts = new Map<number, number>();
    let failed = false;
    const marks: boolean[] = [];
    class SyncMarkingConsumer extends BaseConsumer {
      async consume(): Promise<void> {
        for (const message of this.messages) {
          if (message.offset === 50 && !failed) {
            failed = true;
            throw new Error('fails once at 50');
          }
          counts.set(message.offset, (counts.get(message.offset) ?? 0) + 1);
          marks.push(await this.markAsConsumedSync(message));
        }
      }
    }
    const cluster = clusterWith(100);
    const h = await PartitionHarness.start({
      cluster,
      routes: { events: { consumer: SyncMarkingConsumer, manualOffsetManagement: true } },
      settings: { maxMessages: 30, pause: FAST },
    });
    await h.settle();
    await h.advance(40);
    expect(counts.size).toBe(100);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(marks.every(Boolean)).toBe(true);
    expect(cluster.committedOffset(h.driver.group, 'events', 0)).toBe(100);
    expect(cluster.commits).toHaveLength(100);
  });

  it('marks nothing automatically, and retries from the last marked position even across batches', async () => {
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
    const h = await PartitionHarness.start({
      cluster: clusterWith(20),
      routes: { events: { consumer: BatchMarkingConsumer, manualOffsetManagement: true } },
      settings: { maxMessages: 10, pause: FAST },
    });
    await h.settle();
    await h.advance(40);
    // 0..14 fails at 14; the retry restarts at the last mark (5), before the failing batch: a seek back.
    expect(processed).toEqual([
      ...Array.from({ length: 15 }, (_, i) => i),
      ...Array.from({ length: 15 }, (_, i) => i + 5),
    ]);
    expect(h.driver.stored.get('events/0')).toBe(5);
  });
});

describe('flow control from the consumer', () => {
  it('pauses until resume(): the paused batch is not marked, fetching stops, and it goes on from the pause offset', async () => {
    const processed: number[] = [];
    const pausedBy: BaseConsumer[] = [];
    class PausingConsumer extends BaseConsumer {
      consume(): void {
        for (const message of this.messages) {
          if (message.offset === 5 && pausedBy.length === 0) {
            pausedBy.push(this);
            this.markAsConsumed(this.messages.at(4)!);
            this.pause(5, Infinity);
            return;
          }
          processed.push(message.offset);
        }
      }
    }
    const h = await PartitionHarness.start({
      cluster: clusterWith(10),
      routes: { events: { consumer: PausingConsumer } },
      settings: { maxMessages: 10 },
    });
    await h.settle();
    await h.advance(60_000);
    expect(processed).toEqual([0, 1, 2, 3, 4]);
    expect(h.driver.stored.get('events/0')).toBe(5);
    expect(h.driver.paused).toEqual(['events/0']);
    pausedBy[0]!.resume();
    await h.settle();
    expect(processed).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(h.driver.paused).toEqual([]);
    expect(h.named('consumer.consuming.pause')[0]?.payload).toMatchObject({
      manual: true,
      offset: 5,
      timeout: Infinity,
      attempt: 0,
    });
    expect(h.named('consumer.consuming.resume')).toHaveLength(1);
  });

  it('resumes by itself after a timed pause', async () => {
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
    const h = await PartitionHarness.start({
      cluster: clusterWith(6),
      routes: { events: { consumer: TimedPauseConsumer } },
    });
    await h.settle();
    await h.advance(49);
    expect(processed).toEqual([0, 1, 2]);
    await h.advance(1);
    expect(processed).toEqual([0, 1, 2, 3, 4, 5]);
    expect(h.named('consumer.consuming.resume')).toHaveLength(1);
  });

  it('keeps a pause through a failure of the paused batch (the backoff does not end it)', async () => {
    const processed: number[] = [];
    const paused: BaseConsumer[] = [];
    class PauseThenThrowConsumer extends BaseConsumer {
      consume(): void {
        if (paused.length === 0) {
          paused.push(this);
          this.pause(0, Infinity);
          throw new Error('after pausing');
        }
        for (const message of this.messages) processed.push(message.offset);
      }
    }
    const h = await PartitionHarness.start({
      cluster: clusterWith(3),
      routes: { events: { consumer: PauseThenThrowConsumer } },
      settings: { pause: FAST },
    });
    await h.settle();
    await h.advance(1_000);
    expect(processed).toEqual([]);
    paused[0]!.resume();
    await h.settle();
    expect(processed).toEqual([0, 1, 2]);
  });

  it('seeks to an offset, to a time, to the earliest and to the latest message', async () => {
    const base = Date.now() - 60_000;
    const cluster = new FakeCluster();
    cluster.fill('events', 1, 20, { timestamp: (i) => base + i * 1_000 });
    const firsts: number[] = [];
    let step = 0;
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
          if (step === 3) {
            step = 4;
            return this.seek('latest');
          }
        }
      }
    }
    const h = await PartitionHarness.start({ cluster, routes: { events: { consumer: SeekingConsumer } } });
    await h.settle();
    cluster.fill('events', 1, 1, { partition: 0 });
    await h.settle();
    expect(firsts).toEqual([0, 3, 15, 0, 20]);
    expect(h.named('consumer.consuming.seek').map((e) => e.payload.offset)).toEqual([3, 15, -2, -1]);
    // A seeked batch is not marked automatically; the batches after it are.
    expect(h.driver.stored.get('events/0')).toBe(21);
  });

  it('resets the attempt count after a seek', async () => {
    const attempts: number[] = [];
    class RetryThenSeekConsumer extends BaseConsumer {
      async consume(): Promise<void> {
        attempts.push(this.attempt);
        if (attempts.length < 3) throw new Error('not yet');
        if (attempts.length === 3) await this.seek(0);
      }
    }
    const h = await PartitionHarness.start({
      cluster: clusterWith(1),
      routes: { events: { consumer: RetryThenSeekConsumer } },
      settings: { pause: FAST },
    });
    await h.settle();
    await h.advance(40);
    await h.advance(80);
    expect(attempts).toEqual([1, 2, 3, 1]);
  });

  it('refuses a seek target that is neither an offset, a time nor an end', async () => {
    const errors: string[] = [];
    class BadSeekConsumer extends BaseConsumer {
      async consume(): Promise<void> {
        await this.seek(-5).catch((error: unknown) => errors.push((error as Error).message));
      }
    }
    const h = await PartitionHarness.start({
      cluster: clusterWith(1),
      routes: { events: { consumer: BadSeekConsumer } },
    });
    await h.settle();
    expect(errors).toEqual(["seek() takes an offset >= 0, a Date, 'earliest' or 'latest', got -5"]);
  });
});
