import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'vitest';
import { singleBootstrap, startSingle } from '../harness/brokers.js';
import { Rig } from '../harness/rig.js';
import { runScenario } from '../harness/scenario.js';

const BUDGET_MS = 240_000;
/** Small, but not below the classic protocol's session.timeout.ms (6 000), which librdkafka requires. */
const MAX_POLL_INTERVAL_MS = 8_000;
/** The stuck batch runs this long: well past max.poll.interval.ms. */
const STALL_MS = 25_000;

const PROTOCOLS = {
  'eager (range)': 'range',
  'cooperative-sticky': 'cooperative-sticky',
  'consumer protocol (KIP-848)': 'consumer',
} as const;

describe('chaos: a consumer stuck past max.poll.interval.ms', () => {
  for (const [name, protocol] of Object.entries(PROTOCOLS)) {
    it(
      `06 ${name}: the stuck member gives its partitions up, another processes them; nothing lost`,
      async () => {
        await runScenario('06', `stuck consumer, ${name}`, BUDGET_MS, async (s) => {
          await startSingle();
          const claims = path.join(s.dir, 'claims');
          mkdirSync(claims);
          const rig = await Rig.create(s, {
            bootstrap: singleBootstrap,
            partitions: 3,
            rate: 100,
            app: {
              PROTOCOL: protocol,
              MAX_POLL_INTERVAL: String(MAX_POLL_INTERVAL_MS),
              STALL_MS: String(STALL_MS),
              CLAIMS: claims,
            },
          });
          try {
            rig.fleet.start();
            rig.fleet.start();
            rig.load.start();
            await rig.waitForStableGroup(60_000);
            await rig.waitForCommitted(30_000);

            const stuck = rig.load.next({ partition: 1, key: 'stuck-1' });
            await rig.load.send(stuck);
            await s.waitFor(
              () => rig.fleet.ledger.refresh().stalls.some((e) => e.id === stuck.id),
              () => `the stuck message ${stuck.id} to start its stall`,
              { timeoutMs: 30_000, abortIf: rig.healthy },
            );
            const stall = rig.fleet.ledger.stalls.find((e) => e.id === stuck.id)!;
            const fault = s.fault({
              label: `${stuck.id} stalled ${String(STALL_MS / 1000)} s in pid ${String(stall.pid)} (max.poll.interval.ms ${String(MAX_POLL_INTERVAL_MS)})`,
              at: stall.at,
              recoverFrom: stall.at,
              // The stuck member gives up every partition it had, not only the stuck one.
              partitions: { lastProcessedBy: stall.pid },
              pids: [stall.pid],
              ignore: { id: stuck.id, pid: stall.pid, from: stall.at + STALL_MS },
            });
            const takenOver = (): boolean =>
              rig.fleet.ledger.processed.some((e) => e.id === stuck.id && e.at < stall.at + STALL_MS);
            await s.waitFor(
              () => (rig.fleet.ledger.refresh(), takenOver()),
              () => `${stuck.id} processed again before its stuck batch ends`,
              { timeoutMs: STALL_MS, abortIf: rig.healthy },
            );
            // The stuck batch ends; its marks are refused (its partition is gone), its work counts as a duplicate.
            await s.waitFor(
              () => rig.fleet.ledger.refresh().processed.some((e) => e.id === stuck.id && e.at >= stall.at + STALL_MS),
              () => `the stuck batch of ${stuck.id} to finish`,
              { timeoutMs: STALL_MS + 30_000, abortIf: rig.healthy },
            );
            const stalled = rig.fleet.members.find((m) => m.pid === stall.pid)!;
            const reports = readFileSync(stalled.output, 'utf8')
              .split('\n')
              .filter((l) => l.includes('connection.listener.max_poll_interval.error')).length;
            s.note(`${stalled.name} reported connection.listener.max_poll_interval.error ${String(reports)} time(s)`);
            if (reports === 0)
              throw new Error(`${stalled.name} never reported max_poll_interval: see ${stalled.output}`);
            await rig.waitForStableGroup(60_000);
            s.settled(fault);
            await rig.waitForCommitted(30_000);
            s.note(rig.producerNote());
            await rig.drainAndSettle(60_000);
            await rig.stopConsumers();
          } finally {
            await rig.close();
          }
        });
      },
      BUDGET_MS + 60_000,
    );
  }
});
