import { describe, expect, it } from 'vitest';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import { recordEvents, startEmbedded, testApp } from '../../support/app.js';
import { createTopic, produceMessages, uniqueName, waitForCommittedOffsets } from '../../support/kafka.js';
import { Ledger } from '../../support/ledger.js';
import { waitUntil } from '../../support/wait-until.js';

describe('revocation', () => {
  it('loses the partitions when a batch runs past max.poll.interval.ms: marking fails, a new instance takes over', async () => {
    const topic = await createTopic(uniqueName('max-poll'));
    await produceMessages(topic, 5);
    const instances: BaseConsumer[] = [];
    const seenByInstance = new Map<BaseConsumer, number[]>();
    let markAfterLoss: boolean | undefined;
    class SlowConsumer extends BaseConsumer {
      async consume(): Promise<void> {
        if (!instances.includes(this)) instances.push(this);
        const seen = seenByInstance.get(this) ?? [];
        seenByInstance.set(this, [...seen, ...this.messages.toArray().map((m) => m.offset)]);
        if (instances.length === 1) {
          // Far beyond max.poll.interval.ms: wait until the framework says the partition is gone.
          await waitUntil(() => this.isRevoked, { timeoutMs: 60_000, description: 'the partition to be revoked' });
          markAfterLoss = this.markAsConsumed(this.messages.last()!);
        }
      }
    }
    const app = testApp({ maxMessages: 1, kafka: { 'max.poll.interval.ms': 6_000 } });
    app.routes.draw((r) => r.topic(topic, { consumer: SlowConsumer }));
    const errors = recordEvents(app, 'error.occurred');
    await startEmbedded(app);
    await waitUntil(() => instances.length === 2 && (seenByInstance.get(instances[1]!)?.length ?? 0) >= 5, {
      timeoutMs: 60_000,
      description: 'a second consumer instance to process the partition from the start',
    });
    expect(markAfterLoss).toBe(false);
    expect(instances[0]).not.toBe(instances[1]);
    // Data fetched for the lost partition never reached the first instance.
    expect(seenByInstance.get(instances[0]!)).toEqual([0]);
    expect(seenByInstance.get(instances[1]!)).toEqual([0, 1, 2, 3, 4]);
    expect(errors.some((e) => e.payload.type === 'connection.listener.max_poll_interval.error')).toBe(true);
  });

  it('continues committed offsets without a skip after losing and regaining partitions', async () => {
    const topic = await createTopic(uniqueName('continuity'), 2);
    const group = uniqueName('continuity-group');
    const ledger = new Ledger();
    class LedgerConsumer extends BaseConsumer {
      consume(): void {
        for (const m of this.messages) ledger.add(m.partition, m.offset);
      }
    }
    const produceRound = async (): Promise<void> => {
      for (let p = 0; p < 2; p += 1) await produceMessages(topic, 50, { partition: p });
    };
    const first = testApp({ groupId: group, maxMessages: 10 });
    first.routes.draw((r) => r.topic(topic, { consumer: LedgerConsumer }));
    const firstAssigned = recordEvents(first, 'rebalance.partitions_assigned', 'rebalance.partitions_revoked');
    await startEmbedded(first);
    await produceRound();
    await waitUntil(() => ledger.total === 100, { description: 'round 1 processed' });

    const second = testApp({ groupId: group, maxMessages: 10 });
    second.routes.draw((r) => r.topic(topic, { consumer: LedgerConsumer }));
    const secondAssigned = recordEvents(second, 'rebalance.partitions_assigned');
    const secondRun = await startEmbedded(second);
    await waitUntil(() => secondAssigned.length > 0, { description: 'the second server to take a partition' });
    await produceRound();
    await waitUntil(() => ledger.total === 200, { description: 'round 2 processed by both servers' });

    await secondRun.stop();
    await waitUntil(() => firstAssigned.filter((e) => e.name === 'rebalance.partitions_assigned').length >= 2, {
      description: 'the first server to regain the partition',
    });
    await produceRound();
    await waitUntil(() => ledger.total === 300, { description: 'round 3 processed after the partition came back' });
    expect(ledger.missing(0, 150)).toEqual([]);
    expect(ledger.missing(1, 150)).toEqual([]);
    expect(firstAssigned.some((e) => e.name === 'rebalance.partitions_revoked')).toBe(true);
    await waitForCommittedOffsets(
      group,
      topic,
      new Map([
        [0, 150],
        [1, 150],
      ]),
    );
  });

  it('publishes rebalance events only for the subscription group whose assignment changed', async () => {
    const topicA = await createTopic(uniqueName('sg-a'));
    const topicB = await createTopic(uniqueName('sg-b'), 2);
    const group = uniqueName('sg-group');
    class NoopConsumer extends BaseConsumer {
      consume(): void {}
    }
    const first = testApp({ groupId: group });
    first.routes.draw((r) => {
      r.subscriptionGroup('alpha', (s) => s.topic(topicA, { consumer: NoopConsumer }));
      r.subscriptionGroup('beta', (s) => s.topic(topicB, { consumer: NoopConsumer }));
    });
    const events = recordEvents(first, 'rebalance.');
    await startEmbedded(first);
    await waitUntil(() => events.filter((e) => e.name === 'rebalance.partitions_assigned').length === 2, {
      description: 'both subscription groups to be assigned',
    });
    const before = events.length;

    const second = testApp({ groupId: group });
    second.routes.draw((r) => r.subscriptionGroup('beta', (s) => s.topic(topicB, { consumer: NoopConsumer })));
    const secondEvents = recordEvents(second, 'rebalance.partitions_assigned');
    await startEmbedded(second);
    await waitUntil(() => secondEvents.length > 0, { description: 'the second server to take a partition of beta' });
    await waitUntil(() => events.slice(before).some((e) => e.name === 'rebalance.partitions_revoked'), {
      description: 'beta of the first server to give a partition up',
    });
    const after = events.slice(before);
    expect(after.every((e) => e.payload.subscriptionGroup === 'beta')).toBe(true);
  });
});
