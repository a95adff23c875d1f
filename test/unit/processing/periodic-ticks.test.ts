/**
 * Periodic ticks on the in-memory driver, with fake timers: `tick()` runs on an idle partition's consumer every
 * interval, never beside a consume of the same partition, during pauses and retries only when the topic says so,
 * and never after `revoked()` or `shutdown()`; one timer serves every partition of a listener.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import type { TopicOptions } from '../../../src/routing/topic-options.js';
import { FakeCluster } from '../../support/fake-kafka.js';
import { LEVEL, captureLogs } from '../instrumentation/log-capture.js';
import { PartitionHarness } from './partition-harness.js';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

/** What consumers of a test did, in order: `consume@<offset>`, `tick`, `revoked`, `shutdown`... */
let log: string[] = [];
/** Consumer instances that ran each hook. */
let instances: { hook: string; consumer: BaseConsumer }[] = [];

class TickingConsumer extends BaseConsumer {
  consume(): void {
    log.push(`consume@${String(this.messages.first()?.offset)}`);
    instances.push({ hook: 'consume', consumer: this });
  }

  override tick(): void {
    log.push(`tick/${String(this.partition)}`);
    instances.push({ hook: 'tick', consumer: this });
  }

  override revoked(): void {
    log.push(`revoked/${String(this.partition)}`);
  }

  override shutdown(): void {
    log.push(`shutdown/${String(this.partition)}`);
  }
}

beforeEach(() => {
  log = [];
  instances = [];
});

const ticks = (): number => log.filter((entry) => entry.startsWith('tick')).length;

async function harness(
  routeOptions: Partial<TopicOptions>,
  options: { partitions?: number; messages?: number; concurrency?: number } = {},
): Promise<PartitionHarness> {
  const cluster = new FakeCluster();
  cluster.createTopic('events', options.partitions ?? 1);
  if ((options.messages ?? 0) > 0) cluster.fill('events', options.partitions ?? 1, options.messages ?? 0);
  return PartitionHarness.start({
    cluster,
    routes: { events: { consumer: TickingConsumer, ...routeOptions } },
    settings: { pause: { timeout: 1_000, maxTimeout: 1_000, withExponentialBackoff: false } },
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
  });
}

