/**
 * The rebalance handler on the in-memory driver: assignment, clean revocation (waits for the running batch,
 * which may still mark, commits, then revoked()), lost partitions (marks refused at once, nothing waits), a
 * client being recreated, and a forceful stop abandoning the waits.
 */
import { describe, expect, it } from 'vitest';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import type { ConsumerClass } from '../../../src/routing/consumer-feature.js';
import { FakeCluster } from '../../support/fake-kafka.js';
import { waitUntil } from '../../support/wait-until.js';
import { PartitionHarness } from '../processing/partition-harness.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** A consumer class whose consume() waits for `gate`, then records and marks its batch. */
function gatedConsumer(gate: Promise<void>, calls: string[]): ConsumerClass {
  return class GatedConsumer extends BaseConsumer {
    async consume(): Promise<void> {
      calls.push(`consume ${String(this.partition)}`);
      await gate;
      calls.push(`revoked while consuming: ${String(this.isRevoked)}`);
      calls.push(`mark ${String(this.markAsConsumed(this.messages.last()!))}`);
    }
    override revoked(): void {
      calls.push(`hook revoked ${String(this.partition)}`);
    }
  };
}

async function started(cluster: FakeCluster, calls: string[], gate: Promise<void>): Promise<PartitionHarness> {
  return PartitionHarness.start({
    cluster,
    routes: { events: { consumer: gatedConsumer(gate, calls) } },
    settings: { maxMessages: 5 },
    concurrency: 2,
  });
}

describe('rebalance handler', () => {
  it('creates a coordinator per assigned partition and publishes the assignment', async () => {
    const cluster = new FakeCluster();
    cluster.fill('events', 2, 4);
    const h = await started(cluster, [], Promise.resolve());
    expect(h.scheduler.coordinators.map((c) => c.id)).toEqual(['events/0', 'events/1']);
    expect(h.named('rebalance.').map((e) => e.name)).toEqual([
      'rebalance.partitions_assign',
      'rebalance.partitions_assigned',
    ]);
    // A cooperative rebalance that changes nothing for this member publishes nothing.
    await h.rebalances.handle({ kind: 'revoke', partitions: [], protocol: 'COOPERATIVE', lost: false });
    expect(h.named('rebalance.')).toHaveLength(2);
  });

  it('on a clean revocation waits for the running batch, which still marks, commits, then runs revoked()', async () => {
    const cluster = new FakeCluster();
    cluster.fill('events', 1, 10);
    const calls: string[] = [];
    const gate = deferred();
    const h = await started(cluster, calls, gate.promise);
    await h.pump();
    let revokeDone = false;
    const revoking = h.driver.revoke([{ topic: 'events', partition: 0 }]).then(() => (revokeDone = true));
    await Promise.resolve();
    expect(revokeDone).toBe(false);
    expect(h.partition('events').ownership.state).toBe('revoking');
    gate.resolve();
    await revoking;
    expect(calls).toEqual(['consume 0', 'revoked while consuming: true', 'mark true', 'hook revoked 0']);
    // The batch's offset was committed before the partition went; the queued next batch never ran.
    expect(cluster.committedOffset(h.driver.group, 'events', 0)).toBe(5);
    expect(h.scheduler.coordinators).toEqual([]);
    expect(h.named('rebalance.partitions_revoked')[0]?.payload).toMatchObject({ lost: false });
  });

  it('on a lost partition refuses marks at once and does not wait; revoked() runs after the batch', async () => {
    const cluster = new FakeCluster();
    cluster.fill('events', 1, 10);
    const calls: string[] = [];
    const gate = deferred();
    const h = await started(cluster, calls, gate.promise);
    await h.pump();
    await waitUntil(() => calls.length > 0, { description: 'the batch to start' });
    const coordinator = h.partition('events');
    await h.driver.revoke([{ topic: 'events', partition: 0 }], { lost: true });
    expect(coordinator.ownership.state).toBe('lost');
    expect(calls).toEqual(['consume 0']);
    gate.resolve();
    await h.drain();
    expect(calls).toEqual(['consume 0', 'revoked while consuming: true', 'mark false', 'hook revoked 0']);
    expect(cluster.commits).toEqual([]);
    expect(h.scheduler.coordinators).toEqual([]);
  });

  it('skips revoked() hooks while the listener is not running, but still waits for running batches', async () => {
    const cluster = new FakeCluster();
    cluster.fill('events', 1, 3);
    const calls: string[] = [];
    const h = await started(cluster, calls, Promise.resolve());
    h.runHooks = false;
    await h.settle();
    await h.driver.revoke([{ topic: 'events', partition: 0 }]);
    expect(calls.filter((c) => c.startsWith('hook revoked'))).toEqual([]);
    expect(h.scheduler.coordinators).toEqual([]);
  });

  it('counts every partition as lost when the client is recreated', async () => {
    const cluster = new FakeCluster();
    cluster.fill('events', 2, 2);
    const calls: string[] = [];
    const h = await started(cluster, calls, Promise.resolve());
    await h.settle();
    const coordinators = h.scheduler.coordinators;
    h.rebalances.dropAll();
    expect(coordinators.map((c) => c.ownership.state)).toEqual(['lost', 'lost']);
    await waitUntil(() => h.scheduler.coordinators.length === 0, { description: 'both partitions forgotten' });
    expect(calls.filter((c) => c.startsWith('hook revoked')).sort()).toEqual(['hook revoked 0', 'hook revoked 1']);
  });

  it('lets a forceful stop abandon a revocation waiting for a batch that never ends', async () => {
    const cluster = new FakeCluster();
    cluster.fill('events', 1, 1);
    const never = new Promise<void>(() => undefined);
    const h = await started(cluster, [], never);
    await h.pump();
    const revoking = h.driver.revoke([{ topic: 'events', partition: 0 }]);
    h.rebalances.abandonWaits();
    await revoking;
    expect(cluster.commits).toEqual([]);
  });

  it('does not keep a pause across a rebalance: the partition assigned again fetches and runs', async () => {
    const cluster = new FakeCluster();
    cluster.fill('events', 1, 3);
    const processed: number[] = [];
    let pauses = 0;
    class PauseOnceConsumer extends BaseConsumer {
      consume(): void {
        if (pauses === 0) {
          pauses += 1;
          this.pause(0, Infinity);
          return;
        }
        for (const m of this.messages) processed.push(m.offset);
      }
    }
    const h = await PartitionHarness.start({ cluster, routes: { events: { consumer: PauseOnceConsumer } } });
    await h.settle();
    expect(h.driver.paused).toEqual(['events/0']);
    await h.driver.revoke([{ topic: 'events', partition: 0 }]);
    await h.driver.assignByGroup([{ topic: 'events', partition: 0 }]);
    await h.settle();
    expect(processed).toEqual([0, 1, 2]);
  });
});
