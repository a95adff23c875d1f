import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { enableRecurringTasks } from '../../../src/scheduling/recurring-tasks.js';
import { testApp } from '../../support/app.js';
import { CliProcess } from '../../support/cli-process.js';
import { bootstrapServers, uniqueName } from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';

const fixture = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'tasks-app.config.ts');
const closers: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const close of closers.splice(0)) await close();
});

/** One `RUN` line of a node. */
interface Run {
  readonly tick: number | null;
  readonly pid: number;
  readonly trigger: string;
}

function runs(swarm: CliProcess): Run[] {
  return swarm.matching(/^RUN /).map((line) => {
    const [, tick, pid, trigger] = line.split(' ');
    return { tick: tick === 'now' ? null : Number(tick), pid: Number(pid), trigger: trigger! };
  });
}

describe('recurring tasks', () => {
  it('runs a task every 2 s once per tick across a swarm of 2 nodes, through the stop and the SIGKILL of the leader; commands work', async () => {
    const env = {
      KAFKA_BOOTSTRAP: bootstrapServers(),
      TASKS_TOPIC: uniqueName('tasks'),
      TASKS_LOG_TOPIC: uniqueName('tasks-log'),
      GROUP_ID: uniqueName('tasks-group'),
      CLIENT_ID: uniqueName('tasks-app'),
    };
    const cli = async (args: string[]): Promise<CliProcess> => {
      const process = CliProcess.start([...args, '--config', fixture], { cwd: path.dirname(fixture), env });
      const exit = await process.exited;
      expect(exit.code, process.lines.join('\n')).toBe(0);
      return process;
    };
    const install = await cli(['tasks', 'install']);
    expect(install.matching(new RegExp(env.TASKS_TOPIC)).length).toBeGreaterThan(0);

    // The test's view of the same tasks (it never leads: it runs no server).
    const app = testApp();
    closers.push(() => app.closeProducer());
    const tasks = enableRecurringTasks(app, { topic: env.TASKS_TOPIC, logTopic: env.TASKS_LOG_TOPIC });
    tasks.schedule('tick', { every: 2000 }, () => undefined);

    const swarm = CliProcess.start(['swarm', '--config', fixture], { cwd: path.dirname(fixture), env });
    const scheduled = (): Run[] => runs(swarm).filter((run) => run.tick !== null);
    await waitUntil(() => scheduled().length >= 4, {
      timeoutMs: 90_000,
      description: () => `4 runs; output:\n${swarm.lines.slice(-30).join('\n')}`,
    });

    // Stop the leading node (gracefully: the supervisor starts it again); another process takes over.
    const leader = scheduled().at(-1)!.pid;
    const stoppedAt = Date.now();
    process.kill(leader, 'SIGTERM');
    await waitUntil(() => scheduled().filter((run) => run.pid !== leader && run.tick! > stoppedAt).length >= 3, {
      timeoutMs: 90_000,
      description: () => `3 runs after the leader stopped; output:\n${swarm.lines.slice(-30).join('\n')}`,
    });

    // Kill the new leader: after the group's session timeout another process takes over.
    const second = scheduled().at(-1)!.pid;
    const killedAt = Date.now();
    process.kill(second, 'SIGKILL');
    await waitUntil(() => scheduled().filter((run) => run.pid !== second && run.tick! > killedAt).length >= 3, {
      timeoutMs: 90_000,
      description: () => `3 runs after the leader was killed; output:\n${swarm.lines.slice(-30).join('\n')}`,
    });

    // The new leader read the last recorded tick: it caught up the latest tick missed while nobody led.
    expect(runs(swarm).some((run) => run.pid !== second && run.tick! > killedAt && run.trigger === 'catch-up')).toBe(
      true,
    );

    // Run now, disable, enable: commands reach the leader.
    await cli(['tasks', 'run', 'tick']);
    await waitUntil(() => runs(swarm).find((run) => run.tick === null && run.trigger === 'command'), {
      timeoutMs: 60_000,
      description: 'the run-now command to run the task',
    });
    await cli(['tasks', 'disable', 'tick']);
    await waitUntil(async () => (await tasks.states())[0]?.enabled === false, {
      timeoutMs: 60_000,
      description: 'the task to be disabled',
    });
    const list = await cli(['tasks', 'list', '--json']);
    expect(JSON.parse(list.matching(/^\{/)[0]!)).toMatchObject({
      name: 'tick',
      enabled: false,
      schedule: 'every 2000 ms',
    });
    await cli(['tasks', 'enable', 'tick']);
    const enabledRuns = scheduled().length;
    await waitUntil(() => scheduled().length >= enabledRuns + 2, {
      timeoutMs: 60_000,
      description: 'runs after the task was enabled again',
    });

    const log = await tasks.log(500);
    const disabledAt = log.find((record) => record.status === 'disabled')!.at;
    const enabledAt = log.find((record) => record.status === 'enabled')!.at;
    expect(enabledAt).toBeGreaterThan(disabledAt);
    // No scheduled run between the leader's applying the disable and the enable.
    expect(scheduled().filter((run) => run.tick! > disabledAt && run.tick! < enabledAt)).toEqual([]);
    // Every run the nodes printed was recorded as started (a killed node may have printed its last run or not).
    expect(log.filter((record) => record.status === 'started').length).toBeGreaterThanOrEqual(runs(swarm).length);

    // Once per tick across both nodes, on the 2 s grid.
    const perTick = new Map<number, number>();
    for (const run of scheduled()) perTick.set(run.tick!, (perTick.get(run.tick!) ?? 0) + 1);
    expect([...perTick].filter(([, count]) => count !== 1)).toEqual([]);
    expect([...perTick.keys()].filter((tick) => tick % 2000 !== 0)).toEqual([]);
    // Both the first leader and another process ran it.
    expect(new Set(scheduled().map((run) => run.pid)).size).toBeGreaterThan(1);

    swarm.signal('SIGTERM');
    expect((await swarm.exited).code).toBe(0);
  }, 300_000);
});
