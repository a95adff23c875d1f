import { describe, expect, it } from 'vitest';
import { produceMessages } from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';
import {
  freePort,
  logLines,
  processEnded,
  startSwarm,
  waitForEvent,
  waitForRunningNodes,
  waitForSettledGroup,
} from './helpers.js';

describe('karafka swarm: shutdown', () => {
  it('kills a node that hangs past the stop timeout after SIGTERM and exits with code 2', async () => {
    const { process: swarm, topic } = await startSwarm(2);
    const nodes = await waitForRunningNodes(swarm, 2);
    await waitForSettledGroup(swarm, 2);
    await produceMessages(topic, 1, { partition: 0, payload: () => 'hang' });
    const [, , pid] = /^HANGING (\d+) (\d+)$/.exec(await swarm.waitForLine(/^HANGING /))!;
    const hung = Number(pid);

    swarm.signal('SIGTERM');
    expect(await swarm.exited).toEqual({ code: 2, signal: null });
    expect(logLines(swarm, 'swarm.manager.terminating').map((l) => l.nodePid)).toEqual([hung]);
    const reaped = logLines(swarm, 'swarm.manager.reaped');
    expect(reaped.find((l) => l.nodePid === hung)).toMatchObject({ code: null, signal: 'SIGKILL' });
    // The other node stopped by itself, cleanly.
    const other = [...nodes.values()].find((p) => p !== hung)!;
    expect(reaped.find((l) => l.nodePid === other)).toMatchObject({ code: 0, signal: null });
  });

  it('nodes exit by themselves when the supervisor is killed with SIGKILL', async () => {
    const { process: swarm } = await startSwarm(2);
    const nodes = await waitForRunningNodes(swarm, 2);
    await waitForSettledGroup(swarm, 2);

    swarm.kill();
    expect((await swarm.exited).signal).toBe('SIGKILL');
    for (const pid of nodes.values()) {
      await waitUntil(() => processEnded(pid), {
        timeoutMs: 30_000,
        description: `orphaned node ${String(pid)} to exit`,
      });
    }
    // Each node noticed it was orphaned and stopped its app before exiting.
    for (const pid of nodes.values()) {
      expect(logLines(swarm, 'swarm.node.orphaned').some((l) => l.pid === pid)).toBe(true);
      expect(logLines(swarm, 'app.terminated').some((l) => l.pid === pid)).toBe(true);
    }
  });

  it('quiets every node on SIGTSTP, then stops them all on SIGQUIT; the supervisor answers liveness probes', async () => {
    const port = await freePort();
    const { process: swarm } = await startSwarm(2, { SWARM_LIVENESS_PORT: String(port) });
    const nodes = await waitForRunningNodes(swarm, 2);
    const supervisorPid = logLines(swarm, 'app.supervising')[0]!.pid;
    await waitForSettledGroup(swarm, 2);
    const probe = await waitUntil(async () => {
      const response = await fetch(`http://127.0.0.1:${String(port)}/`);
      const body = (await response.json()) as { nodes: { pid: number; appState: string }[] };
      return body.nodes.length === 2 && body.nodes.every((n) => n.appState === 'running')
        ? { response, body }
        : undefined;
    });
    expect(probe.response.status).toBe(200);
    expect(probe.body).toMatchObject({ status: 'healthy', pid: supervisorPid });
    expect(probe.body.nodes.map((n) => n.pid).sort()).toEqual([...nodes.values()].sort());

    swarm.signal('SIGTSTP');
    await waitForEvent(swarm, 'app.quiet', (l) => l.pid === supervisorPid);
    for (const pid of nodes.values()) expect(logLines(swarm, 'app.quiet').some((l) => l.pid === pid)).toBe(true);

    swarm.signal('SIGQUIT');
    expect(await swarm.exited).toEqual({ code: 0, signal: null });
    for (const pid of nodes.values()) {
      expect(logLines(swarm, 'swarm.manager.reaped').find((l) => l.nodePid === pid)).toMatchObject({ code: 0 });
    }
    expect(logLines(swarm, 'swarm.manager.before_fork')).toHaveLength(2);
  });
});
