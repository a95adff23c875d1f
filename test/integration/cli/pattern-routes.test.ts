import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliProcess } from '../../support/cli-process.js';
import { createTopic, uniqueName } from '../../support/kafka.js';

const fixtures = path.resolve(import.meta.dirname, '..', '..', 'fixtures');

describe('karafka info and filters with pattern routes and direct assignments (process)', () => {
  it('shows each pattern with the topics it matches now, and a direct assignment with its partitions', async () => {
    const prefix = uniqueName('info-pattern');
    await createTopic(`${prefix}.b`);
    await createTopic(`${prefix}.a`);
    await createTopic(`${prefix}-not`);
    const direct = await createTopic(uniqueName('info-direct'), 2);
    const info = CliProcess.start(['info', '--config', 'pattern-app.config.ts'], {
      cwd: fixtures,
      env: { PREFIX: prefix, CLIENT_ID: 'pattern-info', DIRECT_TOPIC: direct },
    });
    expect((await info.exited).code).toBe(0);
    const lines = info.lines;
    const at = lines.indexOf(`      pattern /^${prefix}\\..+/ -> PatternConsumer (json, earliest, maxMessages 100)`);
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toBe(`        matches now: ${prefix}.a, ${prefix}.b`);
    expect(lines).toContain(
      `      topic ${direct} -> PatternConsumer (json, earliest, maxMessages 100, assigned directly: partitions 0, 1)`,
    );
  });

  it('karafka produce to a missing topic a pattern routes says that karafka topics will not create it', async () => {
    const prefix = uniqueName('produce-pattern');
    const cli = CliProcess.start(['produce', `${prefix}.missing`, '{}', '--config', 'pattern-app.config.ts'], {
      cwd: fixtures,
      env: { PREFIX: prefix },
    });
    expect((await cli.exited).code).toBe(1);
    expect(cli.lines.join('\n')).toContain(
      `pattern /^${prefix}\\..+/ routes it, but \`karafka topics\` creates no topic for a pattern`,
    );
  });

  it('names patterns among the routed topics when a filter names nothing routed', async () => {
    const prefix = uniqueName('filter-pattern');
    const unknown = CliProcess.start(['server', '--config', 'pattern-app.config.ts', '--topics', 'not-routed'], {
      cwd: fixtures,
      env: { PREFIX: prefix },
    });
    expect((await unknown.exited).code).toBe(1);
    expect(unknown.lines.join('\n')).toContain(`Unknown topic 'not-routed' in --topics; routed: /^${prefix}\\..+/`);
  });
});
