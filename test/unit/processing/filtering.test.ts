/**
 * Filters on the in-memory driver, with fake timers: expiring messages dropped and marked, throttling per
 * partition (pauses between windows, nothing lost or consumed twice), delayed consumption, a route's own filters
 * (drop, pause, seek, errors), what is marked when (trailing dropped messages, manual offsets), and filters in
 * front of virtual partitions.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import { ConfigurationError } from '../../../src/config/config-error.js';
import { App } from '../../../src/app/app.js';
import type { FilterFactory, MessageFilter } from '../../../src/routing/message-filter.js';
import { FakeCluster } from '../../support/fake-kafka.js';
import { PartitionHarness } from './partition-harness.js';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

/** A consumer recording the offsets it got (and when), per partition. */
function recorder(seen: { partition: number; offset: number; at: number }[]) {
  return class Recorder extends BaseConsumer {
    consume(): void {
      for (const m of this.messages) seen.push({ partition: m.partition, offset: m.offset, at: Date.now() });
    }
  };
}

const offsetsOf = (seen: { offset: number }[]): number[] => seen.map((s) => s.offset);

/** A filter dropping the messages whose payload `{ i }` is odd. */
const dropOdd: FilterFactory = () => ({
  name: 'drop-odd',
  apply: (messages) => ({ passed: messages.filter((m) => (m.payload as { i: number }).i % 2 === 0) }),
});

describe('expiring messages', () => {
  it('drops messages older than the age (never consumed) and marks past them', async () => {
    const now = Date.now();
    const cluster = new FakeCluster();
    // 0-4 and 8-9 are 10 s old; 5-7 are fresh.
    cluster.fill('events', 1, 10, { timestamp: (i) => (i >= 5 && i <= 7 ? now : now - 10_000) });
    const seen: { partition: number; offset: number; at: number }[] = [];
    const h = await PartitionHarness.start({
      cluster,
      routes: { events: { consumer: recorder(seen), expire: 5_000 } },
    });
    await h.settle();
    expect(offsetsOf(seen)).toEqual([5, 6, 7]);
    // The expired messages at the end are marked too: the group does not read them again.
    expect(h.driver.stored.get('events/0')).toBe(10);
    const [filtered] = h.named('consumer.filtered');
    expect(filtered!.payload).toMatchObject({ passed: 3, dropped: 7, deferred: 0, filters: ['expire'] });
  });

  it('a batch that expired entirely is never consumed and is marked', async () => {
    const cluster = new FakeCluster();
    cluster.fill('events', 1, 10, { timestamp: () => Date.now() - 60_000 });
    const seen: { partition: number; offset: number; at: number }[] = [];
    const h = await PartitionHarness.start({
      cluster,
      routes: { events: { consumer: recorder(seen), expire: 1_000 } },
      settings: { maxMessages: 4 },
    });
    await h.settle();
    expect(seen).toEqual([]);
    expect(h.named('consumer.consume')).toEqual([]);
    expect(h.driver.stored.get('events/0')).toBe(10);
  });
  it('keeps fetching when whole buffers of expired messages are dropped (back-pressure released)', async () => {
    const cluster = new FakeCluster();
    cluster.fill('events', 1, 60, { timestamp: (i) => (i < 59 ? Date.now() - 60_000 : Date.now()) });
    const seen: { partition: number; offset: number; at: number }[] = [];
    const h = await PartitionHarness.start({
      cluster,
      routes: { events: { consumer: recorder(seen), expire: 1_000 } },
      settings: { maxMessages: 5, maxBufferedMessages: 10 },
    });
    for (let turn = 0; turn < 20; turn += 1) await h.pump(10);
    await h.settle();
    expect(offsetsOf(seen)).toEqual([59]);
    expect(h.driver.stored.get('events/0')).toBe(60);
  });
});

