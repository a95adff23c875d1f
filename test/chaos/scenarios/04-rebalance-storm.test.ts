import { setTimeout as delay } from 'node:timers/promises';
import { describe, it } from 'vitest';
import { singleBootstrap, startSingle } from '../harness/brokers.js';
import { Rig } from '../harness/rig.js';
import { runScenario } from '../harness/scenario.js';

const BUDGET_MS = 300_000;
const MEMBERS = 3;
const KILLS = 5;
/** Time between kills: shorter than a rebalance after a kill takes (session timeouts of 6 s and 10 s), so they pile up. */
const KILL_EVERY_MS = 4_000;

const PROTOCOLS = {
  'eager (range)': 'range',
  'cooperative-sticky': 'cooperative-sticky',
  'consumer protocol (KIP-848)': 'consumer',
} as const;

describe('chaos: consumer processes SIGKILLed in a loop (rebalance storm)', () => {
  for (const [name, protocol] of Object.entries(PROTOCOLS)) {
    it(
      `04 ${name}: ${String(KILLS)} kills ${String(KILL_EVERY_MS / 1000)} s apart while the others keep consuming`,
      async () => {
        await runScenario('04', `rebalance storm, ${name}`, BUDGET_MS, async (s) => {
          await startSingle();
          const rig = await Rig.create(s, {
            bootstrap: singleBootstrap,
            partitions: 6,
            rate: 200,
            app: { PROTOCOL: protocol, WORK_MS: '5' },
          });
          try {
            for (let i = 0; i < MEMBERS; i += 1) rig.fleet.start();
            rig.load.start();
            await rig.waitForStableGroup(90_000);
            await rig.waitForCommitted(60_000);
            for (let kill = 1; kill <= KILLS; kill += 1) {
              // A member holding partitions when there is one (a replacement still joining holds none).
              const running = rig.fleet.running;
              const holders = running.filter((m) => rig.fleet.ledger.refresh().partitionsOf(m.pid).length > 0);
              const victim = holders[kill % Math.max(1, holders.length)] ?? running[kill % running.length]!;
              const at = await rig.fleet.kill(victim);
              s.fault({
                label: `kill ${String(kill)}: ${victim.name} (pid ${String(victim.pid)})`,
                at,
                recoverFrom: at,
                partitions: { lastProcessedBy: victim.pid },
                pids: [victim.pid],
              });
              rig.fleet.start();
              await delay(KILL_EVERY_MS);
            }
            await rig.waitForStableGroup(120_000);
            for (const fault of s.faults) s.settled(fault);
            await rig.waitForCommitted(60_000);
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
  }
});
