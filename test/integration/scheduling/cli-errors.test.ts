import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliProcess } from '../../support/cli-process.js';
import { bootstrapServers, uniqueName } from '../../support/kafka.js';

const fixtures = path.resolve(import.meta.dirname, '..', '..', 'fixtures');

/** Runs `karafka <args>` against `config` and returns its exit code and output. */
async function run(config: string, args: string[]): Promise<{ code: number | null; output: string }> {
  const cli = CliProcess.start([...args, '--config', path.join(fixtures, config)], {
    cwd: fixtures,
    env: { KAFKA_BOOTSTRAP: bootstrapServers(), TOPIC: uniqueName('unused'), TASKS_TOPIC: uniqueName('tasks') },
  });
  const { code } = await cli.exited;
  return { code, output: cli.lines.join('\n') };
}

describe('karafka schedules and tasks: bad arguments', () => {
  it('says so when the config file does not turn the feature on', async () => {
    const schedules = await run('server-app.config.ts', ['schedules', 'list']);
    expect(schedules.code).toBe(1);
    expect(schedules.output).toMatch(/does not turn scheduled messages on: call enableScheduledMessages\(app\)/);
    const tasks = await run('server-app.config.ts', ['tasks', 'list']);
    expect(tasks.code).toBe(1);
    expect(tasks.output).toMatch(/does not turn recurring tasks on: call enableRecurringTasks\(app\)/);
  });

  it('refuses an unknown task, a bad --limit and missing ids', async () => {
    const unknown = await run('tasks-app.config.ts', ['tasks', 'run', 'nope']);
    expect(unknown.code).toBe(1);
    expect(unknown.output).toMatch(/runNow\(\): no task 'nope' \(declared: tick\)/);
    const limit = await run('tasks-app.config.ts', ['tasks', 'log', '--limit', '0']);
    expect(limit.code).toBe(1);
    expect(limit.output).toMatch(/--limit must be a whole number of 1 or more \(got '0'\)/);
    const cancel = await run('schedules-app.config.ts', ['schedules', 'cancel']);
    expect(cancel.code).toBe(1);
    expect(cancel.output).toMatch(/missing required argument 'ids'/);
  });
});