describe('throttling', () => {
  it('consumes at most limit messages per interval per partition, pausing fetching between windows; nothing lost', async () => {
    const cluster = new FakeCluster();
    cluster.fill('events', 2, 50);
    const seen: { partition: number; offset: number; at: number }[] = [];
    const h = await PartitionHarness.start({
      cluster,
      routes: { events: { consumer: recorder(seen), throttle: { limit: 10, interval: 1_000 } } },
      settings: { maxMessages: 100 },
      concurrency: 2,
    });
    await h.settle();
    // Each partition (25 messages) has its own window: 10 each.
    expect(seen.filter((s) => s.partition === 0)).toHaveLength(10);
    expect(seen.filter((s) => s.partition === 1)).toHaveLength(10);
    expect(h.driver.paused.sort()).toEqual(['events/0', 'events/1']);
    const pauses = h.named('consumer.consuming.pause');
    expect(pauses.map((p) => [p.payload.partition, p.payload.filter, p.payload.offset, p.payload.timeout])).toEqual([
      [0, 'throttle', 10, 1_000],
      [1, 'throttle', 10, 1_000],
    ]);
    await h.advance(999);
    expect(seen).toHaveLength(20);
    await h.advance(1);
    expect(seen).toHaveLength(40);
    await h.advance(1_000);
    expect(seen).toHaveLength(50);
    for (const partition of [0, 1]) {
      const offsets = seen.filter((s) => s.partition === partition).map((s) => s.offset);
      expect(offsets).toEqual([...Array(25).keys()]);
    }
    // No 11 messages of a partition within one interval.
    for (const partition of [0, 1]) {
      const times = seen.filter((s) => s.partition === partition).map((s) => s.at);
      for (let i = 10; i < times.length; i += 1) expect(times[i]! - times[i - 10]!).toBeGreaterThanOrEqual(1_000);
    }
    expect(h.driver.stored.get('events/0')).toBe(25);
    expect(h.named('consumer.filtered')[0]!.payload).toMatchObject({
      passed: 10,
      dropped: 0,
      deferred: 15,
      action: 'pause',
      offset: 10,
      filters: ['throttle'],
    });
  });
});

describe('delayed consumption', () => {
  it('consumes a message only once its timestamp + delay passed, pausing until the next is due', async () => {
    const start = Date.now();
    const cluster = new FakeCluster();
    // Message i was produced at start + 100 i ms (in the future for the later ones, as a clock would have it).
    cluster.fill('events', 1, 10, { timestamp: (i) => start + 100 * i });
    const seen: { partition: number; offset: number; at: number }[] = [];
    const h = await PartitionHarness.start({ cluster, routes: { events: { consumer: recorder(seen), delay: 1_000 } } });
    await h.settle();
    expect(seen).toEqual([]);
    expect(h.named('consumer.consuming.pause').at(-1)!.payload).toMatchObject({ filter: 'delay', offset: 0 });
    for (let step = 0; step < 25; step += 1) await h.advance(100);
    expect(offsetsOf(seen)).toEqual([...Array(10).keys()]);
    for (const { offset, at } of seen) expect(at).toBeGreaterThanOrEqual(start + 100 * offset + 1_000);
    expect(h.driver.stored.get('events/0')).toBe(10);
  });
});

