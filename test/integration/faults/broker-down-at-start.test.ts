/**
 * A broker that is down when the server starts: the server stays up, names the address at once, keeps the
 * log short, consumes everything once a broker appears, and stops cleanly at any moment of the outage.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CliProcess } from '../../support/cli-process.js';
import { bootstrapServers, createTopic, produceMessages, uniqueName } from '../../support/kafka.js';
import { TcpGate } from '../../support/tcp-gate.js';

const fixture = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'server-app.config.ts');
const gates: TcpGate[] = [];

afterEach(async () => {
  await Promise.all(gates.splice(0).map((gate) => gate.close()));
});

async function serverBehindClosedGate(): Promise<{ server: CliProcess; gate: TcpGate; topic: string }> {
  const gate = await TcpGate.reserve(bootstrapServers());
  gates.push(gate);
  const topic = await createTopic(uniqueName('down-at-start'));
  const server = CliProcess.start(['server', '--config', fixture], {
    cwd: path.dirname(fixture),
    env: { KAFKA_BOOTSTRAP: gate.address, TOPIC: topic, CLIENT_ID: uniqueName('down-app') },
  });
  return { server, gate, topic };
}

function jsonLines(server: CliProcess): Record<string, unknown>[] {
  return server.lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('broker down at start', () => {
  it('stays up through an outage longer than every client timeout, then consumes each message once', async () => {
    const { server, gate, topic } = await serverBehindClosedGate();
    const first = await server.waitForLine(/"type":"connection.client.unreachable"/);
    expect(first).toContain(`bootstrap.servers ${gate.address}`);
    expect(first).toContain('Connection refused');
    // The first reminder comes after 30 s: past the 30 s the client library used to wait before giving up.
    await server.waitForLine(/Still no Kafka broker reachable/, 60_000);
    const errorLines = jsonLines(server).filter((l) => l.level === 50);
    expect(errorLines.map((l) => l.type)).toEqual(['connection.client.unreachable', 'connection.client.unreachable']);
    expect(server.lines.length).toBeLessThan(20);

    await gate.open();
    await produceMessages(topic, 5);
    await server.waitForLine(/"event":"connection.client.reachable"/);
    await server.waitForLine(/^CONSUMED 0@4$/);
    expect(server.matching(/^CONSUMED /)).toEqual([0, 1, 2, 3, 4].map((i) => `CONSUMED 0@${String(i)}`));
    server.signal('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
  });

  for (const signal of ['SIGTERM', 'SIGINT', 'SIGQUIT'] as const) {
    it(`stops on ${signal} during the outage with exit code 0`, async () => {
      const { server } = await serverBehindClosedGate();
      await server.waitForLine(/"type":"connection.client.unreachable"/);
      server.signal(signal);
      expect(await server.exited).toEqual({ code: 0, signal: null });
      expect(server.events().filter((e) => e.startsWith('app.'))).toEqual([
        'app.running',
        'app.stopping',
        'app.stopped',
        'app.terminated',
      ]);
    });
  }

  it('stops on SIGTERM sent before the outage was even reported', async () => {
    const { server } = await serverBehindClosedGate();
    await server.waitForLine(/"event":"app.running"/);
    server.signal('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
  });
});
