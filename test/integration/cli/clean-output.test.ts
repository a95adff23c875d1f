/**
 * CLI output is for people: `info`, `topics`, `produce` and every error path print no JSON log line (the
 * built-in logger is silent for them, and bad route filters stop `server` and `swarm` before anything
 * starts). `--log-level` sets the server's level.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliProcess } from '../../support/cli-process.js';
import { bootstrapServers, createTopic, produceMessages, uniqueName } from '../../support/kafka.js';
import { jsonLines } from './temp-project.js';

const fixtures = path.resolve(import.meta.dirname, '..', '..', 'fixtures');

async function run(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; lines: string[]; text: string }> {
  const cli = CliProcess.start(args, { cwd: fixtures, env: { KAFKA_BOOTSTRAP: bootstrapServers(), ...env } });
  const { code } = await cli.exited;
  return { code, lines: cli.lines, text: cli.lines.join('\n') };
}

describe('CLI output without log lines', () => {
  it('info, topics plan and produce print no JSON log line, even with KARAFKA_LOG_LEVEL=debug set', async () => {
    const topic = await createTopic(uniqueName('clean'));
    const env = { TOPIC: topic, CLIENT_ID: uniqueName('clean-app'), KARAFKA_LOG_LEVEL: 'debug' };
    const routes = JSON.stringify([{ name: topic }]);
    for (const [args, extra] of [
      [['info', '--config', 'server-app.config.ts'], {}],
      [['topics', 'plan', '--config', 'topics-app.config.ts'], { TOPICS: routes }],
      [['produce', topic, '{"a":1}', '--config', 'server-app.config.ts'], {}],
    ] as const) {
      const { code, lines, text } = await run(args, { ...env, ...extra });
      expect(code, text).toBe(0);
      expect(lines.length).toBeGreaterThan(0);
      expect(jsonLines(lines), `karafka ${args.join(' ')}`).toEqual([]);
    }
  });

  it.each([
    [
      'an unknown topic',
      ['server', '--topics', 'not-routed'],
      "Unknown topic 'not-routed' in --topics; routed: clean-topic",
    ],
    [
      'a misspelt topic',
      ['server', '--exclude-topics', 'clean-topc'],
      "Unknown topic 'clean-topc' in --exclude-topics (did you mean 'clean-topic'?); routed: clean-topic",
    ],
    [
      'an unknown consumer group',
      ['server', '--consumer-groups', 'nope'],
      "Unknown consumer group 'nope' in --consumer-groups; routed: clean-app",
    ],
    [
      'a filter that leaves nothing',
      ['server', '--exclude-topics', 'clean-topic'],
      'Nothing to consume: the filter --exclude-topics clean-topic excluded every active route (active topics: clean-topic)',
    ],
    [
      'a swarm filter that leaves nothing',
      ['swarm', '--exclude-consumer-groups', 'clean-app'],
      'Nothing to consume: the filter --exclude-consumer-groups clean-app excluded every active route',
    ],
    [
      'a bad log level',
      ['server', '--log-level', 'loud'],
      "error: option '--log-level <level>' argument 'loud' is invalid. must be one of fatal, error, warn, info, debug, trace, silent; got 'loud'",
    ],
    [
      'a missing config file',
      ['info', '--config', 'nope.config.ts'],
      `Config file not found: ${fixtures}/nope.config.ts`,
    ],
    [
      'a missing topic to produce to',
      ['produce', 'clean-missing-topic-x', '1'],
      "Topic 'clean-missing-topic-x' does not exist on",
    ],
    ['a bad partition', ['produce', 'clean-topic', '1', '--partition', 'x'], "argument 'x' is invalid"],
    ['a payload that is not JSON', ['produce', 'clean-topic', 'hello'], 'The payload is not valid JSON'],
  ])('%s: exit 1 before anything starts, with a message naming it', async (_what, args, message) => {
    const withConfig = args[0] === 'info' ? args : [...args, '--config', 'server-app.config.ts'];
    const { code, lines, text } = await run(withConfig, { TOPIC: 'clean-topic', CLIENT_ID: 'clean-app' });
    expect(code, text).toBe(1);
    expect(text).toContain(message);
    expect(jsonLines(lines)).toEqual([]);
  });

  it('--log-level sets the level of the server (debug shows debug lines, warn hides info)', async () => {
    const topic = await createTopic(uniqueName('level'));
    const env = { TOPIC: topic, CLIENT_ID: uniqueName('level-app') };
    const debug = CliProcess.start(['server', '--config', 'server-app.config.ts', '--log-level', 'debug'], {
      cwd: fixtures,
      env: { KAFKA_BOOTSTRAP: bootstrapServers(), ...env },
    });
    await debug.waitForLine(/"level":20,/);
    await debug.waitForLine(/"event":"rebalance.partitions_assigned"/);
    debug.signal('SIGTERM');
    expect((await debug.exited).code).toBe(0);

    const quiet = CliProcess.start(['server', '--config', 'server-app.config.ts', '--log-level', 'warn'], {
      cwd: fixtures,
      env: { KAFKA_BOOTSTRAP: bootstrapServers(), ...env, KARAFKA_LOG_LEVEL: 'debug' },
    });
    // No log line says when it runs: a consumed message does.
    await produceMessages(topic, 1);
    await quiet.waitForLine(/^CONSUMED 0@0$/);
    quiet.signal('SIGTERM');
    expect((await quiet.exited).code).toBe(0);
    expect(jsonLines(quiet.lines).filter((line) => /"level":(20|30),/.test(line))).toEqual([]);
  });

  it('swarm passes --log-level and the route filters on to its nodes', async () => {
    const topic = await createTopic(uniqueName('swarm-level'));
    const swarm = CliProcess.start(
      ['swarm', '--config', 'swarm-app.config.ts', '--log-level', 'warn', '--topics', topic],
      {
        cwd: fixtures,
        env: {
          KAFKA_BOOTSTRAP: bootstrapServers(),
          TOPIC: topic,
          GROUP_ID: uniqueName('swarm-level-group'),
          NODES: '1',
          MARKER: path.join(tmpdir(), uniqueName('swarm-level-marker')),
        },
      },
    );
    await produceMessages(topic, 1);
    await swarm.waitForLine(/^CONSUMED 1 0@0$/);
    swarm.signal('SIGTERM');
    expect((await swarm.exited).code).toBe(0);
    expect(jsonLines(swarm.lines).filter((line) => /"level":(20|30),/.test(line))).toEqual([]);
  });
});
