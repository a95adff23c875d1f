import { describe, expect, it } from 'vitest';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import { recordEvents, startEmbedded, testApp } from '../../support/app.js';
import { createTopic, produceMessages, uniqueName } from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';

/** Counts how often each topic-partition-offset was processed. */
class Ledger {
  readonly counts = new Map<string, number>();

  add(partition: number, offset: number): void {
    const key = `${String(partition)}@${String(offset)}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  get total(): number {
    return this.counts.size;
  }

  duplicates(): string[] {
    return [...this.counts].filter(([, n]) => n > 1).map(([k]) => k);
  }
}

describe('offsets and rebalances', () => {
  it('continues exactly after the last processed message after a clean stop and restart', async () => {
    const topic = await createTopic(uniqueName('restart'), 2);
    const group = uniqueName('restart-group');
    await produceMessages(topic, 100, { partition: 0 });
    await produceMessages(topic, 100, { partition: 1 });
    const ledger = new Ledger();
    class LedgerConsumer extends BaseConsumer {
      consume(): Promise<void> | void {
        for (const m of this.messages) ledger.add(m.partition, m.offset);
      }
    }
    const first = testApp({ groupId: group, maxMessages: 10, concurrency: 1 });
    const stopping = new Promise<void>((resolve) => first.monitor.subscribe('app.stopping', () => resolve()));
    // The first run holds its worker after 60 messages until the stop begins, so the stop finds work in flight
    // and data fetched but not processed.
    class FirstRunConsumer extends LedgerConsumer {
      override async consume(): Promise<void> {
        await super.consume();
        if (ledger.total >= 60) await stopping;
      }
    }
    first.routes.draw((r) => r.topic(topic, { consumer: FirstRunConsumer }));
    const firstRun = await startEmbedded(first);
    await waitUntil(() => ledger.total >= 60, { description: 'the first run to process 60 messages' });
    await firstRun.stop();
    const afterFirst = ledger.total;
    expect(afterFirst).toBeLessThan(200);

    await produceMessages(topic, 25, { partition: 0 });
    await produceMessages(topic, 25, { partition: 1 });
    const second = testApp({ groupId: group, maxMessages: 10 });
    second.routes.draw((r) => r.topic(topic, { consumer: LedgerConsumer }));
    await startEmbedded(second);
    await waitUntil(() => ledger.total === 250, { description: 'all 250 messages processed across both runs' });
    expect(ledger.duplicates()).toEqual([]);
  });

  it('hands partitions to a second server cleanly: revoked() on the old owner, nothing lost, nothing twice', async () => {
    const topic = await createTopic(uniqueName('handoff'), 4);
    const group = uniqueName('handoff-group');
    for (let p = 0; p < 4; p += 1) await produceMessages(topic, 250, { partition: p });
    const ledger = new Ledger();
    const revokedOnFirst: number[] = [];
    let releaseFirst!: () => void;
    const gate = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    let firstStarted = false;
    class FirstConsumer extends BaseConsumer {
      async consume(): Promise<void> {
        firstStarted = true;
        await gate;
        for (const m of this.messages) ledger.add(m.partition, m.offset);
      }
      override revoked(): void {
        revokedOnFirst.push(this.partition);
      }
    }
    class SecondConsumer extends BaseConsumer {
      consume(): void {
        for (const m of this.messages) ledger.add(m.partition, m.offset);
      }
    }
    const first = testApp({ groupId: group, maxMessages: 20, concurrency: 4 });
    first.routes.draw((r) => r.topic(topic, { consumer: FirstConsumer }));
    const firstEvents = recordEvents(first, 'rebalance.');
    // The old owner is busy when the second server joins; it finishes its batches once revocation starts.
    first.monitor.subscribe('rebalance.partitions_revoke', () => releaseFirst());
    await startEmbedded(first);
    await waitUntil(() => firstStarted, { description: 'the first server to start a batch' });

    const second = testApp({ groupId: group, maxMessages: 20 });
    second.routes.draw((r) => r.topic(topic, { consumer: SecondConsumer }));
    const secondEvents = recordEvents(second, 'rebalance.partitions_assigned');
    await startEmbedded(second);

    await waitUntil(() => ledger.total === 1000, { description: 'all 1000 messages processed by the two servers' });
    expect(ledger.duplicates()).toEqual([]);
    const moved = secondEvents.flatMap((e) =>
      (e.payload.partitions as { partition: number }[]).map((p) => p.partition),
    );
    expect(moved.length).toBeGreaterThan(0);
    expect(revokedOnFirst.sort()).toEqual(expect.arrayContaining(moved.sort()));
    expect(firstEvents.some((e) => e.name === 'rebalance.partitions_revoked' && e.payload.lost === false)).toBe(true);
  });
});
