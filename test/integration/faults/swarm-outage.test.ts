/**
 * A swarm whose broker is down at start: every node stays up and reports the outage, the supervisor restarts
 * none of them (an outage is not a node failure), and the nodes consume once a broker appears.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { bootstrapServers, produceMessages } from '../../support/kafka.js';
import { TcpGate } from '../../support/tcp-gate.js';
import { waitUntil } from '../../support/wait-until.js';
import { logLines, startSwarm } from '../swarm/helpers.js';

const gates: TcpGate[] = [];

afterEach(async () => {
  await Promise.all(gates.splice(0).map((gate) => gate.close()));
});

describe('swarm during a broker outage', () => {
  it('keeps every node up through the outage, then consumes', async () => {
    const gate = await TcpGate.reserve(bootstrapServers());
    gates.push(gate);
    const swarm = await startSwarm(2, { KAFKA_BOOTSTRAP: gate.address, KARAFKA_LOG_LEVEL: 'debug' });
    const cli = swarm.process;
    const reporters = await waitUntil(
      () => {
        const pids = new Set(
          logLines(cli, 'error.occurred')
            .filter((l) => l.type === 'connection.client.unreachable')
            .map((l) => l.pid),
        );
        return pids.size === 2 ? pids : undefined;
      },
      { description: () => `both nodes to report the outage; output:\n${cli.lines.slice(-20).join('\n')}` },
    );
    // Several rounds of supervision past nodeReportTimeout (2 s) while the outage lasts.
    const roundsBefore = logLines(cli, 'swarm.manager.control').length;
    await waitUntil(() => logLines(cli, 'swarm.manager.control').length >= roundsBefore + 15, {
      description: '15 more rounds of supervision',
    });
    expect(logLines(cli, 'swarm.manager.stopping')).toEqual([]);

    await gate.open();
    await produceMessages(swarm.topic, 4, { key: (i) => `k${String(i)}` });
    await waitUntil(() => cli.lines.filter((l) => l.startsWith('CONSUMED ')).length >= 4, {
      description: () => `4 consumed messages; output:\n${cli.lines.slice(-20).join('\n')}`,
    });
    const consumers = new Set(logLines(cli, 'swarm.node.after_fork').map((l) => l.pid));
    expect([...reporters].every((pid) => consumers.has(pid))).toBe(true);
    expect(logLines(cli, 'swarm.node.after_fork')).toHaveLength(2);
    cli.signal('SIGTERM');
    expect((await cli.exited).code).toBe(0);
  });
});
