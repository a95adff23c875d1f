/**
 * When a recurring task runs: a cron expression (UTC, 5 or 6 fields) or `{ every: ms }` (ticks at the multiples
 * of `every` since the epoch, so every process computes the same ticks).
 */
import { CronExpression } from './cron-expression.js';

/** How a task is scheduled: a cron expression, or a fixed interval in ms (1000 or more). */
export type TaskScheduleInput = string | { readonly every: number };

/** The ticks of a schedule. */
export interface TaskSchedule {
  /** As declared, for people (`*\/5 * * * *`, `every 2000 ms`). */
  readonly description: string;
  /** The first tick strictly after `after` (ms), or undefined when none comes. */
  next(after: number): number | undefined;
}

/** The schedule of `input` (throws naming the task and the problem). */
export function taskSchedule(task: string, input: TaskScheduleInput): TaskSchedule {
  if (typeof input === 'string') {
    const cron = new CronExpression(input);
    return { description: input, next: (after) => cron.next(after) };
  }
  const every = (input as { every?: unknown } | null)?.every;
  if (typeof every !== 'number' || !Number.isInteger(every) || every < 1_000) {
    throw new TypeError(
      `Recurring task '${task}': the schedule must be a cron expression or { every: ms } with 1000 ms or more (got ${JSON.stringify(input)})`,
    );
  }
  return { description: `every ${String(every)} ms`, next: (after) => (Math.floor(after / every) + 1) * every };
}

/** The latest tick at or before `now` that is after `since`, or undefined (ticks are walked from `since`). */
export function latestTickSince(schedule: TaskSchedule, since: number, now: number): number | undefined {
  let latest: number | undefined;
  let tick = schedule.next(since);
  for (let steps = 0; tick !== undefined && tick <= now && steps < 1_000_000; steps += 1) {
    latest = tick;
    tick = schedule.next(tick);
  }
  return latest;
}
