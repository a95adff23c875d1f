/**
 * A server started before its topic exists names the topic and the way to create it, and (outside
 * production) consumes it within seconds of its creation.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliProcess } from '../../support/cli-process.js';
import { bootstrapServers, createTopic, produceMessages, uniqueName } from '../../support/kafka.js';

const fixture = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'server-app.config.ts');

describe('a topic that does not exist yet', () => {
  it('is named with the way to create it, then consumed once it exists', async () => {
    const topic = uniqueName('late-topic');
    const server = CliProcess.start(['server', '--config', fixture], {
      cwd: path.dirname(fixture),
      env: { KAFKA_BOOTSTRAP: bootstrapServers(), TOPIC: topic, CLIENT_ID: uniqueName('late-app'), NODE_ENV: 'test' },
    });
    const line = await server.waitForLine(/"type":"connection.topics.missing"/);
    expect(line).toContain(`Topic '${topic}' does not exist`);
    expect(line).toContain('npx karafka topics migrate');

    await createTopic(topic);
    await produceMessages(topic, 3);
    await server.waitForLine(/^CONSUMED 0@2$/, 60_000);
    expect(server.matching(/"type":"connection.topics.missing"/)).toHaveLength(1);
    server.signal('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
  });
});
