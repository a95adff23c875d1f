import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliProcess } from '../../support/cli-process.js';
import { bootstrapServers, createTopic, produceMessages, uniqueName } from '../../support/kafka.js';

const fixture = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'server-app.config.ts');

const APP_STATES_OF_A_STOP = ['app.running', 'app.stopping', 'app.stopped', 'app.terminated'];

async function runningServer(env: Record<string, string> = {}): Promise<{ server: CliProcess; topic: string }> {
  const topic = await createTopic(uniqueName('cli'));
  const server = CliProcess.start(['server', '--config', fixture], {
    cwd: path.dirname(fixture),
    env: { KAFKA_BOOTSTRAP: bootstrapServers(), TOPIC: topic, CLIENT_ID: uniqueName('cli-app'), ...env },
  });
  await server.waitForLine(/"event":"rebalance.partitions_assigned"/);
  return { server, topic };
}

function appStates(server: CliProcess): string[] {
  return server.events().filter((e) => e.startsWith('app.'));
}

describe('karafka server (process)', () => {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGQUIT'] as const) {
    it(`stops on ${signal} with exit code 0, going through every state in order`, async () => {
      const { server, topic } = await runningServer();
      await produceMessages(topic, 2);
      await server.waitForLine(/^CONSUMED 0@1$/);
      server.signal(signal);
      expect(await server.exited).toEqual({ code: 0, signal: null });
      expect(appStates(server)).toEqual(APP_STATES_OF_A_STOP);
      expect(server.matching(/^SHUTDOWN 0$/)).toHaveLength(1);
    });
  }

  it('quiets on SIGTSTP and stops on a later SIGQUIT: one consume, one shutdown, no revoked', async () => {
    const { server, topic } = await runningServer();
    await produceMessages(topic, 3);
    await server.waitForLine(/^BATCH 0 3$/);
    server.signal('SIGTSTP');
    await server.waitForLine(/"event":"app.quiet"/);
    server.signal('SIGQUIT');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(server.matching(/^BATCH /)).toEqual(['BATCH 0 3']);
    expect(server.matching(/^SHUTDOWN /)).toEqual(['SHUTDOWN 0']);
    expect(server.matching(/^REVOKED /)).toEqual([]);
    const states = appStates(server);
    expect(states).toEqual([
      'app.running',
      'app.quieting',
      'app.quiet',
      'app.stopping',
      'app.stopped',
      'app.terminated',
    ]);
  });

  it('prints a dump of listeners and workers on SIGTTIN and keeps running', async () => {
    const { server, topic } = await runningServer();
    server.signal('SIGTTIN');
    await server.waitForLine(/^karafka-ts server .*: app running$/);
    await server.waitForLine(new RegExp(`^ {4}${topic}/0: 0 buffered, no job`));
    await server.waitForLine(/^ {2}workers: /);
    await produceMessages(topic, 1);
    await server.waitForLine(/^CONSUMED 0@0$/);
    server.signal('SIGTERM');
    expect((await server.exited).code).toBe(0);
  });

  it('exits with code 2 when a consumer hangs past shutdownTimeout, naming the busy worker and its job', async () => {
    const { server, topic } = await runningServer({ FIXTURE_MODE: 'hang', SHUTDOWN_TIMEOUT: '1000' });
    await produceMessages(topic, 1);
    await server.waitForLine(/^BATCH 0 1$/);
    server.signal('SIGTERM');
    expect(await server.exited).toEqual({ code: 2, signal: null });
    const report = server.matching(/"type":"app.stopping.error"/);
    expect(report).toHaveLength(1);
    expect(report[0]).toMatch(
      new RegExp(`busy workers: worker 1: consume ${topic}/0 offsets 0\\.\\.0 \\(1 messages\\)`),
    );
  });
});
