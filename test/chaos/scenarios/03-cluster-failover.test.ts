import { describe, it } from 'vitest';
import { Admin } from '../../../src/admin/admin.js';
import {
  clusterBootstrap,
  groupCoordinator,
  killClusterNode,
  partitionLeaders,
  restartClusterNode,
  startCluster,
  stopCluster,
} from '../harness/brokers.js';
import { Rig } from '../harness/rig.js';
import { runScenario, type Scenario } from '../harness/scenario.js';

const BUDGET_MS = 480_000;
const PARTITIONS = 3;

/** Waits until every partition of `topics` has all three replicas in sync again (a restarted node caught up). */
async function waitForFullIsr(s: Scenario, admin: Admin, topics: readonly string[]): Promise<void> {
  let short: string[] = [];
  await s.waitFor(
    async () => {
      short = [];
      for (const topic of topics) {
        const info = await admin.topicInfo(topic);
        for (const p of info.partitions) if (p.isr.length < 3) short.push(`${topic}/${String(p.partition)}`);
      }
      return short.length === 0;
    },
    () => `every replica back in sync (short: ${short.join(', ')})`,
    { timeoutMs: 120_000 },
  );
}

describe('chaos: three-node cluster failover', () => {
  it(
    '03: the partitions leader, then the group coordinator, killed while producing (acks=all, idempotent) and consuming',
    async () => {
      await runScenario('03', 'three-node cluster failover', BUDGET_MS, async (s) => {
        await startCluster({ fresh: true });
        const admin = new Admin({ kafka: { 'bootstrap.servers': clusterBootstrap }, timeout: 15_000 });
        let rig: Rig | undefined;
        try {
          rig = await Rig.create(s, {
            bootstrap: clusterBootstrap,
            partitions: PARTITIONS,
            replicationFactor: 3,
            topicConfigs: { 'min.insync.replicas': '2' },
            rate: 150,
            app: { WORK_MS: '5' },
          });
          const { topic, group } = rig;
          rig.fleet.start();
          rig.fleet.start();
          rig.load.start();
          await rig.waitForStableGroup(90_000);
          await rig.waitForCommitted(60_000);

          // 1. The broker leading most of the consumed partitions dies: one that is not the group coordinator
          // when there is one (the coordinator gets its own fault next), else the coordinator itself.
          const leaders = await s.retry('the partition leaders', () => partitionLeaders(admin, topic));
          const coordinatorBefore = await s.retry('the group coordinator', () => groupCoordinator(admin, group));
          const counts = new Map<number, number>();
          for (const leader of leaders.values()) counts.set(leader, (counts.get(leader) ?? 0) + 1);
          const ranked = [...counts].sort(
            (a, b) =>
              Number(a[0] === coordinatorBefore) - Number(b[0] === coordinatorBefore) || b[1] - a[1] || a[0] - b[0],
          );
          const victim = ranked[0]![0];
          const led = [...leaders].filter(([, l]) => l === victim).map(([p]) => p);
          const alsoCoordinator = victim === coordinatorBefore;
          const killed = Date.now();
          await killClusterNode(victim);
          const leaderFault = s.fault({
            label:
              `leader node ${String(victim)} of partitions ${led.join(',')} killed` +
              `${alsoCoordinator ? ' (also the group coordinator)' : ''} (failover, no restart)`,
            at: killed,
            recoverFrom: killed,
            // A coordinator's death interrupts every partition of the group.
            partitions: alsoCoordinator ? 'all' : led,
          });
          await rig.waitForProgress(led, killed, 120_000);
          await rig.waitForStableGroup(60_000);
          s.settled(leaderFault);
          await rig.waitForCommitted(90_000);
          s.note(
            `commits past the end offsets of the leader kill ${((Date.now() - killed) / 1000).toFixed(1)} s after it`,
          );
          await restartClusterNode(victim);
          await waitForFullIsr(s, admin, [rig.topic, '__consumer_offsets']);
          await rig.waitForStableGroup(60_000);
          await rig.waitForCommitted(60_000);

          // 2. The group coordinator's broker dies.
          const coordinator = await s.retry('the group coordinator', () => groupCoordinator(admin, group));
          const stillLed = [...(await s.retry('the partition leaders', () => partitionLeaders(admin, topic)))].filter(
            ([, l]) => l === coordinator,
          );
          const coordinatorKilled = Date.now();
          await killClusterNode(coordinator);
          const coordinatorFault = s.fault({
            label: `group coordinator node ${String(coordinator)} killed (leader of ${String(stillLed.length)} partitions)`,
            at: coordinatorKilled,
            recoverFrom: coordinatorKilled,
            partitions: 'all',
          });
          await rig.waitForProgress(rig.partitions, coordinatorKilled, 120_000);
          await rig.waitForStableGroup(60_000);
          s.settled(coordinatorFault);
          await rig.waitForCommitted(120_000);
          s.note(
            `commits past the end offsets of the coordinator kill ${((Date.now() - coordinatorKilled) / 1000).toFixed(1)} s after it`,
          );
          await restartClusterNode(coordinator);

          s.note(rig.producerNote());
          await rig.drainAndSettle(90_000);
          await rig.stopConsumers();
        } finally {
          await rig?.close();
          await admin.close();
          await stopCluster();
        }
      });
    },
    BUDGET_MS + 90_000,
  );
});
