/**
 * The set a release publishes, installed as a user installs it: `npm pack` of karafka-ts and of its client fork
 * (`@karafka-ts/kafka-native`), both tarballs installed into an empty folder with the command of
 * docs/kafka-client.md ("Installing the packed set"), the fork compiled from source there (no prebuilt binary,
 * nothing downloaded but npm packages), and a consumer of that installation taking messages from the broker
 * through the packed path.
 */
import { execFile } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { bootstrapServers, createTopic, produceMessages, uniqueName } from '../../support/kafka.js';

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
const guide = readFileSync(path.join(repoRoot, 'docs', 'kafka-client.md'), 'utf8');

/** Installing compiles librdkafka and the binding: minutes on a busy machine. */
const INSTALL_BOUND = 30 * 60_000;

let folder: string | undefined;

afterAll(() => {
  if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
});

/** A user's shell environment: this one without what npm, vitest and the framework's tests set. */
function userEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|KARAFKA_|KAFKA_|VITEST|INIT_CWD$|NODE_OPTIONS$)/.test(key)) continue;
    env[key] = value;
  }
  return { ...env, npm_config_fund: 'false', npm_config_audit: 'false', npm_config_prefer_offline: 'true' };
}

/** Packs one package of the repository (`[]` for karafka-ts, `['-w', dir]` for a workspace) into `destination`. */
async function pack(destination: string, workspace: readonly string[]): Promise<string> {
  // The integration setup has just built dist/: pack what it built, without building again.
  const { stdout } = await run(
    'npm',
    ['pack', ...workspace, '--ignore-scripts', '--json', '--pack-destination', destination],
    {
      cwd: repoRoot,
      env: userEnvironment(),
    },
  );
  const [packed] = JSON.parse(stdout) as [{ readonly filename: string }];
  return path.join(destination, packed.filename);
}

/** What the consumer script below prints. */
interface Report {
  readonly description: string;
  readonly path: string;
  readonly values: readonly string[];
}

/** Consumes `count` messages of `topic` through the installed karafka-ts' own driver and reports how. */
const CONSUMER = `
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

describe('the packed set installed from its tarballs', () => {
  it(
    'installs into an empty folder, builds the client fork from source, and consumes through the packed path',
    async () => {
      const name = uniqueName('packed-install');
      folder = path.join(tmpdir(), name);
      const app = path.join(folder, 'app');
      mkdirSync(app, { recursive: true });
      const karafka = await pack(folder, []);
      const fork = await pack(folder, ['-w', 'packages/kafka-native']);
      expect(path.basename(fork)).toBe('karafka-ts-kafka-native-1.10.1-karafka.1.tgz');

      // The documented command, with this run's tarballs.
      const documented = /^npm install \.\/(karafka-ts-[\d.]+\.tgz) \.\/(karafka-ts-kafka-native-[\w.-]+\.tgz)$/m.exec(
        guide,
      );
      expect(documented, 'docs/kafka-client.md shows the install command').not.toBeNull();
      expect([documented![1], documented![2]]).toEqual([path.basename(karafka), path.basename(fork)]);
      writeFileSync(
        path.join(app, 'package.json'),
        JSON.stringify({
          name: 'app',
          private: true,
          type: 'module',
          allowScripts: { '@karafka-ts/kafka-native': true },
        }),
      );
      await run('sh', ['-c', `cp ${karafka} ${fork} . && ${documented![0]}`], {
        cwd: app,
        env: userEnvironment(),
        timeout: INSTALL_BOUND,
        maxBuffer: 64 * 1024 * 1024,
      });

      const installed = path.join(app, 'node_modules', '@karafka-ts', 'kafka-native');
      expect(lstatSync(installed).isSymbolicLink(), 'a copy, not a link into the repository').toBe(false);
      expect(existsSync(path.join(installed, 'build', 'Release', 'confluent-kafka-javascript.node'))).toBe(true);
      // Upstream's files come assembled in the tarball (the repository holds only the fork's own and a patch),
      // with upstream's MIT licences.
      for (const file of ['LICENSE.txt', 'LICENSE.node-rdkafka', 'LICENSE.kafkajs', 'upstream-files.json']) {
        expect(existsSync(path.join(installed, file)), file).toBe(true);
      }
      expect(readdirSync(path.join(installed, 'src', 'packed')).sort()).toEqual([
        'consume-packed.cc',
        'consume-packed.h',
        'packed-batch.cc',
        'packed-batch.h',
      ]);

      const topic = await createTopic(uniqueName('packed-install'), 2);
      await produceMessages(topic, 50, { payload: (i) => `installed-${String(i)}` });
      writeFileSync(path.join(app, 'consume.mjs'), CONSUMER);
      const { stdout } = await run('node', ['consume.mjs', bootstrapServers(), topic, '50'], {
        cwd: app,
        env: userEnvironment(),
        timeout: 120_000,
      });
      const report = JSON.parse(stdout.trim().split('\n').at(-1)!) as Report;
      expect(report.path).toBe('packed');
      expect(report.description).toMatch(/^librdkafka 2\.15\.1 \(@karafka-ts\/kafka-native, packed batch consume\)$/);
      expect([...report.values].sort()).toEqual(Array.from({ length: 50 }, (_, i) => `installed-${String(i)}`).sort());

      const info = await run('npx', ['--no-install', 'karafka', 'info'], { cwd: app, env: userEnvironment() });
      expect(info.stdout).toContain('Kafka client: librdkafka 2.15.1 (@karafka-ts/kafka-native, packed batch consume)');
    },
    INSTALL_BOUND + 5 * 60_000,
  );
});
