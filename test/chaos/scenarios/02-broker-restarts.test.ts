import { setTimeout as delay } from 'node:timers/promises';
import { describe, it } from 'vitest';
import { killSingle, restartSingle, singleBootstrap, startSingle } from '../harness/brokers.js';
import { Rig } from '../harness/rig.js';
import { runScenario } from '../harness/scenario.js';

const BUDGET_MS = 300_000;
const ROUNDS = 3;
/** How long the broker stays dead each round (its restart then takes ~15-25 s more on this machine). */
const OUTAGE_MS = 5_000;

describe('chaos: single broker SIGKILLed and restarted', () => {
  it(
    `02: ${String(ROUNDS)} kills mid-production and mid-consumption lose nothing`,
    async () => {
      await runScenario('02', 'single broker killed and restarted', BUDGET_MS, async (s) => {
        await startSingle();
        const rig = await Rig.create(s, {
          bootstrap: singleBootstrap,
          partitions: 4,
          rate: 200,
          app: { WORK_MS: '5' },
        });
        try {
          rig.fleet.start();
          rig.fleet.start();
          rig.load.start();
          await rig.waitForStableGroup(60_000);
          for (let round = 1; round <= ROUNDS; round += 1) {
            // Killed while producing and consuming, once the group committed what came before.
            await rig.waitForCommitted(60_000);
            const at = Date.now();
            await killSingle();
            await delay(OUTAGE_MS);
            await restartSingle();
            const back = Date.now();
            const fault = s.fault({
              label: `round ${String(round)}: broker killed, back after ${((back - at) / 1000).toFixed(1)} s`,
              at,
              recoverFrom: back,
              partitions: 'all',
            });
            await rig.waitForProgress(rig.partitions, back, 90_000);
            await rig.waitForStableGroup(60_000);
            s.settled(fault);
          }
          s.note(rig.producerNote());
          await rig.drainAndSettle(90_000);
          await rig.stopConsumers();
        } finally {
          await rig.close();
        }
      });
    },
    BUDGET_MS + 60_000,
  );
});
