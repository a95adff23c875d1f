/**
 * What `karafka swarm` prints, supervisor and nodes together on one stdout: no line has a key twice, and a
 * supervisor line about a node keeps its own pid as `pid` and the node's as `nodePid`.
 */
import { describe, expect, it } from 'vitest';
import { repeatedKeys } from '../../support/json-keys.js';
import { produceMessages } from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';
import { logLines, startSwarm, waitForRunningNodes, waitForSettledGroup } from '../swarm/helpers.js';

describe('karafka swarm logs', () => {
  it('writes no repeated key in any line of the supervisor or a node, at debug', async () => {
    const { process: swarm, topic } = await startSwarm(2, { KARAFKA_LOG_LEVEL: 'debug' });
    const nodes = await waitForRunningNodes(swarm, 2);
    await waitForSettledGroup(swarm, 2);
    await produceMessages(topic, 4, { partition: 0 });
    await produceMessages(topic, 4, { partition: 1 });
    await waitUntil(() => swarm.matching(/^CONSUMED /).length >= 8, { description: '8 messages consumed' });
    await waitUntil(() => logLines(swarm, 'swarm.manager.control').length > 0, { description: 'a supervision round' });
    swarm.signal('SIGTERM');
    expect(await swarm.exited).toEqual({ code: 0, signal: null });

    // The fixture's consumer prints `CONSUMED ...`; every other line is a JSON log line.
    const logs = swarm.lines.filter((line) => !line.startsWith('CONSUMED '));
    const notJson = logs.filter((line) => !line.startsWith('{'));
    expect(notJson).toEqual([]);
    const repeated = logs.flatMap((line) => repeatedKeys(line).map((key) => `${key} in ${line}`));
    expect(repeated).toEqual([]);

    // Lines of the supervisor and of both nodes were read.
    const supervisorPid = logLines(swarm, 'app.supervising')[0]!.pid;
    const writers = new Set(logLines(swarm).map((line) => line.pid));
    expect([...writers].sort()).toEqual([supervisorPid, ...nodes.values()].sort());

    // The supervisor's lines about a node: written by the supervisor, about the node.
    const reaped = logLines(swarm, 'swarm.manager.reaped');
    const stopping = logLines(swarm, 'swarm.manager.stopping');
    for (const line of [...reaped, ...stopping]) expect(line.pid).toBe(supervisorPid);
    expect(reaped.map((line) => line.nodePid).sort()).toEqual([...nodes.values()].sort());
    expect(stopping.map((line) => [line.nodePid, line.reason]).sort()).toEqual(
      [...nodes.values()].sort().map((pid) => [pid, 'shutdown']),
    );

    // Nodes' consume lines are at info, with their duration under its own key.
    const consumed = logLines(swarm, 'consumer.consumed');
    expect(consumed.length).toBeGreaterThan(0);
    expect(consumed.every((line) => line.level === 30 && typeof line.durationMs === 'number')).toBe(true);
  });
});
