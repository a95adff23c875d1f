/**
 * Long-running jobs against the broker: a 20 s job on partition 0 with max.poll.interval.ms at 10 s. The member
 * is not thrown out of the group while its job runs; when a second member joins and partition 0 is moved to it,
 * the partition moves at once (before the job ends, seen in the order of events), the job's later mark is
 * refused, the other partition keeps flowing, and nothing is processed twice except the revoked job's batch.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { App } from '../../../src/app/app.js';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import { startEmbedded, testApp } from '../../support/app.js';
import { createTopic, produceMessages, uniqueName } from '../../support/kafka.js';
import { Ledger } from '../../support/ledger.js';
import { waitUntil } from '../../support/wait-until.js';

const LONG_JOB_MS = 20_000;

interface Entry {
  readonly member: string;
  readonly name: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

describe('long-running jobs', () => {
  it('moves a partition away at once while its 20 s job runs past max.poll.interval.ms (10 s)', async () => {
    const topic = await createTopic(uniqueName('lrj'), 2);
    const group = uniqueName('lrj-group');
    const ledger = new Ledger();
    const log: Entry[] = [];
    const longJob: { markAfter?: boolean; aborted?: boolean; revokedSeen?: boolean } = {};
    let longJobs = 0;

    class LongConsumer extends BaseConsumer {
      async consume(): Promise<void> {
        for (const message of this.messages) ledger.add(message.partition, message.offset);
        if (this.partition !== 0 || this.messages.first()!.offset !== 0 || longJobs > 0) return;
        longJobs += 1;
        // Ignores the signal on purpose: the job runs its full 20 s, long after its partition moved.
        await sleep(LONG_JOB_MS);
        longJob.revokedSeen = this.isRevoked;
        longJob.aborted = this.signal.aborted;
        longJob.markAfter = this.markAsConsumed(this.messages.last()!);
      }
    }

    // Range assignment sorts static members by group.instance.id: the second member ('a-...') gets partition 0.
    const member = (name: string, instance: string): App => {
      const app = testApp({
        groupId: group,
        concurrency: 4,
        maxMessages: 1,
        kafka: {
          'max.poll.interval.ms': 10_000,
          'partition.assignment.strategy': 'range',
          'group.instance.id': uniqueName(instance),
        },
      });
      app.routes.draw((r) => r.topic(topic, { consumer: LongConsumer, longRunningJob: true }));
      app.monitor.subscribeAll((event, payload) => log.push({ member: name, name: event, payload }));
      return app;
    };
    const first = member('first', 'b-lrj');
    const named = (who: string, event: string, partition?: number): number =>
      log.findIndex(
        (e) =>
          e.member === who &&
          e.name === event &&
          (partition === undefined ||
            e.payload.partition === partition ||
            (e.payload.partitions as { partition: number }[] | undefined)?.some((p) => p.partition === partition)),
      );

    await produceMessages(topic, 1, { partition: 0 });
    await produceMessages(topic, 5, { partition: 1 });
    await startEmbedded(first);
    await waitUntil(() => longJobs === 1 && ledger.total === 6, {
      description: 'the long job to start on partition 0',
    });

    await startEmbedded(member('second', 'a-lrj'));
    await waitUntil(() => named('second', 'rebalance.partitions_assigned', 0) >= 0, {
      description: 'partition 0 to move to the second member',
    });
    // Both partitions keep flowing: partition 0 on the second member, partition 1 on the first, while the long
    // job still runs.
    await produceMessages(topic, 5, { partition: 0 });
    await produceMessages(topic, 5, { partition: 1 });
    await waitUntil(() => ledger.total === 16, { description: 'the new messages of both partitions processed' });
    const longJobEnd = (): number =>
      log.findIndex((e) => e.member === 'first' && e.name === 'consumer.consumed' && e.payload.partition === 0);
    expect(longJobEnd()).toBe(-1);
    await waitUntil(() => longJob.markAfter !== undefined, {
      timeoutMs: LONG_JOB_MS + 10_000,
      description: 'the long job to end',
    });

    // Partition 0 moved to the second member before the long job ended.
    expect(named('first', 'rebalance.partitions_revoked', 0)).toBeLessThan(longJobEnd());
    expect(named('second', 'rebalance.partitions_assigned', 0)).toBeLessThan(longJobEnd());
    expect(longJob).toEqual({ revokedSeen: true, aborted: true, markAfter: false });
    // The long job ran 20 s with max.poll.interval.ms at 10 s: no overdue reset, no lost partitions.
    expect(log.filter((e) => e.name === 'error.occurred').map((e) => e.payload.type)).toEqual([]);
    expect(log.filter((e) => e.name === 'connection.client.reset')).toEqual([]);
    // Only the revoked job's own message was processed twice (by the second member after the handoff).
    expect(ledger.duplicates()).toEqual(['0@0']);
    expect([ledger.missing(0, 6), ledger.missing(1, 10)]).toEqual([[], []]);
    await waitUntil(() => named('first', 'consumer.revoked', 0) > longJobEnd(), {
      description: 'revoked() to run on the first member once its long job ended',
    });
  }, 120_000);
});
