import { afterAll, describe, expect, it } from 'vitest';
import { rdkafkaDrivers } from '../../../src/kafka/drivers.js';
import { baseSettings, uniqueName } from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';
import { logLines, ownedPartitions, processReaped, startSwarm, waitForEvent, waitForRunningNodes } from './helpers.js';

const admin = rdkafkaDrivers.admin({ settings: baseSettings() });
afterAll(() => admin.close());

/** group.instance.id -> partitions (`topic/p`) of every member of `group`, as the broker sees it. */
async function members(group: string): Promise<Map<string, Set<string>>> {
  const [description] = await admin.describeGroups([group], 10_000);
  return new Map(
    (description?.members ?? []).map((m) => [
      m.groupInstanceId ?? m.memberId,
      new Set(m.assignment.map((tp) => `${tp.topic}/${String(tp.partition)}`)),
    ]),
  );
}

describe('karafka swarm: static membership', () => {
  it('gives each node its own instance id, and a restarted node its own partitions back', async () => {
    const id = uniqueName('instance');
    // As in production with static membership, the session outlasts a node restart (which takes seconds on a
    // loaded machine): the restarted member takes its place again instead of triggering a rebalance.
    const { process: swarm, group } = await startSwarm(6, { NODES: '3', INSTANCE_ID: id, SESSION_TIMEOUT: '30000' });
    const nodes = await waitForRunningNodes(swarm, 3);
    // Every partition is owned, each node has some.
    const before = await waitUntil(() => {
      const owned = new Map([...nodes].map(([n, pid]) => [n, ownedPartitions(swarm, pid)]));
      const total = [...owned.values()].reduce((sum, set) => sum + set.size, 0);
      return total === 6 && [...owned.values()].every((set) => set.size > 0) ? owned : undefined;
    });
    // The broker knows three static members, `${id}-<node number>`, with those partitions.
    await waitUntil(async () => (await members(group)).size === 3);
    expect(await members(group)).toEqual(new Map([1, 2, 3].map((n) => [`${id}-${String(n)}`, before.get(n)])));
    const linesBefore = swarm.lines.length;

    const victim = nodes.get(2)!;
    process.kill(victim, 'SIGKILL');
    await waitUntil(() => processReaped(victim));
    const restarted = await waitForEvent(swarm, 'swarm.node.after_fork', (l) => l.nodeNumber === 2 && l.pid !== victim);
    await waitUntil(() => ownedPartitions(swarm, restarted.pid!).size === before.get(2)!.size);
    expect(ownedPartitions(swarm, restarted.pid!)).toEqual(before.get(2));
    for (const n of [1, 3]) expect(ownedPartitions(swarm, nodes.get(n)!)).toEqual(before.get(n));
    expect(logLines({ lines: swarm.lines.slice(linesBefore) }, 'rebalance.partitions_revoked')).toEqual([]);
    expect(await members(group)).toEqual(new Map([1, 2, 3].map((n) => [`${id}-${String(n)}`, before.get(n)])));

    swarm.signal('SIGTERM');
    expect(await swarm.exited).toEqual({ code: 0, signal: null });
  });
});
