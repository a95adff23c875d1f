/**
 * docs/getting-started.md, run as a new user runs it: every command of its `sh` blocks, in order, in an
 * empty folder, with the package from `npm pack` of this checkout and its dependencies from the npm registry
 * (the Kafka client compiles from source, as the guide says). Two things differ from a user's run, both
 * checked to match the guide exactly once: `npm install karafka-ts` installs the packed tarballs (karafka-ts and
 * its Kafka client, `@karafka-ts/kafka-native`, which a release publishes alongside), and the
 * topic the guide produces to is this run's own (the scaffold reads it from KARAFKA_EXAMPLE_TOPIC, as the
 * guide documents). The broker, topic and group come through the environment variables the guide documents.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { bootstrapServers, createTopic, produceMessages, uniqueName } from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
const guide = readFileSync(path.join(repoRoot, 'docs', 'getting-started.md'), 'utf8');

/** How long one command may take: installing compiles the Kafka client (minutes on a busy machine). */
const INSTALL_BOUND = 30 * 60_000;
const COMMAND_BOUND = 3 * 60_000;

/** Every command line of the guide's `sh` blocks, in order. */
function guideCommands(markdown: string): string[] {
  return [...markdown.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].flatMap((block) =>
    block[1]!.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('#')),
  );
}

/** `command` with `from` replaced by `to`; the guide must contain `from` exactly once among its commands. */
function replaceOnce(commands: string[], from: RegExp, to: string): string[] {
  expect(
    commands.filter((c) => from.test(c)),
    `one guide command matching ${String(from)}`,
  ).toHaveLength(1);
  return commands.map((c) => c.replace(from, to));
}

/**
 * The headers of the Node.js running this test (`<prefix>/include/node`), for node-gyp when npm compiles the
 * Kafka client: a user's npm config may point `nodedir` at another Node's headers (this machine's points at
 * Debian's Node 20), which would build an addon the running Node cannot load (scripts/with-node.sh runs the
 * suite on Node 24 too). Undefined when this Node has no headers next to it: node-gyp then finds its own.
 */
function runningNodeHeaders(): string | undefined {
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  return existsSync(path.join(prefix, 'include', 'node', 'node.h')) ? prefix : undefined;
}

/** The environment of a user's shell: this one without what npm and vitest set for the repository. */
function userEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|KARAFKA_|KAFKA_|VITEST|INIT_CWD$|NODE_OPTIONS$)/.test(key)) continue;
    env[key] = value;
  }
  const nodedir = runningNodeHeaders();
  if (nodedir !== undefined) env.npm_config_nodedir = nodedir;
  return { ...env, ...extra };
}

/** A shell command running in its own process group; its output is collected line by line. */
class ShellCommand {
  readonly lines: string[] = [];
  readonly #child: ChildProcess;
  #exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;

