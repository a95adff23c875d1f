/**
 * Long-running jobs on the in-memory driver: fetching of the partition pauses while its job runs, the job may
 * run past max.poll.interval.ms (the listener's overdue check skips it), and a revocation releases the partition
 * at once: the job sees it (isRevoked, signal), its later marks are refused, revoked() runs after it ended, and
 * the other partitions keep flowing.
 */
import { describe, expect, it } from 'vitest';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import { FakeCluster } from '../../support/fake-kafka.js';
import { PartitionHarness } from './partition-harness.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

async function flush(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await Promise.resolve();
}

describe('long-running jobs', () => {
  it('pauses fetching of the partition while its job runs and resumes it after', async () => {
    const cluster = new FakeCluster();
    cluster.fill('events', 1, 3);
    const gate = deferred();
    class LongConsumer extends BaseConsumer {
      async consume(): Promise<void> {
        await gate.promise;
      }
    }
    const h = await PartitionHarness.start({
      cluster,
      routes: { events: { consumer: LongConsumer, longRunningJob: true } },
      settings: { maxMessages: 1 },
    });
    await h.pump(1);
    expect(h.driver.paused).toEqual(['events/0']);
    cluster.fill('events', 1, 2);
    expect((await h.pump()).messages).toEqual([]);
    gate.resolve();
    await h.settle();
    expect(h.driver.paused).toEqual([]);
    expect(h.driver.stored.get('events/0')).toBe(5);
  });

  it('lets its job run past max.poll.interval.ms: the overdue check skips it', async () => {
    const cluster = new FakeCluster();
    cluster.fill('events', 1, 1);
    cluster.fill('quick', 1, 1);
    const gate = deferred();
    class LongConsumer extends BaseConsumer {
      async consume(): Promise<void> {
        await gate.promise;
      }
    }
    const h = await PartitionHarness.start({
      cluster,
      routes: { events: { consumer: LongConsumer, longRunningJob: true }, quick: { consumer: LongConsumer } },
      concurrency: 2,
    });
    await h.pump();
    await flush();
    expect(h.scheduler.overdue(-1)).toBe(h.partition('quick'));
    expect(h.partition('events').jobs.running).toBe(true);
    gate.resolve();
    await h.drain();
  });

  it('releases the partition at once on revocation: the job sees it, its marks are refused, revoked() runs after it', async () => {
    const cluster = new FakeCluster();
    cluster.fill('events', 2, 4);
    const gate = deferred();
    const calls: string[] = [];
    let signalAborted = false;
    let markAfter: boolean | undefined;
    class LongConsumer extends BaseConsumer {
      async consume(): Promise<void> {
        if (this.partition === 1) {
          calls.push(`consume 1@${String(this.messages.first()!.offset)}`);
          return;
        }
        if (this.messages.first()!.offset === 0) {
          this.markAsConsumed(this.messages.first()!);
          this.signal.addEventListener('abort', () => (signalAborted = true));
          await gate.promise;
          markAfter = this.markAsConsumed(this.messages.last()!);
          calls.push(`consume 0 ended (revoked: ${String(this.isRevoked)})`);
        }
      }
      override revoked(): void {
        calls.push(`revoked ${String(this.partition)}`);
      }
    }
    const h = await PartitionHarness.start({
      cluster,
      routes: { events: { consumer: LongConsumer, longRunningJob: true } },
      settings: { maxMessages: 2 },
      concurrency: 3,
    });
    await h.pump();
    await flush();
    await h.driver.revoke([{ topic: 'events', partition: 0 }]);
    // The rebalance did not wait: the partition is gone while its job still runs.
    expect(h.partition('events', 0).ownership.state).toBe('released');
    expect(signalAborted).toBe(true);
    expect(cluster.committedOffset(h.driver.group, 'events', 0)).toBe(1);
    // The other partition keeps flowing meanwhile.
    cluster.fill('events', 2, 4, { partition: 1 });
    await h.pump();
    await flush();
    expect(calls.filter((c) => c.startsWith('consume 1'))).toEqual(['consume 1@0', 'consume 1@2', 'consume 1@4']);
    gate.resolve();
    await h.drain();
    await flush();
    expect(markAfter).toBe(false);
    expect(calls.slice(-2)).toEqual(['consume 0 ended (revoked: true)', 'revoked 0']);
    expect(cluster.committedOffset(h.driver.group, 'events', 0)).toBe(1);
  });
});
