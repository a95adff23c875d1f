/**
 * `karafka schedules install|list|cancel <id>`: the scheduled messages of the app of the config file (which
 * must call `enableScheduledMessages(app)`).
 */
import type { Command } from 'commander';
import { findConfigFile, loadApp } from '../app/load-app.js';
import { type ScheduledMessages, scheduledMessagesOf } from '../scheduling/scheduled-messages.js';
import { installInternalTopics } from './internal-topics-install.js';

/** Options of `karafka schedules` subcommands. */
export interface SchedulesFlags {
  readonly config?: string;
  /** `list`: print JSON lines instead of a table. */
  readonly json?: boolean;
}

type Print = (line: string) => void;

async function schedulesOfConfig(
  flags: SchedulesFlags,
): Promise<{ schedules: ScheduledMessages; app: Awaited<ReturnType<typeof loadApp>> }> {
  const file = findConfigFile(process.cwd(), flags.config);
  const app = await loadApp(file);
  const schedules = scheduledMessagesOf(app);
  if (schedules === undefined) {
    throw new Error(
      `${file} does not turn scheduled messages on: call enableScheduledMessages(app) in it (see docs/scheduled-messages.md)`,
    );
  }
  return { schedules, app };
}

/** `karafka schedules install`: creates the schedules topic when it does not exist. */
export async function runSchedulesInstall(flags: SchedulesFlags, print: Print = console.log): Promise<number> {
  const { schedules, app } = await schedulesOfConfig(flags);
  return installInternalTopics(app, [schedules.topic], 'scheduled messages', print);
}

/** `karafka schedules list`: prints the pending schedules (neither delivered nor cancelled), earliest first. */
export async function runSchedulesList(flags: SchedulesFlags, print: Print = console.log): Promise<number> {
  const { schedules } = await schedulesOfConfig(flags);
  const pending = await schedules.pending();
  for (const entry of pending) {
    if (flags.json === true) {
      print(JSON.stringify({ ...entry, at: entry.at.toISOString() }));
    } else {
      print(
        `${entry.at.toISOString()}  ${entry.id}  -> ${entry.topic}${entry.key === null ? '' : ` key ${entry.key}`} ` +
          `(${String(entry.size)} bytes; ${schedules.topic.name}/${String(entry.partition)}@${String(entry.offset)})`,
      );
    }
  }
  if (flags.json !== true) print(`${String(pending.length)} pending schedule${pending.length === 1 ? '' : 's'}`);
  return pending.length;
}

/** `karafka schedules cancel <id...>`: cancels schedules by id. */
export async function runSchedulesCancel(
  ids: readonly string[],
  flags: SchedulesFlags,
  print: Print = console.log,
): Promise<void> {
  const bad = ids.find((id) => id.trim() === '');
  if (ids.length === 0 || bad !== undefined)
    throw new Error('karafka schedules cancel: give the id of each schedule to cancel');
  const { schedules, app } = await schedulesOfConfig(flags);
  try {
    for (const id of ids) {
      await schedules.cancel(id);
      print(`cancelled ${id}`);
    }
  } finally {
    await app.closeProducer();
  }
}

/** Registers `schedules` and its subcommands on `program`. */
export function registerSchedulesCommand(program: Command): void {
  const schedules = program.command('schedules').description('scheduled messages: install the topic, list, cancel');
  const configOption = ['-c, --config <path>', 'config file (default: ./karafka.config.{ts,mts,mjs,js})'] as const;
  schedules
    .command('install')
    .description('create the schedules topic when it does not exist')
    .option(...configOption)
    .action(async (flags: SchedulesFlags) => {
      await runSchedulesInstall(flags);
    });
  schedules
    .command('list')
    .description('print the schedules neither delivered nor cancelled, earliest first')
    .option(...configOption)
    .option('--json', 'one JSON object per line')
    .action(async (flags: SchedulesFlags) => {
      await runSchedulesList(flags);
    });
  schedules
    .command('cancel')
    .description('cancel schedules by id (effective when the dispatcher reads it before their time)')
    .argument('<ids...>', 'ids of the schedules to cancel')
    .option(...configOption)
    .action(async (ids: string[], flags: SchedulesFlags) => {
      await runSchedulesCancel(ids, flags);
    });
}
