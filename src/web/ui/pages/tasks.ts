/**
 * Tasks: the recurring tasks of the served app with their schedule, state, last run and its outcome, next run,
 * and Run now / Enable / Disable actions (the commands `karafka tasks run|enable|disable` send); the latest
 * records of the log of runs. Or how to turn recurring tasks on.
 */
import { html } from 'hono/html';
import type { App } from '../../../app/app.js';
import { type TaskStatus, recurringTasksOf } from '../../../scheduling/recurring-tasks.js';
import type { TaskLogRecord } from '../../../scheduling/task-records.js';
import { type Html, type PageContext, actionForm, badge, duration, layout, table, time } from '../layout.js';

const TITLE = 'Recurring tasks';
/** How many log records the page reads (the latest runs and changes). */
const LOG_RECORDS = 200;
/** How many of them it lists. */
const LOG_SHOWN = 50;

/** The badge of a log record's status. */
function statusBadge(status: TaskLogRecord['status']): Html {
  const kind =
    status === 'finished' || status === 'enabled'
      ? 'ok'
      : status === 'failed' || status === 'rejected'
        ? 'bad'
        : status === 'started'
          ? 'info'
          : 'warn';
  return badge(status === 'started' ? 'running' : status, kind);
}

/** The last run of a task and its outcome: its latest started, finished or failed record. */
function lastRun(records: readonly TaskLogRecord[], task: string): Html | string {
  const record = records.findLast(
    (r) => r.task === task && (r.status === 'started' || r.status === 'finished' || r.status === 'failed'),
  );
  if (record === undefined) return '-';
  return html`<span data-last-run="${record.status}"
    >${time(record.at)} ${statusBadge(record.status)}${record.trigger === undefined ? '' : ` (${record.trigger})`}
    ${record.durationMs === undefined ? '' : duration(record.durationMs)}
    ${record.error === undefined ? '' : html`<span class="muted">${record.error.slice(0, 200)}</span>`}</span
  >`;
}

function actions(ctx: PageContext, task: TaskStatus): Html {
  return html`${actionForm(ctx, '/tasks/command', { task: task.name, action: 'run' }, 'Run now')}
  ${
    task.enabled
      ? actionForm(ctx, '/tasks/command', { task: task.name, action: 'disable' }, 'Disable')
      : actionForm(ctx, '/tasks/command', { task: task.name, action: 'enable' }, 'Enable')
  }`;
}

/** The recurring tasks of the app and the latest records of their log. */
export async function tasksPage(ctx: PageContext, app: App): Promise<Html> {
  const tasks = recurringTasksOf(app);
  if (tasks === undefined) {
    return layout(
      ctx,
      'Tasks',
      TITLE,
      html`<p class="empty" id="not-enabled">
        Recurring tasks are not enabled for this app: call <code>enableRecurringTasks(app)</code> in its config file and
        declare the tasks on what it returns, then <code>karafka tasks install</code> creates the tasks topics (see
        <code>docs/recurring-tasks.md</code>).
      </p>`,
    );
  }
  let states: TaskStatus[];
  let log: TaskLogRecord[];
  try {
    [states, log] = await Promise.all([tasks.states(), tasks.log(LOG_RECORDS)]);
  } catch (error) {
    return layout(
      ctx,
      'Tasks',
      TITLE,
      html`<p class="empty">
        The tasks topics ${tasks.topics.tasks.name} and ${tasks.topics.log.name} could not be read:
        ${(error as Error).message}. <code>karafka tasks install</code> creates them.
      </p>`,
    );
  }
  const rows = states.map(
    (task) =>
      html`<tr data-task="${task.name}">
        <td>${task.name}</td>
        <td><code>${task.schedule}</code></td>
        <td data-enabled="${String(task.enabled)}">
          ${task.enabled ? badge('enabled', 'ok') : badge('disabled', 'warn')}
          ${task.pendingCommands > 0 ? html`<span class="muted">${task.pendingCommands} command(s) waiting</span>` : ''}
        </td>
        <td>${lastRun(log, task.name)}</td>
        <td>${time(task.lastTick?.getTime())}</td>
        <td>${time(task.nextTick?.getTime())}</td>
        <td>${actions(ctx, task)}</td>
      </tr>`,
  );
  const runs = log
    .slice(-LOG_SHOWN)
    .reverse()
    .map(
      (record) =>
        html`<tr data-log-task="${record.task}" data-log-status="${record.status}">
          <td>${time(record.at)}</td>
          <td>${record.task}</td>
          <td>${statusBadge(record.status)}</td>
          <td>${record.trigger ?? ''}</td>
          <td>${record.tick === null ? '-' : time(record.tick)}</td>
          <td class="num">${record.durationMs === undefined ? '' : duration(record.durationMs)}</td>
          <td>${record.error ?? ''}</td>
          <td>${record.process}</td>
        </tr>`,
    );
  return layout(
    ctx,
    'Tasks',
    TITLE,
    html`<p class="muted">
        Schedules are in UTC. Commands go to the leading process through ${tasks.topics.tasks.name}; a run now runs also
        when the task is disabled.
      </p>
      ${table(
        ['task', 'schedule', 'state', 'last run', 'last scheduled tick', 'next run', ''],
        rows,
        'No task is declared.',
      )}
      <h2>Latest runs and changes</h2>
      ${table(
        ['when', 'task', 'status', 'trigger', 'tick', 'duration', 'error', 'process'],
        runs,
        'The log of runs is empty.',
      )}`,
  );
}
