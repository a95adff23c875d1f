/**
 * `karafka web install|migrate|reset|uninstall` (idempotent, like `karafka topics`) and `karafka web` serving
 * the UI, run as users run them: the built CLI in a project whose config imports `karafka-ts/web`.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Admin } from '../../../src/admin/admin.js';
import { CliProcess } from '../../support/cli-process.js';
import { baseSettings, bootstrapServers, uniqueName } from '../../support/kafka.js';
import { tempProject } from '../cli/temp-project.js';

const prefix = uniqueName('web-cli');
const project = tempProject(
  {
    'karafka.config.mjs': `import { App } from 'karafka-ts';
import { enableWeb } from 'karafka-ts/web';
const prefix = process.env.WEB_PREFIX;
const app = new App({ clientId: 'web-cli', kafka: { 'bootstrap.servers': process.env.KAFKA_BOOTSTRAP } });
enableWeb(app, {
  topics: { reports: prefix + '-reports', states: prefix + '-states', metrics: prefix + '-metrics', commands: prefix + '-commands', errors: prefix + '-errors' },
  ui: { readOnly: true },
});
export default app;
`,
  },
  'module',
);
const env = { KAFKA_BOOTSTRAP: bootstrapServers(), WEB_PREFIX: prefix };
const names = ['reports', 'states', 'metrics', 'commands', 'errors'].map((n) => `${prefix}-${n}`);
const admin = new Admin({ kafka: baseSettings() });

afterAll(async () => {
  await admin.close();
});

async function web(...args: string[]): Promise<string[]> {
  const cli = CliProcess.start(['web', ...args], { cwd: project, env });
  const exit = await cli.exited;
  expect(exit.code, cli.lines.join('\n')).toBe(0);
  return cli.lines.filter((line) => line !== '');
}

async function existing(): Promise<string[]> {
  const topics = (await admin.clusterInfo()).topics.map((t) => t.name);
  return names.filter((n) => topics.includes(n));
}

describe('karafka web', () => {
  it('installs, migrates, resets and uninstalls the internal topics, idempotently', async () => {
    const installed = await web('install');
    expect(installed.filter((l) => l.startsWith('create'))).toHaveLength(5);
    expect(await existing()).toEqual(names);
    expect((await admin.describeConfigs(`${prefix}-states`, ['cleanup.policy']))['cleanup.policy']?.value).toBe(
      'compact',
    );
    expect((await web('install')).filter((l) => l.startsWith('create'))).toEqual([]);
    expect((await web('migrate')).filter((l) => !l.startsWith('No') && /create|alter|partitions/.test(l))).toEqual([]);
    await admin.alterConfigs(`${prefix}-commands`, { 'retention.ms': '1000' });
    expect((await web('migrate')).some((l) => l.includes('retention.ms'))).toBe(true);
    const reset = await web('reset');
    expect(reset.filter((l) => l.startsWith('delete'))).toHaveLength(5);
    expect(reset.filter((l) => l.startsWith('create'))).toHaveLength(5);
    const serve = CliProcess.start(['web', '--port', '0'], { cwd: project, env });
    const line = await serve.waitForLine(/karafka web UI on (http:\/\/\S+)/);
    expect(line).toContain('(read-only)');
    const url = /(http:\/\/\S+)/.exec(line)![1]!;
    const status = await fetch(`${url}status`);
    expect(status.status).toBe(200);
    expect(await status.text()).toContain('Topic reports');
    serve.signal('SIGTERM');
    expect((await serve.exited).code).toBe(0);
    expect((await web('uninstall')).filter((l) => l.startsWith('delete'))).toHaveLength(5);
    expect(await existing()).toEqual([]);
    expect((await web('uninstall')).filter((l) => l.startsWith('delete'))).toEqual([]);
  });
});
