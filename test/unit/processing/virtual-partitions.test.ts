/**
 * Virtual partitions on the in-memory driver: a partition's batch split by key into jobs side by side, order
 * per key, the stored offset never passing a message not done (in random completion orders), marks from inside
 * a virtual partition, collapse and retry after an error, the dead letter queue in collapsed mode, revocation
 * waiting for every job, and the partitioner's failures.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import { MessageConsumer } from '../../../src/consumer/message-consumer.js';
import type { Message } from '../../../src/messages/message.js';
import { FakeCluster } from '../../support/fake-kafka.js';
import { PartitionHarness } from './partition-harness.js';

afterEach(() => {
  vi.useRealTimers();
});

const FAST = { timeout: 40, maxTimeout: 40, withExponentialBackoff: false };

/** `count` messages in one partition of `events`, key `k<i % keys>`, payload `m<i>` (or as given). */
function clusterWith(
  count: number,
  keys: number,
  payload: (i: number) => string = (i) => `m${String(i)}`,
): FakeCluster {
  const cluster = new FakeCluster();
  cluster.fill('events', 1, count, { key: (i) => `k${String(i % keys)}`, payload });
  return cluster;
}

interface Gate {
  readonly offsets: number[];
  readonly key: string;
  open: () => void;
}

/** A consumer whose every `consume()` waits until the test opens its gate; records what ran and when. */
function gatedConsumer(gates: Gate[], done: Set<number>, instances: Set<BaseConsumer>) {
  return class GatedConsumer extends BaseConsumer {
    async consume(): Promise<void> {
      instances.add(this);
      const offsets = this.messages.toArray().map((m) => m.offset);
      await new Promise<void>((open) => gates.push({ offsets, key: String(this.messages.first()?.key), open }));
      for (const offset of offsets) done.add(offset);
    }
  };
}

/** Resolves pending promise callbacks (the jobs' continuations) without letting time pass. */
async function flush(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await Promise.resolve();
}

