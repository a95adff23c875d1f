/**
 * The scheduler on the in-memory driver: order per partition, back-pressure, end of partition, dropped data,
 * quiet and lifecycle jobs.
 */
import { describe, expect, it } from 'vitest';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import { runsOf } from '../../../src/kafka/fetched-runs.js';
import type { KafkaMessage } from '../../../src/kafka/types.js';
import { FakeCluster } from '../../support/fake-kafka.js';
import { PartitionHarness } from './partition-harness.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('partition scheduler', () => {
  it('runs one job per partition at a time, in offset order, and partitions side by side', async () => {
    const cluster = new FakeCluster();
    cluster.fill('events', 2, 40);
    const gate = deferred();
    const running = new Map<number, number>();
    let mostAtOnce = 0;
    let sameAtOnce = 0;
    const seen = new Map<number, number[]>();
    class GatedConsumer extends BaseConsumer {
      async consume(): Promise<void> {
        running.set(this.partition, (running.get(this.partition) ?? 0) + 1);
        sameAtOnce = Math.max(sameAtOnce, running.get(this.partition)!);
        mostAtOnce = Math.max(
          mostAtOnce,
          [...running.values()].reduce((a, b) => a + b, 0),
        );
        await gate.promise;
        seen.set(this.partition, [
          ...(seen.get(this.partition) ?? []),
          ...this.messages.toArray().map((m) => m.offset),
        ]);
        running.set(this.partition, running.get(this.partition)! - 1);
      }
    }
    const h = await PartitionHarness.start({
      cluster,
      routes: { events: { consumer: GatedConsumer } },
      settings: { maxMessages: 5 },
      concurrency: 4,
    });
    await h.pump();
    expect(h.queue.statistics).toEqual({ busy: 2, enqueued: 0 });
    gate.resolve();
    await h.settle();
    expect([mostAtOnce, sameAtOnce]).toEqual([2, 1]);
    expect(seen.get(0)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(seen.get(1)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect([h.driver.stored.get('events/0'), h.driver.stored.get('events/1')]).toEqual([20, 20]);
  });

  it('pauses fetching of a full partition and resumes it once half of the buffer was processed', async () => {
    const cluster = new FakeCluster();
    cluster.fill('events', 1, 100);
    const gate = deferred();
    let processed = 0;
    class GatedConsumer extends BaseConsumer {
      async consume(): Promise<void> {
        await gate.promise;
        processed += this.messages.length;
      }
    }
    const h = await PartitionHarness.start({
      cluster,
      routes: { events: { consumer: GatedConsumer } },
      settings: { maxMessages: 10, maxBufferedMessages: 40 },
    });
    await h.pump(50);
    // 10 taken by the running job, 40 buffered: full.
    expect([h.partition('events').bufferedMessages, h.driver.paused]).toEqual([40, ['events/0']]);
    expect((await h.pump()).messages).toEqual([]);
    gate.resolve();
    await h.drain();
    expect(h.driver.paused).toEqual([]);
    await h.settle();
    expect(processed).toBe(100);
  });

  it('runs eofed() at the end of a partition, also on an empty one, and only once nothing newer came', async () => {
    const cluster = new FakeCluster();
    cluster.createTopic('events');
    const calls: string[] = [];
    class EofConsumer extends BaseConsumer {
      consume(): void {
        calls.push(
          `consume ${this.messages
            .toArray()
            .map((m) => m.offset)
            .join(',')}`,
        );
      }
      override eofed(): void {
        calls.push('eofed');
      }
    }
    const h = await PartitionHarness.start({ cluster, routes: { events: { consumer: EofConsumer, eofed: true } } });
    await h.settle();
    expect(calls).toEqual(['eofed']);
    cluster.fill('events', 1, 3);
    await h.settle();
    expect(calls).toEqual(['eofed', 'consume 0,1,2', 'eofed']);
    // An end reported before newer data was processed is not run: the next end will come.
    h.scheduler.eof(h.partition('events'), 2);
    await h.drain();
    expect(calls).toHaveLength(3);
  });

  it('ignores ends of partition of topics without eofed', async () => {
    const cluster = new FakeCluster();
    cluster.createTopic('events');
    let eofed = 0;
    class EofConsumer extends BaseConsumer {
      consume(): void {}
      override eofed(): void {
        eofed += 1;
      }
    }
    const h = await PartitionHarness.start({ cluster, routes: { events: { consumer: EofConsumer } } });
    h.scheduler.eof(h.partition('events'), 0);
    await h.settle();
    expect(eofed).toBe(0);
  });

  it('drops data of a partition waiting for a seek, and of one being revoked', async () => {
    const cluster = new FakeCluster();
    cluster.fill('events', 1, 5);
    const seen: number[] = [];
    class RecordingConsumer extends BaseConsumer {
      consume(): void {
        for (const m of this.messages) seen.push(m.offset);
      }
    }
    const h = await PartitionHarness.start({ cluster, routes: { events: { consumer: RecordingConsumer } } });
    const stale: KafkaMessage[] = cluster.log('events').slice(0, 2);
    const coordinator = h.partition('events');
    coordinator.requestSeek(3);
    h.scheduler.distribute(runsOf(stale));
    await h.drain();
    expect(seen).toEqual([]);
    await h.settle();
    expect(seen).toEqual([3, 4]);
    coordinator.ownership.beginRevoke();
    h.scheduler.distribute(runsOf(stale));
    await h.drain();
    expect(seen).toEqual([3, 4]);
  });

  it('on quiet drops queued jobs and fetched data, lets the running job finish, then runs shutdown() hooks', async () => {
    const cluster = new FakeCluster();
    cluster.fill('events', 2, 20);
    const gate = deferred();
    const calls: string[] = [];
    class GatedConsumer extends BaseConsumer {
      async consume(): Promise<void> {
        calls.push(`consume ${String(this.partition)}`);
        await gate.promise;
      }
      override shutdown(): void {
        calls.push(`shutdown ${String(this.partition)}`);
      }
    }
    const h = await PartitionHarness.start({
      cluster,
      routes: { events: { consumer: GatedConsumer } },
      settings: { maxMessages: 5 },
    });
    await h.pump();
    expect(h.queue.statistics).toEqual({ busy: 1, enqueued: 1 });
    h.scheduler.stopAcceptingWork();
    expect(h.queue.statistics).toEqual({ busy: 1, enqueued: 0 });
    expect(h.scheduler.bufferedMessages).toBe(0);
    h.scheduler.distribute(runsOf(cluster.log('events', 1)));
    const lifecycle = h.scheduler.runLifecycle('shutdown', h.scheduler.coordinators);
    gate.resolve();
    await lifecycle;
    // Partition 1's consumer was never built: no shutdown() for it.
    expect(calls).toEqual(['consume 0', 'shutdown 0']);
    expect(h.driver.stored.get('events/0')).toBe(5);
  });

  it('finds the partition whose job runs past an age', async () => {
    const cluster = new FakeCluster();
    cluster.fill('events', 1, 1);
    const gate = deferred();
    class GatedConsumer extends BaseConsumer {
      async consume(): Promise<void> {
        await gate.promise;
      }
    }
    const h = await PartitionHarness.start({ cluster, routes: { events: { consumer: GatedConsumer } } });
    await h.pump();
    expect(h.scheduler.overdue(60_000)).toBeUndefined();
    expect(h.scheduler.overdue(-1)).toBe(h.partition('events'));
    gate.resolve();
    await h.drain();
    expect(h.scheduler.overdue(-1)).toBeUndefined();
  });

  it('gives a partition assigned again a fresh coordinator and refuses marks of the one it replaced', async () => {
    const cluster = new FakeCluster();
    cluster.fill('events', 1, 1);
    const marks: boolean[] = [];
    const gate = deferred();
    class SlowConsumer extends BaseConsumer {
      async consume(): Promise<void> {
        await gate.promise;
        marks.push(this.markAsConsumed(this.messages.last()!));
      }
    }
    const h = await PartitionHarness.start({ cluster, routes: { events: { consumer: SlowConsumer } } });
    await h.pump();
    const first = h.partition('events');
    h.scheduler.assign([{ topic: 'events', partition: 0 }]);
    expect(h.partition('events')).not.toBe(first);
    expect(first.ownership.state).toBe('lost');
    gate.resolve();
    await h.drain();
    expect(marks).toEqual([false]);
    expect(h.driver.stored.size).toBe(0);
  });

  it('fails and retries a batch whose consumer cannot be built, never skipping it', async () => {
    const cluster = new FakeCluster();
    cluster.fill('events', 1, 3);
    let builds = 0;
    const seen: number[] = [];
    class FragileConsumer extends BaseConsumer {
      constructor() {
        super();
        builds += 1;
        if (builds === 1) throw new Error('not ready yet');
      }
      consume(): void {
        for (const m of this.messages) seen.push(m.offset);
      }
    }
    const h = await PartitionHarness.start({
      cluster,
      routes: { events: { consumer: FragileConsumer } },
      settings: { pause: { timeout: 1, maxTimeout: 1, withExponentialBackoff: false } },
    });
    await h.settle();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await h.settle();
    expect(h.errorTypes).toEqual(['consumer.initialized.error']);
    expect([seen, h.driver.stored.get('events/0')]).toEqual([[0, 1, 2], 3]);
  });
});
