/**
 * `karafka install`: scaffolds a config file and an example consumer into the current folder; `karafka
 * server` runs them as they are.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';

/** The files `install` writes, relative to the folder, for TypeScript modules with extension `ext`. */
export function scaffold(ext: 'ts' | 'mts'): Record<string, string> {
  const js = ext === 'ts' ? 'js' : 'mjs';
  return {
    [`karafka.config.${ext}`]: `import { App } from 'karafka-ts';
import { ExampleConsumer } from './consumers/example-consumer.${js}';

const app = new App({
  clientId: 'example-app',
  kafka: { 'bootstrap.servers': process.env.KAFKA_BOOTSTRAP ?? '127.0.0.1:9092' },
});

app.routes.draw((routes) => {
  routes.topic(process.env.KARAFKA_EXAMPLE_TOPIC ?? 'example', { consumer: ExampleConsumer });
});

export default app;
`,
    [`consumers/example-consumer.${ext}`]: `import { BaseConsumer } from 'karafka-ts';

/** Prints every message of the \`example\` topic. */
export class ExampleConsumer extends BaseConsumer {
  consume(): void {
    for (const message of this.messages) {
      console.log(\`\${message.topic}/\${message.partition}@\${message.offset}: \${JSON.stringify(message.payload)}\`);
    }
  }
}
`,
  };
}

/** Writes the scaffold into `cwd`; refuses to overwrite unless `force`. Returns the written paths. */
export function install(cwd: string, force: boolean): string[] {
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
  return written;
}

/** Registers `install` on `program`. */
export function registerInstallCommand(program: Command): void {
  program
    .command('install')
    .description('create karafka.config.ts and an example consumer in the current folder')
    .option('-f, --force', 'overwrite existing files', false)
    .action((flags: { force: boolean }) => {
      const written = install(process.cwd(), flags.force);
      console.log(`Created ${written.join(', ')}.\nRun it with: npx karafka server`);
    });
}