describe('periodic ticks', () => {
  it('tick() runs on an idle partition once per interval, on a consumer built for it', async () => {
    const h = await harness({ periodic: { interval: 100 } });
    await h.settle();
    await h.advance(99);
    expect(ticks()).toBe(0);
    await h.advance(1);
    expect(log).toEqual(['tick/0']);
    await h.advance(100);
    await h.advance(100);
    expect(ticks()).toBe(3);
    // The consumer was built for the first tick (initialized() ran) and kept.
    expect(h.named('consumer.initialized')).toHaveLength(1);
    expect(new Set(instances.map((i) => i.consumer)).size).toBe(1);
  });

  it('does not tick a partition that had messages within the interval, and ticks the same consumer as consume', async () => {
    const h = await harness({ periodic: { interval: 100 } });
    await h.advance(100);
    expect(log).toEqual(['tick/0']);
    await h.advance(50);
    h.cluster.fill('events', 1, 1);
    await h.settle();
    expect(log).toEqual(['tick/0', 'consume@0']);
    // 100 ms after the tick, but only 50 after the consume: no tick yet.
    await h.advance(50);
    expect(ticks()).toBe(1);
    await h.advance(50);
    expect(log).toEqual(['tick/0', 'consume@0', 'tick/0']);
    expect(new Set(instances.map((i) => i.consumer)).size).toBe(1);
  });

  it('is off without the periodic option', async () => {
    const h = await harness({});
    await h.advance(60_000);
    expect(ticks()).toBe(0);
  });

  it('never runs beside a consume of the same partition: a long consume delays the tick until after it', async () => {
    const overlaps: string[] = [];
    let consuming = false;
    class SlowConsumer extends BaseConsumer {
      async consume(): Promise<void> {
        consuming = true;
        await new Promise((resolve) => setTimeout(resolve, 500));
        consuming = false;
      }

      override tick(): void {
        if (consuming) overlaps.push('tick during consume');
        log.push('tick');
      }
    }
    const cluster = new FakeCluster();
    cluster.fill('events', 1, 1);
    const h = await PartitionHarness.start({
      cluster,
      routes: { events: { consumer: SlowConsumer, periodic: { interval: 100 } } },
      concurrency: 4,
    });
    await h.pump();
    await vi.advanceTimersByTimeAsync(450);
    expect([consuming, ticks()]).toEqual([true, 0]);
    await vi.advanceTimersByTimeAsync(50);
    await h.settle();
    expect(consuming).toBe(false);
    await h.advance(99);
    expect(ticks()).toBe(0);
    await h.advance(1);
    expect(ticks()).toBe(1);
    expect(overlaps).toEqual([]);
  });

  it('queues a batch fetched during a tick behind it', async () => {
    let release!: () => void;
    class BlockingTickConsumer extends BaseConsumer {
      consume(): void {
        log.push(`consume@${String(this.messages.first()?.offset)}`);
      }

      override async tick(): Promise<void> {
        log.push('tick start');
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        log.push('tick end');
      }
    }
    const cluster = new FakeCluster();
    cluster.createTopic('events');
    const h = await PartitionHarness.start({
      cluster,
      routes: { events: { consumer: BlockingTickConsumer, periodic: { interval: 100 } } },
      concurrency: 4,
    });
    await vi.advanceTimersByTimeAsync(100);
    expect(log).toEqual(['tick start']);
    cluster.fill('events', 1, 1);
    await h.pump();
    await vi.advanceTimersByTimeAsync(10);
    expect(log).toEqual(['tick start']);
    release();
    await h.settle();
    expect(log).toEqual(['tick start', 'tick end', 'consume@0']);
  });

  it('ticks during a pause by default, not when duringPause is false', async () => {
    class PausingConsumer extends TickingConsumer {
      override consume(): void {
        super.consume();
        this.pause(this.messages.last()!.offset + 1, 1_000);
      }
    }
    for (const duringPause of [true, false]) {
      log = [];
      const cluster = new FakeCluster();
      cluster.fill('events', 1, 1);
      const h = await PartitionHarness.start({
        cluster,
        routes: { events: { consumer: PausingConsumer, periodic: { interval: 100, duringPause } } },
      });
      await h.settle();
      expect(h.partition('events').paused).toBe(true);
      await h.advance(500);
      expect(ticks()).toBe(duringPause ? 5 : 0);
      h.scheduler.stopAcceptingWork();
    }
  });

  it('does not tick while a failed batch waits for its retry, unless duringRetry', async () => {
    class FailingConsumer extends TickingConsumer {
      override consume(): void {
        super.consume();
        throw new Error('fails');
      }
    }
    for (const duringRetry of [false, true]) {
      log = [];
      const cluster = new FakeCluster();
      cluster.fill('events', 1, 1);
      const h = await PartitionHarness.start({
        cluster,
        routes: { events: { consumer: FailingConsumer, periodic: { interval: 100, duringRetry } } },
        settings: { pause: { timeout: 1_000, maxTimeout: 1_000, withExponentialBackoff: false } },
      });
      await h.settle();
      await h.advance(950);
      expect(log).toEqual(['consume@0', ...(duringRetry ? Array.from({ length: 9 }, () => 'tick/0') : [])]);
      h.scheduler.stopAcceptingWork();
    }
  });

  it('reports an error thrown by tick() and goes on ticking and consuming', async () => {
    class FailingTickConsumer extends TickingConsumer {
      override tick(): void {
        super.tick();
        throw new Error('tick failed');
      }
    }
    const cluster = new FakeCluster();
    cluster.createTopic('events');
    const h = await PartitionHarness.start({
      cluster,
      routes: { events: { consumer: FailingTickConsumer, periodic: { interval: 100 } } },
    });
    await h.advance(100);
    await h.advance(100);
    expect(ticks()).toBe(2);
    expect(h.errorTypes).toEqual(['consumer.tick.error', 'consumer.tick.error']);
    cluster.fill('events', 1, 1);
    await h.settle();
    expect(log.at(-1)).toBe('consume@0');
    expect(h.driver.stored.get('events/0')).toBe(1);
  });

  it('is instrumented like consume: consumer.tick and consumer.ticked with the partition and a duration', async () => {
    const h = await harness({ periodic: { interval: 100 } });
    await h.advance(100);
    expect(h.named('consumer.tick').map((e) => e.payload)).toMatchObject([{ topic: 'events', partition: 0 }]);
    const [ticked] = h.named('consumer.ticked');
    expect(ticked?.payload).toMatchObject({ topic: 'events', partition: 0, messages: 0 });
    expect(typeof ticked?.payload.time).toBe('number');
  });

  it('logs a tick at debug like the other hooks, and its error at error', async () => {
    const logs = captureLogs('debug');
    const payload = { consumerGroup: 'shop', topic: 'events', partition: 0, messages: 0 };
    await logs.monitor.instrument('consumer.ticked', payload, () => undefined);
    logs.monitor.instrument('error.occurred', { type: 'consumer.tick.error', error: new Error('boom'), ...payload });
    const [ticked] = logs.of('consumer.ticked');
    expect(ticked).toMatchObject({ level: LEVEL.debug, topic: 'events', partition: 0 });
    expect(ticked?.msg).toMatch(/^tick\(\) of events\/0 ran in [\d.]+ ms$/);
    expect(logs.of('error.occurred')).toMatchObject([{ level: LEVEL.error, type: 'consumer.tick.error' }]);
  });

  it('stops after a clean revocation: no tick after revoked()', async () => {
    const h = await harness({ periodic: { interval: 100 } }, { partitions: 2 });
    await h.advance(100);
    expect(log.sort()).toEqual(['tick/0', 'tick/1']);
    log = [];
    await h.driver.revoke([{ topic: 'events', partition: 0 }]);
    await h.advance(300);
    expect(log).toEqual(['revoked/0', 'tick/1', 'tick/1', 'tick/1']);
  });

  it('stops when the partition is lost, and a tick queued before the revocation does not run', async () => {
    let release!: () => void;
    class BusyConsumer extends BaseConsumer {
      async consume(): Promise<void> {
        log.push(`consume@${String(this.messages.first()?.offset)}`);
        await new Promise<void>((resolve) => {
          release = resolve;
        });
      }
    }
    const cluster = new FakeCluster();
    cluster.createTopic('events');
    cluster.createTopic('busy');
    cluster.fill('busy', 1, 1);
    const h = await PartitionHarness.start({
      cluster,
      routes: {
        events: { consumer: TickingConsumer, periodic: { interval: 100 } },
        busy: { consumer: BusyConsumer },
      },
      concurrency: 1,
    });
    // The only worker is busy with the other topic: the tick due meanwhile waits in the queue.
    await h.pump();
    await vi.advanceTimersByTimeAsync(100);
    expect(h.partition('events').busy).toBe(true);
    await h.driver.revoke([{ topic: 'events', partition: 0 }], { lost: true });
    release();
    await h.advance(500);
    // Its consumer was never built (no tick ran), so no revoked() either.
    expect(log).toEqual(['consume@0']);
  });

  it('stops on shutdown: no tick after shutdown()', async () => {
    const h = await harness({ periodic: { interval: 100 } });
    await h.advance(100);
    h.scheduler.stopAcceptingWork();
    await h.scheduler.runLifecycle('shutdown', h.scheduler.coordinators);
    await h.advance(1_000);
    expect(log).toEqual(['tick/0', 'shutdown/0']);
  });

  it('uses one timer for every partition of the listener', async () => {
    const one = await harness({ periodic: { interval: 100 } }, { partitions: 1 });
    await one.advance(100);
    const timersWithOne = vi.getTimerCount();
    one.scheduler.stopAcceptingWork();
    vi.clearAllTimers();
    log = [];
    const many = await harness({ periodic: { interval: 100 } }, { partitions: 50 });
    await many.advance(100);
    expect(ticks()).toBe(50);
    expect(vi.getTimerCount()).toBe(timersWithOne);
  });

  it('ticks each virtual partition consumer that was built', async () => {
    const h = await harness(
      { periodic: { interval: 100 }, virtualPartitions: { maxPartitions: 3, partitioner: (m) => m.offset % 3 } },
      { messages: 6, concurrency: 3 },
    );
    await h.settle();
    const consumers = new Set(instances.filter((i) => i.hook === 'consume').map((i) => i.consumer));
    expect(consumers.size).toBe(3);
    instances = [];
    await h.advance(100);
    expect(new Set(instances.filter((i) => i.hook === 'tick').map((i) => i.consumer))).toEqual(consumers);
  });
});
