/**
 * `karafka install`: scaffolds a config file (with one declared topic), an example consumer with its test
 * (karafka-ts/testing; vitest or node:test) and, when the folder has none, a tsconfig.json into the current folder. `karafka topics migrate` then creates the topic,
 * `karafka produce` writes to it and `karafka server` consumes it, all as scaffolded.
 *
 * The files are `.mts` (ES modules whatever the package type: `npm init` and `npm install` in an empty folder
 * make a CommonJS package), or `.ts` in a package of type `module`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';

/** Environment variables the scaffolded config reads, with their defaults (documented in the guide). */
export const SCAFFOLD_ENVIRONMENT = {
  KAFKA_BOOTSTRAP: '127.0.0.1:9092',
  KARAFKA_EXAMPLE_TOPIC: 'example',
  KARAFKA_EXAMPLE_GROUP: 'example-app',
} as const;

const TSCONFIG = `{
  "compilerOptions": {
    "target": "ES2023",
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "strict": true,
    "skipLibCheck": true,
    "noEmit": true,
    "types": ["node"]
  }
}
`;

/** The config and consumer `install` writes, relative to the folder, for TypeScript modules with extension `ext`. */
export function scaffold(ext: 'ts' | 'mts'): Record<string, string> {
  const js = ext === 'ts' ? 'js' : 'mjs';
  const env = SCAFFOLD_ENVIRONMENT;
  return {
    [`karafka.config.${ext}`]: `import { App } from 'karafka-ts';
import { ExampleConsumer } from './consumers/example-consumer.${js}';

const env = process.env;

const app = new App({
  clientId: 'example-app',
  // The consumer group of the routes below.
  groupId: env.KARAFKA_EXAMPLE_GROUP ?? '${env.KARAFKA_EXAMPLE_GROUP}',
  kafka: { 'bootstrap.servers': env.KAFKA_BOOTSTRAP ?? '${env.KAFKA_BOOTSTRAP}' },
});

app.routes.draw((routes) => {
  // A declared topic: \`npx karafka topics migrate\` creates it as \`config\` says.
  routes.topic(env.KARAFKA_EXAMPLE_TOPIC ?? '${env.KARAFKA_EXAMPLE_TOPIC}', {
    consumer: ExampleConsumer,
    config: { partitions: 1, replicationFactor: 1 },
  });
});

export default app;
`,
    [`consumers/example-consumer.${ext}`]: `import { BaseConsumer } from 'karafka-ts';

/**
 * Prints every message of the example topic. Payloads are parsed as JSON (the default deserializer); give
 * the route \`deserializer: 'string'\` to get the text as it is.
 */
export class ExampleConsumer extends BaseConsumer {
  consume(): void {
    for (const message of this.messages) {
      console.log(\`\${message.topic}/\${message.partition}@\${message.offset}: \${JSON.stringify(message.payload)}\`);
    }
  }
}
`,
    [`consumers/example-consumer.test.${ext}`]: `/**
 * A test of ExampleConsumer with karafka-ts/testing: the consumer is built from the app as the server builds
 * it and runs through the same processing, with no Kafka broker. It runs with either test runner:
 *   npx vitest run                                  (after npm install --save-dev vitest)
 *   node --import tsx --test consumers/example-consumer.test.${ext}
 * Keep the one you use and import describe/it from it directly.
 */
import assert from 'node:assert/strict';
import { TestKit } from 'karafka-ts/testing';
import app from '../karafka.config.${js}';
import { ExampleConsumer } from './example-consumer.${js}';

const { describe, it } =
  process.env.VITEST === undefined
    ? await import('node:test')
    : ((await import('vitest' as string)) as typeof import('node:test'));

const topic = process.env.KARAFKA_EXAMPLE_TOPIC ?? '${env.KARAFKA_EXAMPLE_TOPIC}';

describe('ExampleConsumer', () => {
  it('consumes a batch and marks its last message', async () => {
    const kit = new TestKit(app);
    try {
      const consumer = await kit.consumerFor(topic, { consumer: ExampleConsumer });
      consumer.feed({ hello: 'karafka' });
      consumer.feed({ hello: 'again' });
      const outcome = await consumer.consume();

      assert.equal(outcome.error, undefined);
      assert.deepEqual(outcome.batches, [{ firstOffset: 0, lastOffset: 1, count: 2 }]);
      // Offsets are "next to read": both messages are marked as consumed.
      assert.equal(outcome.markedOffset, 2);
    } finally {
      kit.restore();
    }
  });
});
`,
  };
}

/** What `install` wrote. */
export interface Installed {
  /** Paths written, relative to the folder. */
  readonly written: string[];
  /** Extension of the TypeScript files (`mts`, or `ts` in a package of type module). */
  readonly ext: 'ts' | 'mts';
}

/** Writes the scaffold into `cwd`; refuses to overwrite the config or consumer unless `force`. */
export function install(cwd: string, force: boolean): Installed {
  const packageFile = path.join(cwd, 'package.json');
  const packageJson = existsSync(packageFile)
    ? (JSON.parse(readFileSync(packageFile, 'utf8')) as { type?: string })
    : undefined;
  // A .ts file is an ES module only in a package of type "module"; elsewhere .mts says so by itself.
  const ext = packageJson === undefined || packageJson.type === 'module' ? 'ts' : 'mts';
  const files = scaffold(ext);
  const existing = Object.keys(files).filter((f) => existsSync(path.join(cwd, f)));
  if (existing.length > 0 && !force) {
    throw new Error(`Not overwriting ${existing.join(', ')}: remove them or pass --force`);
  }
  const written: string[] = [];
  if (packageJson === undefined) {
    writeFileSync(packageFile, `${JSON.stringify({ private: true, type: 'module' }, null, 2)}\n`);
    written.push('package.json');
  }
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(cwd, name)), { recursive: true });
    writeFileSync(path.join(cwd, name), content);
    written.push(name);
  }
  // For editors and `tsc` (with @types/node installed); a project's own tsconfig.json is left alone.
  if (!existsSync(path.join(cwd, 'tsconfig.json'))) {
    writeFileSync(path.join(cwd, 'tsconfig.json'), TSCONFIG);
    written.push('tsconfig.json');
  }
  return { written, ext };
}

/** Registers `install` on `program`. */
export function registerInstallCommand(program: Command): void {
  program
    .command('install')
    .description(
      'create karafka.config.mts (with a declared topic) and an example consumer in the current folder ' +
        '(.ts in a package of type module)',
    )
    .option('-f, --force', 'overwrite existing files', false)
    .action((flags: { force: boolean }) => {
      const { written } = install(process.cwd(), flags.force);
      const topic = SCAFFOLD_ENVIRONMENT.KARAFKA_EXAMPLE_TOPIC;
      console.log(
        [
          `Created ${written.join(', ')}.`,
          'Next:',
          `  npx karafka topics migrate                         # creates the topic '${topic}'`,
          `  npx karafka produce ${topic} '{"hello":"karafka"}'   # writes a message to it`,
          '  npx karafka server                                 # consumes it (Ctrl+C stops)',
        ].join('\n'),
      );
    });
}
