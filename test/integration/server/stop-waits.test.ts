/**
 * A stop that waits for running work says which work and for how long at most; a second stop signal turns
 * it forceful at once.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliProcess } from '../../support/cli-process.js';
import { bootstrapServers, createTopic, produceMessages, uniqueName } from '../../support/kafka.js';

const fixture = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'server-app.config.ts');

async function hangingServer(): Promise<{ server: CliProcess; topic: string }> {
  const topic = await createTopic(uniqueName('stop-waits'));
  const server = CliProcess.start(['server', '--config', fixture], {
    cwd: path.dirname(fixture),
    env: {
      KAFKA_BOOTSTRAP: bootstrapServers(),
      TOPIC: topic,
      CLIENT_ID: uniqueName('stop-app'),
      FIXTURE_MODE: 'hang',
      SHUTDOWN_TIMEOUT: '600000',
    },
  });
  await server.waitForLine(/"event":"rebalance.partitions_assigned"/);
  await produceMessages(topic, 1);
  await server.waitForLine(/^BATCH 0 1$/);
  return { server, topic };
}

describe('stopping while jobs run', () => {
  for (const signals of [
    ['SIGTERM', 'SIGTERM'],
    ['SIGINT', 'SIGINT'],
    ['SIGTERM', 'SIGINT'],
  ] as const) {
    it(`names the running jobs and the bound, and a second signal (${signals.join(' then ')}) stops at once with code 2`, async () => {
      const { server, topic } = await hangingServer();
      server.signal(signals[0]);
      const waiting = await server.waitForLine(/"event":"app.stopping.waiting"/);
      const line = JSON.parse(waiting) as { msg: string; timeoutMs: number; jobs: { consumer: string }[] };
      expect(line.timeoutMs).toBe(600_000);
      expect(line.jobs.map((j) => j.consumer)).toEqual(['FixtureConsumer']);
      expect(line.msg).toContain(
        `Waiting up to 600000 ms (shutdownTimeout) for 1 running job to finish: consume ${topic}/0`,
      );
      expect(line.msg).toContain('[FixtureConsumer]');
      expect(line.msg).toContain('a second stop signal stops at once');

      server.signal(signals[1]);
      expect(await server.exited).toEqual({ code: 2, signal: null });
      const error = server.matching(/"type":"app.stopping.error"/);
      expect(error).toHaveLength(1);
      expect(error[0]).toContain('Forceful shutdown on a second stop signal');
    });
  }
});