  constructor(command: string, cwd: string, env: NodeJS.ProcessEnv) {
    this.#child = spawn('sh', ['-c', command], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let partial = '';
    const collect = (chunk: Buffer): void => {
      const complete = (partial + chunk.toString('utf8')).split('\n');
      partial = complete.pop() ?? '';
      this.lines.push(...complete);
    };
    this.#child.stdout?.on('data', collect);
    this.#child.stderr?.on('data', collect);
    this.#child.on('close', (code, signal) => {
      if (partial !== '') this.lines.push(partial);
      this.#exit = { code, signal };
    });
  }

  /** Waits (at most `timeoutMs`) until the command and every process holding its output ended. */
  async waitForExit(timeoutMs: number, what: string): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    return waitUntil(() => this.#exit, {
      timeoutMs,
      intervalMs: 200,
      description: () => `${what}; output so far:\n${this.lines.slice(-40).join('\n')}`,
    });
  }

  /** Kills whatever of the command still runs (its whole process group). */
  killAll(): void {
    try {
      process.kill(-this.#child.pid!, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }

  async waitForLine(pattern: RegExp, timeoutMs: number): Promise<string> {
    return waitUntil(() => this.lines.find((line) => pattern.test(line)), {
      timeoutMs,
      description: () => `a line matching ${String(pattern)}; output so far:\n${this.lines.slice(-40).join('\n')}`,
    });
  }
}

const started: ShellCommand[] = [];
let folder: string | undefined;
/** The guide's project once the first test installed it, with the tarballs it installed. */
let installed: { project: string; tarballs: string[] } | undefined;

afterAll(() => {
  for (const command of started) command.killAll();
  if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
});

async function packRepository(destination: string): Promise<string[]> {
  // The integration setup has just built dist/ (when src/ changed): pack what it built, without building again.
  // The Kafka client fork is a workspace package karafka-ts depends on: packed too, installed with it.
  for (const workspace of [[], ['-w', 'packages/kafka-native']]) {
    await promisify(execFile)('npm', ['pack', ...workspace, '--ignore-scripts', '--pack-destination', destination], {
      cwd: repoRoot,
      env: userEnvironment({}),
    });
  }
  const tarballs = readdirSync(destination)
    .filter((file) => file.endsWith('.tgz'))
    .sort();
  if (tarballs.length !== 2) throw new Error(`npm pack wrote ${String(tarballs.length)} tarballs into ${destination}`);
  return tarballs.map((file) => path.join(destination, file));
}

/** Consumes `count` messages of `topic` through the installed karafka-ts' own driver and reports how. */
const PACKED_CONSUMER = `
import { rdkafkaDrivers } from 'karafka-ts';
const [bootstrap, topic, count] = process.argv.slice(2);
const driver = rdkafkaDrivers.consumer({
  settings: { 'bootstrap.servers': bootstrap, 'group.id': topic, 'auto.offset.reset': 'earliest' },
});
await driver.connect();
driver.subscribe([topic]);
const values = [];
const deadline = Date.now() + 60_000;
while (values.length < Number(count) && Date.now() < deadline) {
  const { messages } = await driver.poll(100, 500);
  for (const message of messages) values.push(message.value.toString());
}
await driver.close();
console.log(JSON.stringify({ description: rdkafkaDrivers.description, path: driver.consumePath, values }));
`;

/** Output without terminal colours (vitest colours its summary even when piped, in some setups). */
function stripColors(line: string): string {
  // eslint-disable-next-line no-control-regex
  return line.replace(/\u001b\[[0-9;]*m/g, '');
}

/** `npx karafka server` consumes the produced message and stops cleanly on SIGTERM. */
async function runServer(command: string, project: string, env: NodeJS.ProcessEnv, topic: string): Promise<void> {
  const server = new ShellCommand(command, project, env);
  started.push(server);
  await server.waitForLine(new RegExp(`^${topic}/0@0: \\{"hello":"karafka"\\}$`), COMMAND_BOUND);

  // SIGTERM to the server itself, as a process manager sends it (npx does not pass it on): the pid is on
  // every log line. npx then exits with the server's code.
  const logLine = await server.waitForLine(/^\{.*"pid":\d+/, COMMAND_BOUND);
  const { pid } = JSON.parse(logLine) as { pid: number };
  process.kill(pid, 'SIGTERM');
  const exit = await server.waitForExit(COMMAND_BOUND, 'the server to stop');
  expect(exit, server.lines.join('\n')).toEqual({ code: 0, signal: null });
  expect(server.lines.some((line) => line.includes('"event":"app.terminated"'))).toBe(true);
}

describe('docs/getting-started.md', () => {
  it(
    'takes a new user from an empty folder to a consumed first message (the server stops cleanly on SIGTERM) and a passing scaffolded test under vitest and node --test',
    async () => {
      const name = uniqueName('guide');
      folder = path.join(tmpdir(), name);
      const project = path.join(folder, 'my-app');
      mkdirSync(project, { recursive: true });
      const tarballs = await packRepository(folder);
      const topic = name;
      installed = { project, tarballs };

      let commands = guideCommands(guide);
      commands = replaceOnce(commands, /(npm install) karafka-ts$/, `$1 ${tarballs.join(' ')}`);
      commands = replaceOnce(commands, /(karafka produce) example /, `$1 ${topic} `);
      expect(commands).toContain('npx karafka server');

      const env = userEnvironment({
        KAFKA_BOOTSTRAP: bootstrapServers(),
        KARAFKA_EXAMPLE_TOPIC: topic,
        KARAFKA_EXAMPLE_GROUP: `${name}-group`,
        // Dependencies from the npm cache when it has them; the registry otherwise.
        npm_config_prefer_offline: 'true',
        npm_config_fund: 'false',
        npm_config_update_notifier: 'false',
      });

      let produced: { partition: string; offset: string } | undefined;
      let serverRan = false;
      for (const command of commands) {
        if (command === 'npx karafka server') {
          expect(produced).toEqual({ partition: '0', offset: '0' });
          await runServer(command, project, env, topic);
          serverRan = true;
          continue;
        }
        const run = new ShellCommand(command, project, env);
        started.push(run);
        const bound = command.includes('npm install') ? INSTALL_BOUND : COMMAND_BOUND;
        const exit = await run.waitForExit(bound, `\`${command}\` to finish`);
        expect(exit, `\`${command}\` exits with 0; output:\n${run.lines.join('\n')}`).toEqual({
          code: 0,
          signal: null,
        });
        if (command.includes('karafka install')) {
          expect(run.lines[0]).toBe(
            'Created karafka.config.mts, consumers/example-consumer.mts, consumers/example-consumer.test.mts, tsconfig.json.',
          );
        }
        if (command.includes('karafka topics migrate')) {
          expect(run.lines).toContain(`created ${topic}: 1 partition, replication factor 1`);
        }
        const delivered = run.lines
          .map((line) => /^Delivered to topic (\S+), partition (\d+), offset (\d+)$/.exec(line))
          .find((match) => match !== null);
        if (command.includes('karafka produce')) {
          expect(delivered?.[1]).toBe(topic);
          produced = { partition: delivered![2]!, offset: delivered![3]! };
        }
        // The scaffolded test of the example consumer (karafka-ts/testing), as generated, under both runners.
        if (command === 'npx vitest run') {
          expect(
            run.lines.some((line) => /Tests\s+1 passed \(1\)/.test(stripColors(line))),
            run.lines.join('\n'),
          ).toBe(true);
        }
        if (command.startsWith('node --import tsx --test')) {
          // The TAP reporter's summary (`# pass 1`, Node 20 and 22 without a terminal) or the spec reporter's
          // (`ℹ pass 1`, the default from Node 23 on).
          const summary = run.lines.map((line) => stripColors(line).trim());
          expect(
            summary.filter((line) => /^[#ℹ] (pass 1|fail 0)$/.test(line)),
            run.lines.join('\n'),
          ).toHaveLength(2);
        }
      }
      expect(serverRan).toBe(true);
      expect(commands.filter((c) => c === 'npx vitest run' || c.startsWith('node --import tsx --test'))).toHaveLength(
        2,
      );
    },
    INSTALL_BOUND + 10 * 60_000,
  );

  // The same installation, looked at as docs/kafka-client.md describes the set (one compile of the client per run).
  it('installed the Kafka client fork from its tarball, compiled from source, and consumes through the packed path', async () => {
    expect(installed, 'the first test installed the project').toBeDefined();
    const { project, tarballs } = installed!;
    const documented = /^npm install \.\/(karafka-ts-[\d.]+\.tgz) \.\/(karafka-ts-kafka-native-[\w.-]+\.tgz)$/m.exec(
      readFileSync(path.join(repoRoot, 'docs', 'kafka-client.md'), 'utf8'),
    );
    expect(documented, 'docs/kafka-client.md shows the install command of the set').not.toBeNull();
    expect([documented![1], documented![2]].sort()).toEqual(tarballs.map((t) => path.basename(t)).sort());

    const fork = path.join(project, 'node_modules', '@karafka-ts', 'kafka-native');
    expect(lstatSync(fork).isSymbolicLink(), 'a copy, not a link into the repository').toBe(false);
    expect(existsSync(path.join(fork, 'build', 'Release', 'confluent-kafka-javascript.node'))).toBe(true);
    // Upstream's files come assembled in the tarball (the repository holds only the fork's own and a patch),
    // with upstream's MIT licences.
    for (const file of ['LICENSE.txt', 'LICENSE.node-rdkafka', 'LICENSE.kafkajs', 'upstream-files.json']) {
      expect(existsSync(path.join(fork, file)), file).toBe(true);
    }
    expect(readdirSync(path.join(fork, 'src', 'packed')).sort()).toEqual([
      'consume-packed.cc',
      'consume-packed.h',
      'packed-batch.cc',
      'packed-batch.h',
    ]);

    const topic = await createTopic(uniqueName('packed-install'), 2);
    await produceMessages(topic, 50, { payload: (i) => `installed-${String(i)}` });
    writeFileSync(path.join(project, 'consume-packed.mjs'), PACKED_CONSUMER);
    const { stdout } = await promisify(execFile)('node', ['consume-packed.mjs', bootstrapServers(), topic, '50'], {
      cwd: project,
      env: userEnvironment({}),
      timeout: COMMAND_BOUND,
    });
    const report = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      description: string;
      path: string;
      values: string[];
    };
    expect(report.path).toBe('packed');
    expect(report.description).toMatch(/^librdkafka 2\.15\.1 \(@karafka-ts\/kafka-native, packed batch consume\)$/);
    expect([...report.values].sort()).toEqual(Array.from({ length: 50 }, (_, i) => `installed-${String(i)}`).sort());

    const info = await promisify(execFile)('npx', ['--no-install', 'karafka', 'info'], {
      cwd: project,
      env: userEnvironment({}),
    });
    expect(info.stdout).toContain('Kafka client: librdkafka 2.15.1 (@karafka-ts/kafka-native, packed batch consume)');
  });
});
