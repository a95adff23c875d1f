import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { produceMessages, waitForCommittedOffsets } from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';
import {
  currentNodes,
  logLines,
  processReaped,
  startSwarm,
  waitForEvent,
  waitForRunningNodes,
  waitForSettledGroup,
} from './helpers.js';

describe('karafka swarm: restarts', () => {
  it('restarts a node that calls process.exit inside consume, and the topic is consumed to the end', async () => {
    const { process: swarm, topic, group } = await startSwarm(4);
    await waitForRunningNodes(swarm, 2);
    for (let partition = 0; partition < 4; partition += 1) {
      await produceMessages(topic, 10, {
        partition,
        payload: (i) => (partition === 1 && i === 5 ? 'exit' : `message-${String(i)}`),
      });
    }

    const [, nodeNumber, pid] = /^EXITING (\d+) (\d+)$/.exec(await swarm.waitForLine(/^EXITING /))!;
    const reaped = await waitForEvent(swarm, 'swarm.manager.reaped', (l) => l.nodePid === Number(pid));
    expect(reaped).toMatchObject({ nodeNumber: Number(nodeNumber), code: 1, signal: null, restartIn: 200 });
    await waitUntil(() => {
      const restarted = currentNodes(swarm).get(Number(nodeNumber));
      return restarted !== undefined && restarted !== Number(pid);
    });
    await waitForCommittedOffsets(
      group,
      topic,
      new Map([
        [0, 10],
        [1, 10],
        [2, 10],
        [3, 10],
      ]),
      45_000,
    );
    // The message that killed the node was consumed again after the restart, and only one node ever exited.
    expect(swarm.matching(/^EXITING /)).toHaveLength(1);
    expect(swarm.matching(/^CONSUMED \d+ 1@5$/).length).toBeGreaterThanOrEqual(2);

    await waitForSettledGroup(swarm, 4);
    swarm.signal('SIGTERM');
    expect(await swarm.exited).toEqual({ code: 0, signal: null });
  });

  it('stops a node that reports itself unhealthy and starts it again', async () => {
    const { process: swarm, topic } = await startSwarm(2);
    await waitForRunningNodes(swarm, 2);
    await produceMessages(topic, 1, { partition: 0, payload: () => 'unhealthy' });

    const [, nodeNumber, pid] = /^UNHEALTHY (\d+) (\d+)$/.exec(await swarm.waitForLine(/^UNHEALTHY /))!;
    const stopping = await waitForEvent(swarm, 'swarm.manager.stopping', (l) => l.nodePid === Number(pid));
    expect(stopping).toMatchObject({
      nodeNumber: Number(nodeNumber),
      reason: 'unhealthy',
      code: 42,
      detail: 'the fixture asked for it',
    });
    // SIGTERM: the node stops gracefully (exit code 0) and comes back with a new process.
    expect(await waitForEvent(swarm, 'swarm.manager.reaped', (l) => l.nodePid === Number(pid))).toMatchObject({
      code: 0,
      signal: null,
    });
    const restarted = await waitForEvent(
      swarm,
      'swarm.node.after_fork',
      (l) => l.nodeNumber === Number(nodeNumber) && l.pid !== Number(pid),
    );
    await waitForEvent(swarm, 'app.running', (l) => l.pid === restarted.pid);
    // No other node was taken for unhealthy.
    expect(logLines(swarm, 'swarm.manager.stopping').filter((l) => l.reason === 'unhealthy')).toHaveLength(1);

    await waitForSettledGroup(swarm, 2);
    swarm.signal('SIGTERM');
    expect(await swarm.exited).toEqual({ code: 0, signal: null });
  });

  it('reaps a node that died (no zombie), restarts it, and runs as the supervisor', async () => {
    const { process: swarm } = await startSwarm(2);
    const nodes = await waitForRunningNodes(swarm, 2);
    const supervisor = logLines(swarm, 'app.supervising')[0]!;
    expect(supervisor.tags).toEqual(['mode:supervisor']);
    const supervisorPid = supervisor.pid!;
    const title = readFileSync(`/proc/${String(supervisorPid)}/cmdline`, 'utf8');
    expect(title).toMatch(/^karafka-ts swarm-app-\S+ supervisor supervising/);

    const victim = nodes.get(2)!;
    process.kill(victim, 'SIGKILL');
    // Gone from the process table: the supervisor waited for it, no zombie is left behind.
    await waitUntil(() => processReaped(victim), { description: `node pid ${String(victim)} to be reaped` });
    expect(await waitForEvent(swarm, 'swarm.manager.reaped', (l) => l.nodePid === victim)).toMatchObject({
      nodeNumber: 2,
      code: null,
      signal: 'SIGKILL',
      restartIn: 200,
    });
    const restarted = await waitForEvent(swarm, 'swarm.node.after_fork', (l) => l.nodeNumber === 2 && l.pid !== victim);
    expect(restarted).toMatchObject({ parentPid: supervisorPid, tags: ['mode:swarm', 'node:2'] });
    const nodeTitle = readFileSync(`/proc/${String(nodes.get(1)!)}/cmdline`, 'utf8');
    expect(nodeTitle).toMatch(/^karafka-ts swarm-app-\S+ swarm node 1 running/);
    // Back in the group (once the killed member's session expired): a stop now is a clean one.
    await waitForSettledGroup(swarm, 2);

    // TTIN: the supervisor lists its nodes, every node prints its own dump with its tags and event-loop delay.
    swarm.signal('SIGTTIN');
    await swarm.waitForLine(/^karafka-ts supervisor \S+: app supervising$/);
    await swarm.waitForLine(new RegExp(`^ {2}node 2: pid ${String(restarted.pid)} running, app \\w+, healthy, `));
    await swarm.waitForLine(/^ {2}tags: mode:swarm, node:1$/);
    await swarm.waitForLine(/^ {2}tags: mode:swarm, node:2$/);
    await swarm.waitForLine(/^ {2}event loop delay: p50 [\d.]+ ms, p99 [\d.]+ ms, max [\d.]+ ms over \d+ ms$/);

    swarm.signal('SIGINT');
    expect(await swarm.exited).toEqual({ code: 0, signal: null });
    const supervisorStates = logLines(swarm)
      .filter((l) => l.pid === supervisorPid && String(l.event).startsWith('app.'))
      .map((l) => l.event);
    expect(supervisorStates).toEqual(['app.supervising', 'app.stopping', 'app.stopped', 'app.terminated']);
  });
});
