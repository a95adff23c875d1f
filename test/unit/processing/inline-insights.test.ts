/**
 * Inline insights on the in-memory driver: a consumer of a topic with `inlineInsights` sees its partition's
 * latest statistics figures as `this.insights` (fed here as the listener feeds them: every report of the client
 * goes to the scheduler), undefined before a report and after a new assignment; a topic without the option gets
 * a clear error.
 */
import { describe, expect, it } from 'vitest';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import type { PartitionInsights } from '../../../src/instrumentation/partition-statistics.js';
import { FakeCluster } from '../../support/fake-kafka.js';
import { PartitionHarness } from './partition-harness.js';

/** A statistics report naming `events` partitions with these committed offsets (high watermark 10). */
function report(committed: Record<number, number>, fetchState = 'active'): Record<string, unknown> {
  const partitions = Object.fromEntries(
    Object.entries(committed).map(([partition, offset]) => [
      partition,
      {
        partition: Number(partition),
        fetch_state: fetchState,
        committed_offset: offset,
        stored_offset: offset,
        hi_offset: 10,
        lo_offset: 0,
        ls_offset: 10,
        consumer_lag: 10 - offset,
        consumer_lag_stored: 10 - offset,
      },
    ]),
  );
  return { type: 'consumer', topics: { events: { topic: 'events', partitions } } };
}

let seen: (PartitionInsights | undefined)[] = [];

class InsightfulConsumer extends BaseConsumer {
  consume(): void {
    seen.push(this.insights);
  }

  override tick(): void {
    seen.push(this.insights);
  }
}

async function harness(inlineInsights: boolean, partitions = 1): Promise<PartitionHarness> {
  seen = [];
  const cluster = new FakeCluster();
  cluster.createTopic('events', partitions);
  return PartitionHarness.start({ cluster, routes: { events: { consumer: InsightfulConsumer, inlineInsights } } });
}

describe('inline insights', () => {
  it('are undefined before the first statistics report, then the partition’s latest figures', async () => {
    const h = await harness(true, 2);
    h.cluster.fill('events', 2, 2);
    await h.settle();
    expect(seen).toEqual([undefined, undefined]);
    h.scheduler.statisticsEmitted(report({ 0: 3, 1: 7 }));
    h.cluster.fill('events', 1, 1, { partition: 1 });
    await h.settle();
    expect(seen[2]).toMatchObject({
      topic: 'events',
      partition: 1,
      committedOffset: 7,
      storedOffset: 7,
      lag: 3,
      lagStored: 3,
      highWatermark: 10,
      lowWatermark: 0,
      lastStableOffset: 10,
      fetchState: 'active',
    });
    expect(typeof seen[2]?.takenAt).toBe('number');
    expect(seen[2]?.statistics.fetch_state).toBe('active');
    // A newer report replaces the figures.
    h.scheduler.statisticsEmitted(report({ 1: 9 }));
    h.cluster.fill('events', 1, 1, { partition: 1 });
    await h.settle();
    expect(seen[3]).toMatchObject({ partition: 1, committedOffset: 9, lag: 1 });
  });

  it('are forgotten when the partition is assigned again, and when the client stops fetching it', async () => {
    const h = await harness(true);
    h.scheduler.statisticsEmitted(report({ 0: 4 }));
    await h.driver.revoke([{ topic: 'events', partition: 0 }]);
    await h.driver.assignByGroup([{ topic: 'events', partition: 0 }]);
    h.cluster.fill('events', 1, 1);
    await h.settle();
    expect(seen).toEqual([undefined]);
    h.scheduler.statisticsEmitted(report({ 0: 4 }));
    h.scheduler.statisticsEmitted(report({ 0: 4 }, 'none'));
    h.cluster.fill('events', 1, 1);
    await h.settle();
    expect(seen).toEqual([undefined, undefined]);
  });

  it('are there in tick() too', async () => {
    seen = [];
    const cluster = new FakeCluster();
    cluster.createTopic('events');
    const h = await PartitionHarness.start({
      cluster,
      routes: { events: { consumer: InsightfulConsumer, inlineInsights: true, periodic: { interval: 100 } } },
    });
    h.scheduler.statisticsEmitted(report({ 0: 5 }));
    expect(h.scheduler.tick(h.partition('events'))).toBe(true);
    await h.settle();
    expect(seen).toMatchObject([{ committedOffset: 5, lag: 5 }]);
  });

  it('need the route option: without it this.insights throws a clear error', async () => {
    const h = await harness(false);
    h.scheduler.statisticsEmitted(report({ 0: 1 }));
    h.cluster.fill('events', 1, 1);
    await h.pump();
    await h.drain();
    const [error] = h.named('error.occurred');
    expect(error?.payload.type).toBe('consumer.consume.error');
    expect((error?.payload.error as Error).message).toBe(
      "this.insights needs the route option inlineInsights: true (topic 'events' does not have it)",
    );
  });
});
