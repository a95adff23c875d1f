/**
 * `karafka tasks install|list|enable|disable|run|log`: the recurring tasks of the app of the config file (which
 * must call `enableRecurringTasks(app)` and declare them).
 */
import type { Command } from 'commander';
import type { App } from '../app/app.js';
import { findConfigFile, loadApp } from '../app/load-app.js';
import { type RecurringTasks, recurringTasksOf } from '../scheduling/recurring-tasks.js';
import { installInternalTopics } from './internal-topics-install.js';

/** Options of `karafka tasks` subcommands. */
export interface TasksFlags {
  readonly config?: string;
  /** `list`, `log`: JSON lines instead of text. */
  readonly json?: boolean;
  /** `log`: how many records (default 50). */
  readonly limit?: string;
}

type Print = (line: string) => void;

async function tasksOfConfig(flags: TasksFlags): Promise<{ tasks: RecurringTasks; app: App }> {
  const file = findConfigFile(process.cwd(), flags.config);
  const app = await loadApp(file);
  const tasks = recurringTasksOf(app);
  if (tasks === undefined) {
    throw new Error(
      `${file} does not turn recurring tasks on: call enableRecurringTasks(app) in it (see docs/recurring-tasks.md)`,
    );
  }
  return { tasks, app };
}

/** `karafka tasks install`: creates the tasks topic and the log topic when they do not exist. */
export async function runTasksInstall(flags: TasksFlags, print: Print = console.log): Promise<number> {
  const { tasks, app } = await tasksOfConfig(flags);
  return installInternalTopics(app, [tasks.topics.tasks, tasks.topics.log], 'recurring tasks', print);
}

/** `karafka tasks list`: every declared task with its schedule and state. */
export async function runTasksList(flags: TasksFlags, print: Print = console.log): Promise<void> {
  const { tasks } = await tasksOfConfig(flags);
  for (const task of await tasks.states()) {
    if (flags.json === true) {
      print(JSON.stringify(task));
    } else {
      print(
        `${task.name}  ${task.schedule}  ${task.enabled ? 'enabled' : 'disabled'}  last ${task.lastTick?.toISOString() ?? '-'}` +
          `  next ${task.nextTick?.toISOString() ?? '-'}${task.pendingCommands > 0 ? `  (${String(task.pendingCommands)} command(s) waiting)` : ''}`,
      );
    }
  }
}

/** `karafka tasks enable|disable|run <name>`: writes the command for the leader. */
export async function runTasksCommand(
  action: 'enable' | 'disable' | 'run',
  name: string,
  flags: TasksFlags,
  print: Print = console.log,
): Promise<void> {
  const { tasks, app } = await tasksOfConfig(flags);
  try {
    if (action === 'enable') await tasks.enable(name);
    if (action === 'disable') await tasks.disable(name);
    if (action === 'run') await tasks.runNow(name);
    print(`${action} ${name}: sent to the leader`);
  } finally {
    await app.closeProducer();
  }
}

/** `karafka tasks log`: the last runs and changes, oldest first. */
export async function runTasksLog(flags: TasksFlags, print: Print = console.log): Promise<void> {
  const limit = flags.limit === undefined ? 50 : Number(flags.limit);
  if (!Number.isInteger(limit) || limit < 1)
    throw new Error(`--limit must be a whole number of 1 or more (got '${String(flags.limit)}')`);
  const { tasks } = await tasksOfConfig(flags);
  for (const record of await tasks.log(limit)) {
    if (flags.json === true) {
      print(JSON.stringify(record));
    } else {
      const tick = record.tick === null ? '' : ` tick ${new Date(record.tick).toISOString()}`;
      const extra = `${record.durationMs === undefined ? '' : ` ${String(record.durationMs)} ms`}${record.error === undefined ? '' : ` error: ${record.error}`}`;
      print(
        `${new Date(record.at).toISOString()}  ${record.task}  ${record.status}${tick}${record.trigger === undefined ? '' : ` (${record.trigger})`}${extra}  on ${record.process}`,
      );
    }
  }
}

/** Registers `tasks` and its subcommands on `program`. */
export function registerTasksCommand(program: Command): void {
  const tasks = program
    .command('tasks')
    .description('recurring tasks: install the topics, list, enable, disable, run now, log');
  const configOption = ['-c, --config <path>', 'config file (default: ./karafka.config.{ts,mts,mjs,js})'] as const;
  tasks
    .command('install')
    .description('create the tasks topic and the log topic when they do not exist')
    .option(...configOption)
    .action(async (flags: TasksFlags) => {
      await runTasksInstall(flags);
    });
  tasks
    .command('list')
    .description('print every declared task with its schedule and state')
    .option(...configOption)
    .option('--json', 'one JSON object per line')
    .action(async (flags: TasksFlags) => runTasksList(flags));
  for (const [action, description] of [
    ['enable', 'enable a task (it runs from its next tick)'],
    ['disable', 'disable a task (a run in progress finishes)'],
    ['run', 'run a task now on the leader (also when disabled)'],
  ] as const) {
    tasks
      .command(action)
      .description(description)
      .argument('<name>', 'the task')
      .option(...configOption)
      .action(async (name: string, flags: TasksFlags) => runTasksCommand(action, name, flags));
  }
  tasks
    .command('log')
    .description('print the last runs and changes, oldest first')
    .option(...configOption)
    .option('--limit <n>', 'how many records (default 50)')
    .option('--json', 'one JSON object per line')
    .action(async (flags: TasksFlags) => runTasksLog(flags));
}