describe("a route's own filters", () => {
  it('drop messages; dropped messages at the end of a batch are marked', async () => {
    const cluster = new FakeCluster();
    cluster.fill('events', 1, 10);
    const seen: { partition: number; offset: number; at: number }[] = [];
    const h = await PartitionHarness.start({
      cluster,
      routes: { events: { consumer: recorder(seen), filters: [dropOdd] } },
      settings: { maxMessages: 5 },
    });
    await h.settle();
    expect(offsetsOf(seen)).toEqual([0, 2, 4, 6, 8]);
    expect(h.driver.stored.get('events/0')).toBe(10);
  });

  it('get a filter instance per partition, built when first needed', async () => {
    const cluster = new FakeCluster();
    cluster.fill('events', 3, 9);
    const built: string[] = [];
    const counting: FilterFactory = ({ topic, partition }) => {
      built.push(`${topic}/${String(partition)}`);
      let count = 0;
      return { name: 'first-two', apply: (messages) => ({ passed: messages.filter(() => (count += 1) <= 2) }) };
    };
    const seen: { partition: number; offset: number; at: number }[] = [];
    const h = await PartitionHarness.start({
      cluster,
      routes: { events: { consumer: recorder(seen), filters: [counting] } },
      settings: { maxMessages: 1 },
    });
    await h.settle();
    expect(built.sort()).toEqual(['events/0', 'events/1', 'events/2']);
    for (const partition of [0, 1, 2]) {
      expect(seen.filter((s) => s.partition === partition).map((s) => s.offset)).toEqual([0, 1]);
    }
  });

  it('under manual offsets, dropped messages are marked only once the consumer marked what it consumed', async () => {
    const cluster = new FakeCluster();
    cluster.fill('events', 1, 10);
    let markEven = false;
    const consumed: number[] = [];
    class Marking extends BaseConsumer {
      consume(): void {
        consumed.push(...this.messages.toArray().map((m) => m.offset));
        if (markEven) this.markAsConsumed(this.messages.last()!);
      }
    }
    const h = await PartitionHarness.start({
      cluster,
      routes: { events: { consumer: Marking, manualOffsetManagement: true, filters: [dropOdd] } },
      settings: { maxMessages: 4 },
    });
    await h.settle();
    // Nothing marked by the consumer: the dropped messages are not marked either.
    expect(consumed).toEqual([0, 2, 4, 6, 8]);
    expect(h.driver.stored.get('events/0')).toBeUndefined();

    const again = new FakeCluster();
    again.fill('events', 1, 10);
    markEven = true;
    const h2 = await PartitionHarness.start({
      cluster: again,
      routes: { events: { consumer: Marking, manualOffsetManagement: true, filters: [dropOdd] } },
      settings: { maxMessages: 4 },
    });
    await h2.settle();
    expect(h2.driver.stored.get('events/0')).toBe(10);
  });

  it('may pause the partition for a duration: nothing from the cursor on is consumed or marked until then', async () => {
    const cluster = new FakeCluster();
    cluster.fill('events', 1, 10);
    let paused = false;
    const pauseAt5: FilterFactory = () => ({
      name: 'hold-5',
      apply: (messages) => {
        const five = messages.find((m) => m.offset === 5);
        if (five === undefined || paused) return { passed: messages };
        paused = true;
        return { passed: messages, action: { kind: 'pause', from: 5, durationMs: 500 } };
      },
    });
    const seen: { partition: number; offset: number; at: number }[] = [];
    const h = await PartitionHarness.start({
      cluster,
      routes: { events: { consumer: recorder(seen), filters: [pauseAt5] } },
    });
    await h.settle();
    expect(offsetsOf(seen)).toEqual([0, 1, 2, 3, 4]);
    expect(h.driver.stored.get('events/0')).toBe(5);
    await h.advance(500);
    expect(offsetsOf(seen)).toEqual([...Array(10).keys()]);
    expect(h.named('consumer.consuming.resume')).toHaveLength(1);
  });

  it('may seek: messages from the seek offset on are not consumed now', async () => {
    const cluster = new FakeCluster();
    cluster.fill('events', 1, 10);
    let sought = false;
    const skipTo8: FilterFactory = () => ({
      name: 'skip',
      apply: (messages) => {
        if (sought || messages[0]!.offset > 3) return { passed: messages };
        sought = true;
        return { passed: messages.filter((m) => m.offset < 3), action: { kind: 'seek', offset: 8 } };
      },
    });
    const seen: { partition: number; offset: number; at: number }[] = [];
    const h = await PartitionHarness.start({
      cluster,
      routes: { events: { consumer: recorder(seen), filters: [skipTo8] } },
    });
    await h.settle();
    expect(offsetsOf(seen)).toEqual([0, 1, 2, 8, 9]);
  });

  it('a filter that throws fails the batch: reported, retried after the backoff, nothing skipped', async () => {
    const cluster = new FakeCluster();
    cluster.fill('events', 1, 5);
    let calls = 0;
    const flaky: FilterFactory = () => ({
      name: 'flaky',
      apply: (messages) => {
        calls += 1;
        if (calls === 1) throw new Error('filter broke');
        return { passed: messages };
      },
    });
    const seen: { partition: number; offset: number; at: number }[] = [];
    const h = await PartitionHarness.start({
      cluster,
      routes: {
        events: {
          consumer: recorder(seen),
          filters: [flaky],
          pause: { timeout: 40, maxTimeout: 40, withExponentialBackoff: false },
        },
      },
    });
    await h.settle();
    expect(seen).toEqual([]);
    expect(h.errorTypes).toEqual(['consumer.filter.error']);
    await h.advance(40);
    expect(offsetsOf(seen)).toEqual([0, 1, 2, 3, 4]);
  });

  it('a filter returning a message it was not given fails the batch with a clear error', async () => {
    const cluster = new FakeCluster();
    cluster.fill('events', 1, 3);
    const bad: FilterFactory = () =>
      ({ name: 'bad', apply: () => ({ passed: [{ offset: 1 }] }) }) as unknown as MessageFilter;
    const h = await PartitionHarness.start({ cluster, routes: { events: { consumer: recorder([]), filters: [bad] } } });
    await h.settle();
    const error = h.named('error.occurred')[0]!.payload.error as Error;
    expect(error.message).toMatch(/Filter 'bad' passed a message it was not given/);
  });
});

