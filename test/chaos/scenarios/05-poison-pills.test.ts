import { describe, expect, it } from 'vitest';
import { Admin } from '../../../src/admin/admin.js';
import { uniqueName } from '../../support/kafka.js';
import { singleBootstrap, startSingle } from '../harness/brokers.js';
import type { ChaosMessage } from '../harness/load-producer.js';
import { Rig } from '../harness/rig.js';
import { runScenario } from '../harness/scenario.js';

const BUDGET_MS = 240_000;
const PARTITIONS = 3;
/** A payload near the broker's default limit (`message.max.bytes` 1 048 588) and at the producer's `maxPayloadSize`. */
const BIG = 1_000_000;
const DLQ_RETRIES = 2;

const undecodable = (id: string, partition: number): ChaosMessage => ({
  id,
  partition,
  key: `bad-${id}`,
  payload: Buffer.from('{"not": json'),
});
const keyed = (id: string, partition: number, key: string, size = 0): ChaosMessage => ({
  id,
  partition,
  key,
  payload: JSON.stringify({ id, pad: 'x'.repeat(Math.max(0, size - 40)) }),
});

describe('chaos: poison pills', () => {
  it(
    '05 with a DLQ: undecodable and always-failing messages (one of 1 MB) land in the DLQ, everything else is processed',
    async () => {
      await runScenario('05', 'poison pills, with a DLQ', BUDGET_MS, async (s) => {
        await startSingle();
        const poison = new Set<string>();
        const dlq = uniqueName('chaos-05-dlq');
        await Rig.createTopic({ bootstrap: singleBootstrap, partitions: 1, rate: 1 }, dlq);
        const rig = await Rig.create(s, {
          bootstrap: singleBootstrap,
          partitions: PARTITIONS,
          rate: 100,
          app: { DLQ_TOPIC: dlq, DLQ_RETRIES: String(DLQ_RETRIES) },
          notExpected: () => poison,
        });
        const admin = new Admin({ kafka: { 'bootstrap.servers': singleBootstrap } });
        try {
          rig.fleet.start();
          rig.fleet.start();
          rig.load.start();
          await rig.waitForStableGroup(60_000);
          const specials: ChaosMessage[] = [];
          for (let p = 0; p < PARTITIONS; p += 1) {
            specials.push(undecodable(`s05-undecodable-${String(p)}`, p));
            specials.push(keyed(`s05-poison-${String(p)}`, p, `poison-${String(p)}`));
            specials.push(keyed(`s05-flaky-${String(p)}`, p, `flaky-${String(p)}`));
            specials.push(keyed(`s05-big-${String(p)}`, p, `big-${String(p)}`, BIG));
          }
          specials.push(keyed('s05-poison-big-0', 0, 'poison-big', BIG));
          for (const m of specials) if (m.key.startsWith('poison') || m.key.startsWith('bad')) poison.add(m.id);
          await Promise.all(specials.map((m) => rig.load.send(m)));

          s.note(rig.producerNote());
          await rig.drainAndSettle(90_000);
          let dead = new Map<string, { partition: string; offset: string }>();
          await s.waitFor(
            async () => {
              const records = await admin.readTopic(dlq, 0, 1000, 0);
              dead = new Map(
                records.map((r) => {
                  const header = (name: string): string =>
                    r.headers.find((h) => h.key === name)?.value.toString('utf8') ?? '';
                  return [
                    header('chaos-id'),
                    { partition: header('source_partition'), offset: header('source_offset') },
                  ];
                }),
              );
              return dead.size >= poison.size;
            },
            () => `the ${String(poison.size)} poison pills in the DLQ (there: ${[...dead.keys()].join(', ')})`,
            { timeoutMs: 60_000 },
          );
          s.note(`DLQ holds ${String(dead.size)} messages: ${[...dead.keys()].sort().join(', ')}`);
          expect([...dead.keys()].sort()).toEqual([...poison].sort());
          for (const [id, source] of dead) {
            const ack = rig.load.acks.get(id)![0]!;
            expect(source, id).toEqual({ partition: String(ack.partition), offset: String(ack.offset) });
          }
          const ledger = rig.fleet.ledger.refresh();
          const flakyThrows = ledger.thrown.filter((e) => e.id.startsWith('s05-flaky-')).length;
          s.note(`flaky messages threw ${String(flakyThrows)} times before they were processed`);
          expect(ledger.processed.filter((e) => poison.has(e.id))).toEqual([]);
          await rig.stopConsumers();
        } finally {
          await rig.close();
          await admin.close();
        }
      });
    },
    BUDGET_MS + 60_000,
  );

  it(
    '05 without a DLQ: a poison pill holds its partition (retried, nothing after it skipped), other partitions go on',
    async () => {
      const held = new Set<string>();
      await runScenario('05', 'poison pills, no DLQ', BUDGET_MS, async (s) => {
        await startSingle();
        const rig = await Rig.create(s, {
          bootstrap: singleBootstrap,
          partitions: PARTITIONS,
          rate: 100,
          notExpected: () => held,
        });
        const admin = new Admin({ kafka: { 'bootstrap.servers': singleBootstrap } });
        try {
          rig.fleet.start();
          rig.fleet.start();
          rig.load.start();
          await rig.waitForStableGroup(60_000);
          await rig.waitForCommitted(30_000);
          // Partition 0 is blocked by an undecodable payload, partition 1 by a consumer that always throws;
          // partition 2 gets a message that fails twice, then a 1 MB one.
          const blockers = [undecodable('s05n-undecodable-0', 0), keyed('s05n-poison-1', 1, 'poison-1')];
          const healthy = [keyed('s05n-flaky-2', 2, 'flaky-2'), keyed('s05n-big-2', 2, 'big-2', BIG)];
          await Promise.all([...blockers, ...healthy].map((m) => rig.load.send(m)));
          const blockedAt = new Map(blockers.map((b) => [b.partition, rig.load.acks.get(b.id)![0]!.offset]));
          // Held: every message of a blocked partition from its blocker on (computed again as the load goes on).
          const hold = (): void => {
            for (const [id, acks] of rig.load.acks) {
              const at = blockedAt.get(acks[0]!.partition);
              if (at !== undefined && acks[0]!.offset >= at) held.add(id);
            }
          };
          const attempts = (id: string): number =>
            Math.max(0, ...rig.fleet.ledger.thrown.filter((e) => e.id === id).map((e) => e.attempt ?? 0));
          await s.waitFor(
            () => {
              rig.fleet.ledger.refresh();
              return (
                blockers.every((b) => attempts(b.id) >= 4) && healthy.every((h) => rig.fleet.ledger.hasProcessed(h.id))
              );
            },
            () =>
              `each blocker retried 4 times (${blockers.map((b) => `${b.id}: ${String(attempts(b.id))}`).join(', ')}) and the healthy partition past its specials`,
            { timeoutMs: 60_000, abortIf: rig.healthy },
          );
          s.note(rig.producerNote());
          await rig.load.drain(30_000);
          hold();
          await rig.drainAndSettle(60_000);
          s.note(
            `held behind the blockers: ${String(held.size)} messages; blockers retried ${blockers.map((b) => String(attempts(b.id))).join(' and ')} times`,
          );
          const processedBehind = rig.fleet.ledger.processed.filter((e) => held.has(e.id));
          expect(processedBehind, 'messages processed past a blocker (skipped a poison pill)').toEqual([]);
          // Marks before a blocker are committed by the periodic commit; the commit never passes the blocker.
          let committed: Record<number, { offset: number }> = {};
          await s.waitFor(
            async () => {
              const lags = await admin.readLagsWithOffsets({ [rig.group]: [rig.topic] });
              committed = lags[rig.group]?.[rig.topic] ?? {};
              return [...blockedAt].every(([p, offset]) => (committed[p]?.offset ?? -1) >= offset);
            },
            () =>
              `commits up to the blockers ${JSON.stringify([...blockedAt])} (committed: ${JSON.stringify(committed)})`,
            { timeoutMs: 30_000, abortIf: rig.healthy },
          );
          for (const [partition, offset] of blockedAt) {
            expect(committed[partition]?.offset, `committed offset of partition ${String(partition)}`).toBe(offset);
          }
          await rig.stopConsumers();
        } finally {
          await rig.close();
          await admin.close();
        }
      });
    },
    BUDGET_MS + 60_000,
  );
});
