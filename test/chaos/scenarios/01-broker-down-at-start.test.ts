import { readFileSync } from 'node:fs';
import { describe, it } from 'vitest';
import { killSingle, restartSingle, singleBootstrap, startSingle } from '../harness/brokers.js';
import { Rig } from '../harness/rig.js';
import { runScenario } from '../harness/scenario.js';

const BUDGET_MS = 300_000;
/** Longer than every client timeout (socket 60 s is the longest librdkafka default that matters; sessions 6-45 s). */
const OUTAGE_MS = 60_000;

describe('chaos: broker down when the consumers start', () => {
  it(
    '01: consumers (a karafka server and an embedded host) stay up through a 60 s outage at start, then consume everything',
    async () => {
      await runScenario('01', 'broker down at start', BUDGET_MS, async (s) => {
        await startSingle();
        const rig = await Rig.create(s, { bootstrap: singleBootstrap, partitions: 4, rate: 100 });
        try {
          // A backlog written before the outage, then the broker dies before any consumer starts.
          for (let i = 0; i < 400; i += 1) void rig.load.send(rig.load.next());
          await rig.load.drain(30_000);
          await killSingle();

          const down = Date.now();
          const server = rig.fleet.start('server');
          const embedded = rig.fleet.start('embedded');
          rig.load.start(); // produced during the outage: queued in the client until the broker is back
          // The outage: any consumer process that exits during it fails the scenario at once.
          await s.settle(() => false, { timeoutMs: OUTAGE_MS, abortIf: rig.healthy });
          for (const member of [server, embedded]) {
            const lines = readFileSync(member.output, 'utf8')
              .split('\n')
              .filter((l) => l !== '');
            s.note(
              `${member.name}: ${String(lines.length)} output lines during the ${String(OUTAGE_MS / 1000)} s outage`,
            );
          }

          await restartSingle();
          const back = Date.now();
          const fault = s.fault({
            label: `broker down from the consumers' start, back after ${((back - down) / 1000).toFixed(1)} s`,
            at: down,
            recoverFrom: back,
            partitions: 'all',
          });
          await rig.waitForProgress(rig.partitions, back, 120_000);
          await rig.waitForStableGroup(60_000);
          s.settled(fault);
          await rig.waitForCommitted(60_000);
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
});
