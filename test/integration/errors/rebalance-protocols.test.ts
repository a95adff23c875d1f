import { describe, expect, it } from 'vitest';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import type { KafkaSettings } from '../../../src/kafka/types.js';
import { recordEvents, startEmbedded, testApp } from '../../support/app.js';
import { createTopic, produceMessages, uniqueName } from '../../support/kafka.js';
import { Ledger } from '../../support/ledger.js';
import { waitUntil } from '../../support/wait-until.js';

/** Kafka settings of each of the two members, per group protocol. */
const PROTOCOLS: Record<string, (member: string) => KafkaSettings> = {
  'eager (range)': () => ({ 'partition.assignment.strategy': 'range' }),
  'cooperative-sticky': () => ({}),
  'static membership': (member) => ({ 'group.instance.id': uniqueName(`static-${member}`) }),
  'KIP-848 (group.protocol consumer)': () => ({ 'group.protocol': 'consumer' }),
};

describe('clean partition handoff to a joining server', () => {
  for (const [protocol, kafkaOf] of Object.entries(PROTOCOLS)) {
    it(`under ${protocol}: revoked() on the old owner, nothing lost, nothing processed twice`, async () => {
      const topic = await createTopic(uniqueName('handoff'), 4);
      const group = uniqueName('handoff-group');
      for (let p = 0; p < 4; p += 1) await produceMessages(topic, 250, { partition: p });
      const ledger = new Ledger();
      const revokedOnFirst: number[] = [];
      const sawRevokedWhileConsuming = new Set<number>();
      let releaseFirst!: () => void;
      const gate = new Promise<void>((resolve) => {
        releaseFirst = resolve;
      });
      const firstConsuming = new Set<number>();
      class FirstConsumer extends BaseConsumer {
        async consume(): Promise<void> {
          firstConsuming.add(this.partition);
          await gate;
          if (this.isRevoked) sawRevokedWhileConsuming.add(this.partition);
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
      const first = testApp({ groupId: group, maxMessages: 20, concurrency: 4, kafka: kafkaOf('a') });
      first.routes.draw((r) => r.topic(topic, { consumer: FirstConsumer }));
      // The old owner is busy when the second server joins; it finishes its batches once revocation starts.
      first.monitor.subscribe('rebalance.partitions_revoke', () => releaseFirst());
      const firstEvents = recordEvents(first, 'rebalance.');
      await startEmbedded(first);
      // Every partition has a batch in flight on the first server (a partition it never got data for has no
      // consumer, so no revoked() hook to run).
      await waitUntil(() => firstConsuming.size === 4, {
        description: () =>
          `the first server to start a batch on all 4 partitions (so far ${[...firstConsuming].join(', ')})`,
      });

      const second = testApp({ groupId: group, maxMessages: 20, kafka: kafkaOf('b') });
      second.routes.draw((r) => r.topic(topic, { consumer: SecondConsumer }));
      const secondAssigned = recordEvents(second, 'rebalance.partitions_assigned');
      await startEmbedded(second);

      await waitUntil(() => ledger.total === 1000, {
        description: () => `all 1000 messages processed by the two servers (so far ${String(ledger.total)})`,
        timeoutMs: 60_000,
      });
      expect(ledger.duplicates()).toEqual([]);
      await waitUntil(() => secondAssigned.length > 0, { description: 'the second server to get partitions' });
      const moved = secondAssigned.flatMap((e) =>
        (e.payload.partitions as { partition: number }[]).map((p) => p.partition),
      );
      expect(revokedOnFirst).toEqual(expect.arrayContaining(moved));
      expect(firstEvents.some((e) => e.name === 'rebalance.partitions_revoked' && e.payload.lost === false)).toBe(true);
      // The moved partitions had a batch in flight: `isRevoked` turned true while it ran.
      expect([...sawRevokedWhileConsuming]).toEqual(expect.arrayContaining(moved));
    });
  }
});
