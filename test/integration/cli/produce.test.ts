import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Admin } from '../../../src/admin/admin.js';
import { CliProcess } from '../../support/cli-process.js';
import { baseSettings, bootstrapServers, createTopic, uniqueName } from '../../support/kafka.js';
import { jsonLines } from './temp-project.js';

const fixtures = path.resolve(import.meta.dirname, '..', '..', 'fixtures');
const admin = new Admin({ kafka: baseSettings() });

afterAll(async () => {
  await admin.close();
});

async function produce(args: readonly string[]): Promise<{ code: number | null; lines: string[] }> {
  const cli = CliProcess.start(['produce', ...args, '--config', 'server-app.config.ts'], {
    cwd: fixtures,
    env: { KAFKA_BOOTSTRAP: bootstrapServers(), CLIENT_ID: uniqueName('produce-app') },
  });
  const { code } = await cli.exited;
  return { code, lines: cli.lines };
}

describe('karafka produce', () => {
  it('sends the payload with key, headers and partition, and prints where it landed', async () => {
    const topic = await createTopic(uniqueName('produce'), 3);
    const first = await produce([
      topic,
      '{"id":1}',
      '--key',
      'order-1',
      '-H',
      'trace=abc',
      '-H',
      'tag=a',
      '-H',
      'tag=b=c',
      '-p',
      '2',
    ]);
    expect(first).toEqual({ code: 0, lines: [`Delivered to topic ${topic}, partition 2, offset 0`] });
    const second = await produce([topic, 'plain text', '--format', 'string', '--partition', '2']);
    expect(second.lines).toEqual([`Delivered to topic ${topic}, partition 2, offset 1`]);
    expect(jsonLines([...first.lines, ...second.lines])).toEqual([]);

    const [one, two] = await admin.readTopic(topic, 2, 2, 0);
    expect(one?.value?.toString()).toBe('{"id":1}');
    expect(one?.key?.toString()).toBe('order-1');
    expect(one?.headers.map((h) => [h.key, h.value.toString()])).toEqual([
      ['trace', 'abc'],
      ['tag', 'a'],
      ['tag', 'b=c'],
    ]);
    expect(two?.value?.toString()).toBe('plain text');
    expect(two?.key).toBeNull();
  });

  it('names a topic that does not exist and how to create it, a partition it does not have, and bad arguments', async () => {
    const missing = await produce(['produce-missing-topic-x', '{}']);
    expect(missing.code).toBe(1);
    expect(missing.lines).toEqual([
      `Topic 'produce-missing-topic-x' does not exist on ${bootstrapServers()}: route it in the config ` +
        '(see docs/topics.md) and run `karafka topics migrate` to create it',
    ]);

    const topic = await createTopic(uniqueName('produce-partitions'), 2);
    const partition = await produce([topic, '{}', '--partition', '2']);
    expect(partition.code).toBe(1);
    expect(partition.lines).toEqual([`Topic '${topic}' has 2 partition(s) (0 to 1); --partition 2 does not exist`]);

    const header = await produce([topic, '{}', '--header', 'novalue']);
    expect(header.code).toBe(1);
    expect(header.lines[0]).toBe(
      "error: option '-H, --header <name=value>' argument 'novalue' is invalid. takes name=value (a non-empty name, then =), got 'novalue'",
    );

    const text = await produce([topic, 'hello']);
    expect(text.code).toBe(1);
    expect(text.lines.join('\n')).toMatch(
      /^The payload is not valid JSON .* pass --format string to send the text as it is \(for a route with deserializer: 'string' or another one\)\.$/,
    );
  });

  it('names a declared topic that `karafka topics migrate` would create', async () => {
    const topic = uniqueName('produce-declared');
    const cli = CliProcess.start(['produce', topic, '{}', '--config', 'server-app.config.ts'], {
      cwd: fixtures,
      env: { KAFKA_BOOTSTRAP: bootstrapServers(), TOPIC: topic },
    });
    expect((await cli.exited).code).toBe(1);
    expect(cli.lines).toEqual([
      `Topic '${topic}' does not exist on ${bootstrapServers()}: the routes declare it, so \`karafka topics migrate\` creates it`,
    ]);
  });

  it('says when the cluster cannot be reached, naming the address', async () => {
    const cli = CliProcess.start(['produce', 'any-topic', '{}', '--config', 'server-app.config.ts'], {
      cwd: fixtures,
      env: { KAFKA_BOOTSTRAP: '127.0.0.1:1' },
    });
    expect((await cli.exited).code).toBe(1);
    expect(cli.lines.join('\n')).toMatch(
      /^Could not look up topic 'any-topic' on 127\.0\.0\.1:1 within 10 s: .*; is a broker running at 127\.0\.0\.1:1 \(the config's kafka 'bootstrap\.servers'\)\?$/,
    );
  });
});
