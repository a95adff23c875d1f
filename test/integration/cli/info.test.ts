import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliProcess } from '../../support/cli-process.js';
import { jsonLines } from './temp-project.js';

const fixtures = path.resolve(import.meta.dirname, '..', '..', 'fixtures');

describe('karafka info and errors (process)', () => {
  it('prints versions, client features, settings with secrets hidden, and routes', async () => {
    const info = CliProcess.start(['info', '--config', 'server-app.config.ts'], {
      cwd: fixtures,
      env: {
        TOPIC: 'info-topic',
        CLIENT_ID: 'info-app',
        KAFKA_BOOTSTRAP: '127.0.0.1:9092',
        KAFKA_SASL_PASSWORD: 's3cret',
      },
    });
    expect((await info.exited).code).toBe(0);
    const text = info.lines.join('\n');
    expect(text).toMatch(/^karafka-ts \d+\.\d+\.\d+/m);
    expect(text.split('\n')).toContain(`Node.js ${process.version}`);
    expect(text).toMatch(/^Kafka client: librdkafka 2\.\d+\.\d+/m);
    expect(text).toMatch(/^Kafka client features: .*zstd/m);
    expect(text).toContain('  clientId: "info-app"');
    expect(text).toContain('  kafka.bootstrap.servers: "127.0.0.1:9092"');
    expect(text).toContain('  kafka.sasl.password: ***');
    expect(text).not.toContain('s3cret');
    expect(text).toContain('  consumer group info-app');
    expect(text).toContain('      topic info-topic -> FixtureConsumer (json, earliest, maxMessages 100)');
    expect(jsonLines(info.lines)).toEqual([]);
  });

  it('fails with a clear message for a missing config file and for unknown route filters', async () => {
    const missing = CliProcess.start(['server', '--config', 'nope.config.ts'], { cwd: fixtures });
    expect((await missing.exited).code).toBe(1);
    expect(missing.lines.join('\n')).toContain(`Config file not found: ${path.join(fixtures, 'nope.config.ts')}`);

    const unknown = CliProcess.start(['server', '--config', 'server-app.config.ts', '--topics', 'not-routed'], {
      cwd: fixtures,
      env: { TOPIC: 'info-topic' },
    });
    expect((await unknown.exited).code).toBe(1);
    expect(unknown.lines.join('\n')).toContain("Unknown topic 'not-routed' in --topics; routed: info-topic");

    const badFlag = CliProcess.start(['server', '--topic', 'x'], { cwd: fixtures });
    expect((await badFlag.exited).code).toBe(1);
    expect(badFlag.lines.join('\n')).toMatch(/unknown option '--topic'/);
  });
});