describe('virtual partitions', () => {
  it('splits a batch by key into up to maxPartitions jobs side by side, one consumer per virtual partition', async () => {
    const gates: Gate[] = [];
    const instances = new Set<BaseConsumer>();
    const h = await PartitionHarness.start({
      cluster: clusterWith(40, 10),
      routes: {
        events: { consumer: gatedConsumer(gates, new Set(), instances), virtualPartitions: { maxPartitions: 4 } },
      },
      settings: { maxMessages: 20 },
      concurrency: 10,
    });
    await h.pump();
    await flush();
    expect(h.queue.statistics).toEqual({ busy: 4, enqueued: 0 });
    // 10 keys over 4 virtual partitions: 3, 3, 2 and 2 keys; every key in one job only.
    expect(gates.map((g) => g.offsets.length).sort()).toEqual([4, 4, 6, 6]);
    const keysOf = gates.map((g) => new Set(g.offsets.map((o) => o % 10)));
    expect(keysOf.flatMap((k) => [...k]).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(h.named('consumer.consume').map((e) => e.payload.messages)).toHaveLength(4);
    // Each job's events name its virtual partition.
    expect(
      h
        .named('consumer.consume')
        .map((e) => e.payload.virtualPartition)
        .sort(),
    ).toEqual([0, 1, 2, 3]);
    expect(instances.size).toBe(4);
    // The next batch is planned only once every job of this one finished.
    for (const gate of gates.splice(0, 3)) gate.open();
    await flush();
    expect(h.queue.statistics.busy).toBe(1);
    expect(h.named('consumer.virtual_partitions.consumed')).toHaveLength(0);
    gates.splice(0).forEach((g) => g.open());
    await flush();
    expect(h.queue.statistics.busy).toBe(4);
    // One event for the whole batch once its last job finished.
    const [first] = h.named('consumer.virtual_partitions.consumed');
    expect(first!.payload).toMatchObject({
      topic: 'events',
      partition: 0,
      messages: 20,
      firstOffset: 0,
      lastOffset: 19,
      virtualPartitions: 4,
      failed: 0,
    });
    expect(first!.payload.time).toBeGreaterThanOrEqual(0);
    expect(first!.payload).not.toHaveProperty('virtualPartition');
    gates.splice(0).forEach((g) => g.open());
    await h.drain();
    expect(instances.size).toBe(4);
    expect(h.driver.stored.get('events/0')).toBe(40);
    expect(h.named('consumer.virtual_partitions.consumed').map((e) => e.payload.firstOffset)).toEqual([0, 20]);
  });

  it('keeps every key in strictly increasing order across batches, with consistent and balanced distribution', async () => {
    for (const distribution of ['balanced', 'consistent'] as const) {
      const seen = new Map<string, number[]>();
      class KeyOrderConsumer extends BaseConsumer {
        async consume(): Promise<void> {
          for (const message of this.messages) {
            await new Promise((resolve) => setImmediate(resolve));
            const key = String(message.key);
            seen.set(key, [...(seen.get(key) ?? []), message.offset]);
          }
        }
      }
      const h = await PartitionHarness.start({
        cluster: clusterWith(300, 7),
        routes: { events: { consumer: KeyOrderConsumer, virtualPartitions: { maxPartitions: 3, distribution } } },
        settings: { maxMessages: 25 },
        concurrency: 5,
      });
      await h.settle();
      expect([...seen.values()].flat()).toHaveLength(300);
      for (const [key, offsets] of seen) {
        expect(offsets).toEqual(Array.from({ length: offsets.length }, (_, i) => Number(key.slice(1)) + i * 7));
      }
      expect(h.driver.stored.get('events/0')).toBe(300);
    }
  });

  it('places a key in the same virtual partition in every batch under consistent distribution', async () => {
    const placements = new Map<string, Set<BaseConsumer>>();
    class PlacementConsumer extends BaseConsumer {
      consume(): void {
        for (const message of this.messages) {
          const key = String(message.key);
          placements.set(key, (placements.get(key) ?? new Set()).add(this));
        }
      }
    }
    const h = await PartitionHarness.start({
      cluster: clusterWith(200, 9),
      routes: {
        events: { consumer: PlacementConsumer, virtualPartitions: { maxPartitions: 4, distribution: 'consistent' } },
      },
      settings: { maxMessages: 13 },
      concurrency: 4,
    });
    await h.settle();
    expect([...placements.values()].map((instances) => instances.size)).toEqual(Array(9).fill(1));
  });

  it('spreads messages without a key over every virtual partition', async () => {
    const cluster = new FakeCluster();
    cluster.fill('events', 1, 12);
    const sizes: number[] = [];
    class SizeConsumer extends BaseConsumer {
      consume(): void {
        sizes.push(this.messages.length);
      }
    }
    const h = await PartitionHarness.start({
      cluster,
      routes: { events: { consumer: SizeConsumer, virtualPartitions: { maxPartitions: 4 } } },
      concurrency: 4,
    });
    await h.settle();
    expect(sizes).toEqual([3, 3, 3, 3]);
  });

  it('never stores an offset past a message not done, whatever order the jobs finish in (200 random runs)', async () => {
    for (let seed = 1; seed <= 200; seed += 1) {
      let state = seed;
      const next = (): number => {
        state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
        return state / 2_147_483_648;
      };
      const gates: Gate[] = [];
      const done = new Set<number>();
      const total = 20 + Math.floor(next() * 40);
      const h = await PartitionHarness.start({
        cluster: clusterWith(total, 1 + Math.floor(next() * 12)),
        routes: {
          events: {
            consumer: gatedConsumer(gates, done, new Set()),
            virtualPartitions: { maxPartitions: 1 + Math.floor(next() * 6) },
          },
        },
        settings: { maxMessages: 1 + Math.floor(next() * 15) },
        concurrency: 8,
      });
      await h.pump();
      await flush();
      while (gates.length > 0) {
        gates.splice(Math.floor(next() * gates.length), 1)[0]!.open();
        await flush();
        const stored = h.driver.stored.get('events/0') ?? 0;
        const lowestNotDone = Array.from({ length: total }, (_, i) => i).find((o) => !done.has(o)) ?? total;
        if (stored > lowestNotDone) {
          throw new Error(`seed ${String(seed)}: stored ${String(stored)} while ${String(lowestNotDone)} is not done`);
        }
      }
      expect(h.driver.stored.get('events/0')).toBe(total);
    }
  });

  it('counts a mark from inside a virtual partition only once everything below it is done (manual offsets)', async () => {
    const gates: Gate[] = [];
    const marks: boolean[] = [];
    class MarkingConsumer extends BaseConsumer {
      async consume(): Promise<void> {
        const last = this.messages.last()!;
        await new Promise<void>((open) => gates.push({ offsets: [last.offset], key: String(last.key), open }));
        marks.push(this.markAsConsumed(last));
      }
    }
    const h = await PartitionHarness.start({
      cluster: clusterWith(6, 3),
      routes: {
        events: { consumer: MarkingConsumer, manualOffsetManagement: true, virtualPartitions: { maxPartitions: 3 } },
      },
      concurrency: 3,
    });
    await h.pump();
    await flush();
    // Jobs: k0 = 0,3; k1 = 1,4; k2 = 2,5. k2 and k1 mark first: 0 is not done yet, so 0 is what may be stored.
    const byLast = new Map(gates.map((g) => [g.offsets[0]!, g]));
    byLast.get(5)!.open();
    byLast.get(4)!.open();
    await flush();
    expect(h.driver.stored.get('events/0')).toBe(0);
    byLast.get(3)!.open();
    await flush();
    expect([h.driver.stored.get('events/0'), marks]).toEqual([6, [true, true, true]]);
  });

  it('holds the stored offset below a message a manual-offsets consumer left unmarked, across later batches', async () => {
    // A mark covers the earlier messages of its virtual partition's batch: leave key k4 of the first batch (4, 9)
    // unmarked, mark everything else.
    class SkippingConsumer extends BaseConsumer {
      consume(): void {
        for (const message of this.messages) {
          if (message.offset >= 10 || message.key !== 'k4') this.markAsConsumed(message);
        }
      }
    }
    const h = await PartitionHarness.start({
      cluster: clusterWith(30, 5),
      routes: {
        events: { consumer: SkippingConsumer, manualOffsetManagement: true, virtualPartitions: { maxPartitions: 5 } },
      },
      settings: { maxMessages: 10 },
      concurrency: 5,
    });
    await h.settle();
    expect(h.driver.stored.get('events/0')).toBe(4);
  });

  it('collapses after an error: retries from the first message not done in one job until past it, then splits again', async () => {
    vi.useFakeTimers();
    const runs: { offsets: number[]; collapsed: boolean; attempt: number }[] = [];
    let failing = true;
    class FailOnceConsumer extends BaseConsumer {
      consume(): void {
        const offsets = this.messages.toArray().map((m) => m.offset);
        runs.push({ offsets, collapsed: this.collapsed, attempt: this.attempt });
        if (failing && offsets.includes(7)) {
          failing = false;
          throw new Error('fails once at 7');
        }
      }
    }
    const h = await PartitionHarness.start({
      cluster: clusterWith(20, 2),
      routes: { events: { consumer: FailOnceConsumer, virtualPartitions: { maxPartitions: 2 } } },
      settings: { maxMessages: 10, pause: FAST },
      concurrency: 2,
    });
    await h.settle();
    // Batch 0..9 split by key: odd offsets failed, even ones are done; only offset 0 could be stored... and
    // every even offset is done, so the first message not done is 1.
    expect(h.driver.stored.get('events/0')).toBe(1);
    expect(runs.map((r) => r.collapsed)).toEqual([false, false]);
    await h.advance(40);
    expect(runs.slice(2)).toEqual([
      { offsets: [1, 2, 3, 4, 5, 6, 7, 8, 9], collapsed: true, attempt: 2 },
      { offsets: [10, 12, 14, 16, 18], collapsed: false, attempt: 1 },
      { offsets: [11, 13, 15, 17, 19], collapsed: false, attempt: 1 },
    ]);
    expect(h.named('consumer.consuming.retry').map((e) => [e.payload.offset, e.payload.attempt])).toEqual([[1, 2]]);
    expect(h.driver.stored.get('events/0')).toBe(20);
    // The split batches each have their event (the failed one counts its failed job); the collapsed one has none.
    expect(
      h.named('consumer.virtual_partitions.consumed').map((e) => [e.payload.firstOffset, e.payload.failed]),
    ).toEqual([
      [0, 1],
      [10, 0],
    ]);
  });

  it('with a dead letter queue dispatches the failing message in collapsed mode after maxRetries, losing nothing', async () => {
    vi.useFakeTimers();
    const cluster = clusterWith(30, 5, (i) => (i === 12 ? 'poison' : `ok-${String(i)}`));
    cluster.createTopic('events-dlq');
    const processed: number[] = [];
    const collapsedAt: number[] = [];
    class PoisonConsumer extends MessageConsumer<string | null> {
      consumeMessage(message: Message<string | null>): void {
        if (this.collapsed) collapsedAt.push(message.offset);
        if (message.payload === 'poison') throw new Error('cannot handle poison');
        processed.push(message.offset);
      }
    }
    const h = await PartitionHarness.start({
      cluster,
      routes: {
        events: {
          consumer: PoisonConsumer,
          deserializer: 'string',
          virtualPartitions: { maxPartitions: 5 },
          deadLetterQueue: { topic: 'events-dlq', maxRetries: 2 },
        },
      },
      settings: { maxMessages: 10, pause: FAST },
      concurrency: 5,
    });
    await h.settle();
    for (let i = 0; i < 4; i += 1) await h.advance(40);
    expect(new Set(processed)).toEqual(new Set(Array.from({ length: 30 }, (_, i) => i).filter((i) => i !== 12)));
    expect(cluster.log('events-dlq').map((m) => m.value?.toString())).toEqual(['poison']);
    expect(h.named('dead_letter_queue.dispatched').map((e) => [e.payload.offset, e.payload.attempts])).toEqual([
      [12, 3],
    ]);
    // The collapsed runs started at the poison message (everything before it was done) and ended past the
    // failed job (key k2 of batch 10..19: 12 and 17).
    expect(Math.min(...collapsedAt)).toBe(12);
    expect(Math.max(...collapsedAt)).toBe(17);
    expect(h.driver.stored.get('events/0')).toBe(30);
  });

  it('waits for every virtual job on revocation; their marks count, then revoked() runs on every instance', async () => {
    const gates: Gate[] = [];
    const done = new Set<number>();
    const revoked: string[] = [];
    const Gated = gatedConsumer(gates, done, new Set());
    class RevokedConsumer extends Gated {
      override revoked(): void {
        revoked.push(`${String(this.isRevoked)}`);
      }
    }
    const cluster = clusterWith(12, 3);
    const h = await PartitionHarness.start({
      cluster,
      routes: { events: { consumer: RevokedConsumer, virtualPartitions: { maxPartitions: 3 } } },
      concurrency: 3,
    });
    await h.pump();
    await flush();
    let handed = false;
    const revocation = h.driver.revoke([{ topic: 'events', partition: 0 }]).then(() => (handed = true));
    await flush();
    gates.splice(0, 2).forEach((g) => g.open());
    await flush();
    expect(handed).toBe(false);
    gates.splice(0).forEach((g) => g.open());
    await revocation;
    expect(cluster.committedOffset(h.driver.group, 'events', 0)).toBe(12);
    expect(revoked).toEqual(['true', 'true', 'true']);
  });

  it('runs the batch as one job and reports the error when the partitioner throws', async () => {
    const sizes: number[] = [];
    class SizeConsumer extends BaseConsumer {
      consume(): void {
        sizes.push(this.messages.length);
      }
    }
    const h = await PartitionHarness.start({
      cluster: clusterWith(8, 8),
      routes: {
        events: {
          consumer: SizeConsumer,
          virtualPartitions: {
            partitioner: (message) => {
              if (message.offset === 3) throw new Error('no key for 3');
              return message.key;
            },
          },
        },
      },
      concurrency: 4,
    });
    await h.settle();
    expect(sizes).toEqual([8]);
    expect(h.errorTypes).toEqual(['consumer.virtual_partitions.partitioner.error']);
    expect(h.driver.stored.get('events/0')).toBe(8);
  });

  it('partitions by what the partitioner returns from the deserialized payload', async () => {
    const cluster = new FakeCluster();
    cluster.fill('events', 1, 12, { payload: (i) => JSON.stringify({ user: `u${String(i % 2)}` }) });
    const users: string[][] = [];
    class UserConsumer extends BaseConsumer<{ user: string }> {
      consume(): void {
        users.push([...new Set(this.messages.toArray().map((m) => m.payload.user))]);
      }
    }
    const h = await PartitionHarness.start({
      cluster,
      routes: {
        events: {
          consumer: UserConsumer,
          virtualPartitions: { partitioner: (message: Message<{ user: string }>) => message.payload.user },
        },
      },
      concurrency: 4,
    });
    await h.settle();
    expect(users.sort()).toEqual([['u0'], ['u1']]);
  });

  it('commits with markAsConsumedSync only what may be stored: never past a message not done', async () => {
    const gates: Gate[] = [];
    const results: boolean[] = [];
    class SyncMarkingConsumer extends BaseConsumer {
      async consume(): Promise<void> {
        const last = this.messages.last()!;
        await new Promise<void>((open) => gates.push({ offsets: [last.offset], key: String(last.key), open }));
        results.push(await this.markAsConsumedSync(last));
      }
    }
    const cluster = clusterWith(4, 2);
    const h = await PartitionHarness.start({
      cluster,
      routes: {
        events: {
          consumer: SyncMarkingConsumer,
          manualOffsetManagement: true,
          virtualPartitions: { maxPartitions: 2 },
        },
      },
      concurrency: 2,
    });
    await h.pump();
    await flush();
    // k1 (1, 3) marks 3 first: 0 is not done, so nothing past 0 is committed.
    gates.find((g) => g.offsets[0] === 3)!.open();
    await flush();
    expect(cluster.commits.map((c) => c.offset)).toEqual([0]);
    gates.find((g) => g.offsets[0] === 2)!.open();
    await flush();
    expect([cluster.commits.map((c) => c.offset), results]).toEqual([
      [0, 4],
      [true, true],
    ]);
  });

  it('quiets with jobs of a split batch still queued: they are dropped and shutdown() runs on the built consumers', async () => {
    const gates: Gate[] = [];
    const shutdowns: number[] = [];
    const Gated = gatedConsumer(gates, new Set(), new Set());
    class ShutdownConsumer extends Gated {
      override shutdown(): void {
        shutdowns.push(this.partition);
      }
    }
    const h = await PartitionHarness.start({
      cluster: clusterWith(9, 3),
      routes: { events: { consumer: ShutdownConsumer, virtualPartitions: { maxPartitions: 3 } } },
      concurrency: 1,
    });
    await h.pump();
    await flush();
    expect(h.queue.statistics).toEqual({ busy: 1, enqueued: 2 });
    h.scheduler.stopAcceptingWork();
    expect(h.queue.statistics).toEqual({ busy: 1, enqueued: 0 });
    const lifecycle = h.scheduler.runLifecycle('shutdown', h.scheduler.coordinators);
    gates.splice(0).forEach((g) => g.open());
    await lifecycle;
    expect(shutdowns).toEqual([0]);
    // Only the job that ran is done: nothing past its first message not done was stored.
    expect(h.driver.stored.get('events/0')).toBe(1);
  });

  it('pauses the whole partition from one virtual job: the others are not marked, processing resumes at the offset', async () => {
    const seen: number[] = [];
    let paused = false;
    class PausingConsumer extends BaseConsumer {
      consume(): void {
        for (const message of this.messages) seen.push(message.offset);
        if (!paused && this.messages.toArray().some((m) => m.offset === 4)) {
          paused = true;
          this.pause(2, Infinity);
        }
      }
    }
    const h = await PartitionHarness.start({
      cluster: clusterWith(10, 3),
      routes: { events: { consumer: PausingConsumer, virtualPartitions: { maxPartitions: 3 } } },
      concurrency: 3,
    });
    await h.settle();
    // Batch 0..9 ran (k1's job paused at offset 2); nothing past 2 was stored.
    expect(seen.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(h.driver.stored.get('events/0') ?? 0).toBeLessThanOrEqual(2);
    h.scheduler.resume(h.partition('events'));
    await h.settle();
    expect(seen.filter((o) => o >= 2).sort((a, b) => a - b)).toEqual([2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9]);
    expect(h.driver.stored.get('events/0')).toBe(10);
  });

  it('with a long-running job, releases the partition at once on revocation while its virtual jobs run', async () => {
    const gates: Gate[] = [];
    const done = new Set<number>();
    const cluster = clusterWith(6, 3);
    const h = await PartitionHarness.start({
      cluster,
      routes: {
        events: {
          consumer: gatedConsumer(gates, done, new Set()),
          virtualPartitions: { maxPartitions: 3 },
          longRunningJob: true,
        },
      },
      concurrency: 3,
    });
    await h.pump();
    await flush();
    expect([gates.length, h.driver.paused]).toEqual([3, ['events/0']]);
    await h.driver.revoke([{ topic: 'events', partition: 0 }]);
    expect(h.partition('events').ownership.state).toBe('released');
    gates.splice(0).forEach((g) => g.open());
    await h.drain();
    // Their marks came after the release: refused, nothing stored or committed.
    expect([done.size, cluster.committedOffset(h.driver.group, 'events', 0)]).toEqual([6, undefined]);
  });
});