describe('filters with virtual partitions', () => {
  it('filter before the split; the stored offset passes dropped messages once every job is done', async () => {
    const cluster = new FakeCluster();
    cluster.fill('events', 1, 20, { key: (i) => `k${String(i % 4)}` });
    const seen: { partition: number; offset: number; at: number }[] = [];
    const h = await PartitionHarness.start({
      cluster,
      routes: { events: { consumer: recorder(seen), filters: [dropOdd], virtualPartitions: { maxPartitions: 4 } } },
      concurrency: 4,
    });
    await h.settle();
    expect(offsetsOf(seen).sort((a, b) => a - b)).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
    // Only keys k0 and k2 are left (even payloads): two jobs.
    expect(h.named('consumer.consume')).toHaveLength(2);
    expect(h.driver.stored.get('events/0')).toBe(20);
  });
});

describe('filters with the other features', () => {
  const FAST = { timeout: 40, maxTimeout: 40, withExponentialBackoff: false };

  it('dead letter queue: only consumed messages fail and are dispatched; the rest goes on after it', async () => {
    const cluster = new FakeCluster();
    cluster.fill('events', 1, 12);
    const processed: number[] = [];
    class FailingOn6 extends BaseConsumer {
      consume(): void {
        for (const m of this.messages) {
          if (m.offset === 6) throw new Error('poison');
          processed.push(m.offset);
          this.markAsConsumed(m);
        }
      }
    }
    const h = await PartitionHarness.start({
      cluster,
      routes: {
        events: {
          consumer: FailingOn6,
          filters: [dropOdd],
          deadLetterQueue: { topic: 'events-dlq', maxRetries: 1 },
          pause: FAST,
        },
      },
      settings: { maxMessages: 12 },
    });
    await h.settle();
    await h.advance(40);
    await h.settle();
    expect([...new Set(processed)]).toEqual([0, 2, 4, 8, 10]);
    expect(cluster.log('events-dlq').map((m) => JSON.parse(String(m.value)) as unknown)).toEqual([{ i: 6 }]);
    // After the failure the batch went on without its dropped tail (11): it is passed by the next mark.
    expect(h.driver.stored.get('events/0')).toBe(11);
    cluster.fill('events', 1, 1, { payload: () => JSON.stringify({ i: 12 }) });
    await h.settle();
    expect(h.driver.stored.get('events/0')).toBe(13);
  });

  it('a failed consume drops the throttle pause: the batch is retried, nothing skipped or lost', async () => {
    const cluster = new FakeCluster();
    cluster.fill('events', 1, 8);
    const seen: number[] = [];
    let failures = 0;
    class FailsOnce extends BaseConsumer {
      consume(): void {
        if (failures === 0) {
          failures += 1;
          throw new Error('once');
        }
        seen.push(...this.messages.toArray().map((m) => m.offset));
      }
    }
    const h = await PartitionHarness.start({
      cluster,
      routes: { events: { consumer: FailsOnce, throttle: { limit: 4, interval: 1_000 }, pause: FAST } },
    });
    await h.settle();
    expect(seen).toEqual([]);
    // The retry after the backoff runs 0-3 again (the window already counts them: it waits for the window).
    for (let i = 0; i < 10; i += 1) await h.advance(500);
    expect(seen).toEqual([...Array(8).keys()]);
    expect(h.driver.stored.get('events/0')).toBe(8);
  });

  it('virtual partitions with manual offsets: dropped messages count as done only once every mark below is made', async () => {
    const cluster = new FakeCluster();
    cluster.fill('events', 1, 10, { key: (i) => `k${String(i % 2)}` });
    const held: { mark: () => void }[] = [];
    class MarksLater extends BaseConsumer {
      consume(): void {
        const last = this.messages.last()!;
        held.push({ mark: () => this.markAsConsumed(last) });
      }
    }
    const dropFrom6: FilterFactory = () => ({
      name: 'drop-from-6',
      apply: (messages) => ({ passed: messages.filter((m) => m.offset < 6) }),
    });
    const h = await PartitionHarness.start({
      cluster,
      routes: {
        events: {
          consumer: MarksLater,
          manualOffsetManagement: true,
          filters: [dropFrom6],
          virtualPartitions: { maxPartitions: 2 },
        },
      },
      concurrency: 2,
    });
    await h.settle();
    expect(held).toHaveLength(2);
    expect(h.driver.stored.get('events/0')).toBeUndefined();
    held[1]!.mark();
    // One virtual partition marked, the other not: nothing may pass its messages.
    expect(h.driver.stored.get('events/0') ?? 0).toBeLessThanOrEqual(1);
    held[0]!.mark();
    expect(h.driver.stored.get('events/0')).toBe(10);
  });

  it('long-running jobs: fetching stays paused through the filter pause and the job', async () => {
    const cluster = new FakeCluster();
    cluster.fill('events', 1, 6);
    const seen: { partition: number; offset: number; at: number }[] = [];
    const h = await PartitionHarness.start({
      cluster,
      routes: { events: { consumer: recorder(seen), longRunningJob: true, throttle: { limit: 3, interval: 1_000 } } },
    });
    await h.settle();
    expect(offsetsOf(seen)).toEqual([0, 1, 2]);
    expect(h.driver.paused).toEqual(['events/0']);
    await h.advance(1_000);
    expect(offsetsOf(seen)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('route options', () => {
  function draw(options: Record<string, unknown>): () => void {
    return () => {
      const app = new App({ clientId: 'filters', logLevel: 'silent' }, { drivers: new FakeCluster().drivers() });
      app.routes.draw((r) => r.topic('events', { consumer: recorder([]), ...options }));
    };
  }

  it('name the bad value and what is allowed', () => {
    expect(draw({ throttle: { limit: 0, interval: 1000 } })).toThrow(ConfigurationError);
    expect(draw({ throttle: { limit: 0, interval: 1000 } })).toThrow(/throttle\.limit/);
    expect(draw({ delay: 5_000, expire: 1_000 })).toThrow(/option 'expire': got 1000; must be greater than delay/);
    expect(draw({ filters: ['nope'] })).toThrow(/filter factories|filter\b/);
  });
});
