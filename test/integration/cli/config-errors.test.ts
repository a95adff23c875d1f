import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliProcess } from '../../support/cli-process.js';
import { jsonLines, tempProject } from './temp-project.js';

/** Runs `karafka <args>` in `dir` and returns its exit code and output. */
async function run(
  dir: string,
  args: readonly string[],
): Promise<{ code: number | null; text: string; lines: string[] }> {
  const cli = CliProcess.start(args, { cwd: dir });
  const { code } = await cli.exited;
  return { code, text: cli.lines.join('\n'), lines: cli.lines };
}

describe('config files that fail to load', () => {
  it('names the file and line that threw, with a code frame and the stack', async () => {
    const dir = tempProject({
      'karafka.config.mts': [
        "import { App } from 'karafka-ts';",
        '',
        'function readSecrets(): string {',
        "  throw new Error('secrets.json is missing');",
        '}',
        '',
        'export default new App({ clientId: readSecrets() });',
        '',
      ].join('\n'),
    });
    const file = path.join(dir, 'karafka.config.mts');
    for (const command of [['info'], ['server'], ['topics', 'plan']]) {
      const { code, text, lines } = await run(dir, command);
      expect(code).toBe(1);
      expect(text).toContain(`Could not load ${file}: Error: secrets.json is missing\n  at ${file}:4:9`);
      expect(text).toContain("> 4 |   throw new Error('secrets.json is missing');\n    |         ^");
      expect(text).toMatch(new RegExp(`^ +at readSecrets \\(${file.replace(/[.]/g, '\\.')}:4:9\\)$`, 'm'));
      expect(jsonLines(lines)).toEqual([]);
    }
  });

  it('names the real .mts file of a syntax error, with a code frame', async () => {
    const dir = tempProject({
      'karafka.config.mts': "import { App } from 'karafka-ts';\n\nexport default new App({\n  clientId: 'x',,\n});\n",
    });
    const { code, text, lines } = await run(dir, ['info']);
    expect(code).toBe(1);
    const file = path.join(dir, 'karafka.config.mts');
    expect(text).toContain(`Syntax error in ${file}:4:17: Expected identifier but found ","`);
    expect(text).toContain("> 4 |   clientId: 'x',,\n    |                 ^");
    expect(text).not.toContain('karafka.config.ts');
    expect(jsonLines(lines)).toEqual([]);
  });

  it('names the imported module that has the syntax error', async () => {
    const dir = tempProject({
      'karafka.config.mts':
        "import { App } from 'karafka-ts';\nimport { OrdersConsumer } from './consumers/orders.mts';\n\n" +
        "const app = new App({});\napp.routes.draw((r) => r.topic('orders', { consumer: OrdersConsumer }));\nexport default app;\n",
      'consumers/orders.mts':
        "import { BaseConsumer } from 'karafka-ts';\n\nexport class OrdersConsumer extends BaseConsumer {\n  consume(): void {\n    if (\n  }\n}\n",
    });
    const { code, text } = await run(dir, ['server']);
    expect(code).toBe(1);
    expect(text).toContain(`Could not load ${path.join(dir, 'karafka.config.mts')}:`);
    expect(text).toContain(`Syntax error in ${path.join(dir, 'consumers', 'orders.mts')}:6:3: Unexpected "}"`);
  });

  it('finds the line of a syntax error in a JavaScript config', async () => {
    const dir = tempProject(
      { 'karafka.config.mjs': "import { App } from 'karafka-ts';\nconst app = ;\nexport default app;\n" },
      'module',
    );
    const { code, text } = await run(dir, ['info']);
    expect(code).toBe(1);
    expect(text).toContain(`Syntax error in ${path.join(dir, 'karafka.config.mjs')}:2:13: Unexpected token ';'`);
    expect(text).toContain('> 2 | const app = ;');
  });

  it('shows where an invalid setting was given, without a stack', async () => {
    const dir = tempProject({
      'karafka.config.mts':
        "import { App } from 'karafka-ts';\n\nexport default new App({ concurency: 3 } as never);\n",
    });
    const { code, text, lines } = await run(dir, ['info']);
    expect(code).toBe(1);
    expect(text).toContain("unknown setting 'concurency' (did you mean 'concurrency'?)");
    expect(text).toContain(`  at ${path.join(dir, 'karafka.config.mts')}:3:16`);
    expect(text).toContain('> 3 | export default new App({ concurency: 3 } as never);');
    expect(text).not.toMatch(/^ +at .*node:internal/m);
    expect(jsonLines(lines)).toEqual([]);
  });

  it('says which module is missing', async () => {
    const dir = tempProject({
      'karafka.config.mts':
        "import { App } from 'karafka-ts';\nimport { X } from './consumers/missing.mts';\nconsole.log(X);\nexport default new App({});\n",
    });
    const { code, text } = await run(dir, ['info']);
    expect(code).toBe(1);
    expect(text).toMatch(
      /^Could not load .*karafka\.config\.mts: Error: Cannot find module .*consumers\/missing\.mts/m,
    );
    expect(text).not.toMatch(/^ +at /m);
  });
});
