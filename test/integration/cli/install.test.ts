import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliProcess } from '../../support/cli-process.js';
import { bootstrapServers, uniqueName } from '../../support/kafka.js';
import { jsonLines, tempProject } from './temp-project.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');

async function run(dir: string, args: readonly string[], env: Record<string, string> = {}): Promise<string[]> {
  const cli = CliProcess.start(args, { cwd: dir, env });
  const exit = await cli.exited;
  expect(exit, `karafka ${args.join(' ')}:\n${cli.lines.join('\n')}`).toEqual({ code: 0, signal: null });
  return cli.lines;
}

/** Type-checks the folder with its tsconfig.json, as `tsc` in the user's project would. */
function typeCheck(dir: string): void {
  // The user's project would have @types/node installed (the guide says so); here it is this repository's.
  execFileSync(
    process.execPath,
    [
      path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'),
      '-p',
      dir,
      '--typeRoots',
      path.join(repoRoot, 'node_modules', '@types'),
    ],
    { cwd: dir, stdio: 'pipe' },
  );
}

describe('karafka install', () => {
  it('scaffolds .mts files in a CommonJS package that type-check, migrate, produce and run as they are', async () => {
    const dir = tempProject({}, 'commonjs');
    const lines = await run(dir, ['install']);
    expect(lines[0]).toBe(
      'Created karafka.config.mts, consumers/example-consumer.mts, consumers/example-consumer.test.mts, tsconfig.json.',
    );
    expect(lines.join('\n')).toContain('npx karafka topics migrate');
    typeCheck(dir);

    const topic = uniqueName('installed');
    const env = { KAFKA_BOOTSTRAP: bootstrapServers(), KARAFKA_EXAMPLE_TOPIC: topic, KARAFKA_EXAMPLE_GROUP: topic };
    expect(await run(dir, ['topics', 'migrate'], env)).toEqual([
      `created ${topic}: 1 partition, replication factor 1`,
      'Done: 1 topic created.',
    ]);
    const produced = await run(dir, ['produce', topic, '{"hello":"karafka"}'], env);
    expect(produced).toEqual([`Delivered to topic ${topic}, partition 0, offset 0`]);

    const server = CliProcess.start(['server'], { cwd: dir, env });
    await server.waitForLine(new RegExp(`^${topic}/0@0: \\{"hello":"karafka"\\}$`));
    server.signal('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
  });

  it('writes .ts files (and a package.json of type module) where there is no package.json', async () => {
    const dir = tempProject({}, 'module');
    // tempProject always writes one: take it away, as in an empty folder.
    rmSync(path.join(dir, 'package.json'));
    const lines = await run(dir, ['install']);
    expect(lines[0]).toBe(
      'Created package.json, karafka.config.ts, consumers/example-consumer.ts, consumers/example-consumer.test.ts, tsconfig.json.',
    );
    expect(JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'))).toEqual({ private: true, type: 'module' });
    expect(readFileSync(path.join(dir, 'karafka.config.ts'), 'utf8')).toContain(
      "from './consumers/example-consumer.js'",
    );
    typeCheck(dir);
    const info = await run(dir, ['info']);
    expect(info).toContain('      topic example -> ExampleConsumer (json, earliest, maxMessages 100)');
    expect(jsonLines(info)).toEqual([]);
  });

  it('keeps existing files unless --force, and a project tsconfig.json always', async () => {
    const dir = tempProject({ 'tsconfig.json': '{}\n' }, 'commonjs');
    await run(dir, ['install']);
    expect(readFileSync(path.join(dir, 'tsconfig.json'), 'utf8')).toBe('{}\n');
    const again = CliProcess.start(['install'], { cwd: dir });
    expect((await again.exited).code).toBe(1);
    expect(again.lines).toContain(
      'Not overwriting karafka.config.mts, consumers/example-consumer.mts, consumers/example-consumer.test.mts: remove them or pass --force',
    );
    expect(await run(dir, ['install', '--force'])).toContain(
      'Created karafka.config.mts, consumers/example-consumer.mts, consumers/example-consumer.test.mts.',
    );
    expect(existsSync(path.join(dir, 'consumers', 'example-consumer.mts'))).toBe(true);
  });
});
