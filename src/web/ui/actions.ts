/**
 * Actions: commands to processes, republishing a dead letter to its source, cancelling a scheduled message, and
 * the recurring tasks' run now, enable and disable (the commands `karafka tasks` sends). Each is refused in read-only
 * mode (403), without authentication (401), and without a valid CSRF token or from another site (403), before
 * anything is sent; its fields are checked (400 naming the field). Done, it redirects back with a notice.
 */
import type { Context } from 'hono';
import type { CommandMessage, CommandName } from '../report.js';
import { authConfigured, authenticate, csrfAllowed } from './security.js';
import { SOURCE_HEADERS, header } from './pages/dlq.js';
import { RecurringTaskError, recurringTasksOf } from '../../scheduling/recurring-tasks.js';
import { scheduledMessagesOf } from '../../scheduling/scheduled-messages.js';
import { BadParameter, intParam } from './params.js';
import type { UiRouting } from './ui-routing.js';

const TASK_ACTIONS = ['run', 'enable', 'disable'] as const;

const COMMANDS: readonly CommandName[] = [
  'quiet',
  'stop',
  'trace',
  'partition.pause',
  'partition.resume',
  'partition.seek',
];

type Form = Record<string, string>;

function text(form: Form, name: string): string | undefined {
  const value = form[name];
  return value === undefined || value === '' ? undefined : value;
}

/** Registers the action routes. */
export function registerActions(ui: UiRouting): void {
  const { app, data, options } = ui;
  const base = options.basePath;

  /** Read-only, authentication and CSRF checks; the form when they pass, a refusal otherwise. */
  const guard = async (c: Context): Promise<{ form: Form; user: string } | Response> => {
    if (options.readOnly) return c.text('Refused: the web UI is read-only', 403);
    const user = await authenticate(c.req.raw, options);
    if (user === undefined) {
      if (options.auth.basic !== undefined)
        c.header('www-authenticate', 'Basic realm="karafka-ts web", charset="UTF-8"');
      return c.text(
        authConfigured(options)
          ? 'Refused: authentication required'
          : 'Refused: no authentication is configured (auth.token, auth.basic or auth.authorize), so actions are off',
        401,
      );
    }
    const raw = await c.req.parseBody();
    const form: Form = {};
    for (const [key, value] of Object.entries(raw)) if (typeof value === 'string') form[key] = value;
    if (!csrfAllowed(c.req.raw, form._csrf)) return c.text('Refused: the request failed the CSRF check', 403);
    return { form, user };
  };

  const back = (c: Context, fallback: string, notice: string): Response => {
    const referer = c.req.header('referer');
    let target = `${base}${fallback}`;
    if (referer !== undefined) {
      try {
        const parsed = new URL(referer);
        if (parsed.pathname.startsWith(base === '' ? '/' : base)) target = parsed.pathname;
      } catch {
        // keep the fallback
      }
    }
    return c.redirect(`${target}?notice=${encodeURIComponent(notice)}`, 303);
  };

  app.post(`${base}/commands`, async (c) => {
    const checked = await guard(c);
    if (checked instanceof Response) return checked;
    const { form, user } = checked;
    try {
      const command = text(form, 'command') as CommandName | undefined;
      if (command === undefined || !COMMANDS.includes(command)) {
        throw new BadParameter(`command must be one of ${COMMANDS.join(', ')}`);
      }
      const processId = text(form, 'processId');
      if (processId === undefined) throw new BadParameter('processId is required (a process id, or * for all)');
      const fields: { -readonly [K in keyof CommandMessage]?: CommandMessage[K] } = {};
      const partitionCommand = command.startsWith('partition.');
      if (partitionCommand) {
        const consumerGroup = text(form, 'consumerGroup');
        const topic = text(form, 'topic');
        const partition = intParam(text(form, 'partition'), 'partition');
        if (consumerGroup === undefined || topic === undefined || partition === undefined) {
          throw new BadParameter('a partition command needs consumerGroup, topic and partition');
        }
        Object.assign(fields, { consumerGroup, topic, partition });
      }
      if (command === 'partition.pause') {
        const durationMs = intParam(text(form, 'durationMs'), 'durationMs');
        if (durationMs !== undefined && durationMs > 0) fields.durationMs = durationMs;
      }
      if (command === 'partition.seek') {
        const seekTo = text(form, 'seekTo') ?? 'offset';
        if (!['offset', 'time', 'earliest', 'latest'].includes(seekTo)) {
          throw new BadParameter('seekTo must be offset, time, earliest or latest');
        }
        fields.seekTo = seekTo as CommandMessage['seekTo'];
        if (seekTo === 'offset' || seekTo === 'time') {
          const offset = intParam(text(form, 'offset'), 'offset');
          if (offset === undefined) throw new BadParameter('offset is required to seek to an offset or a time');
          fields.offset = offset;
        }
      }
      const sent = await data.sendCommand({ command, processId, requestedBy: user, ...fields });
      return back(
        c,
        '/commands',
        `Sent ${command} to ${processId === '*' ? 'every process' : processId} (command ${sent.id})`,
      );
    } catch (error) {
      if (error instanceof BadParameter) return c.text(`Bad request: ${error.message}`, 400);
      throw error;
    }
  });

  app.post(`${base}/dlq/republish`, async (c) => {
    const checked = await guard(c);
    if (checked instanceof Response) return checked;
    const { form, user } = checked;
    let partition: number | undefined;
    let offset: number | undefined;
    try {
      partition = intParam(text(form, 'partition'), 'partition');
      offset = intParam(text(form, 'offset'), 'offset');
    } catch (error) {
      return c.text(`Bad request: ${(error as Error).message}`, 400);
    }
    const topic = text(form, 'topic');
    if (topic === undefined || partition === undefined || offset === undefined) {
      return c.text('Bad request: topic, partition and offset are required', 400);
    }
    const [message] = await data.admin.readTopic(topic, partition, 1, offset);
    if (message === undefined || message.offset !== offset) return c.text('No such message', 404);
    const source = header(message, SOURCE_HEADERS.topic);
    if (source === undefined) return c.text(`Bad request: the message has no ${SOURCE_HEADERS.topic} header`, 400);
    const sourcePartition = Number(header(message, SOURCE_HEADERS.partition));
    const sourceNames = new Set<string>(Object.values(SOURCE_HEADERS));
    const report = await data.produce({
      topic: source,
      key: message.key,
      value: message.value,
      ...(message.key === null && Number.isInteger(sourcePartition) && sourcePartition >= 0
        ? { partition: sourcePartition }
        : {}),
      headers: [
        ...message.headers.filter((h) => !sourceNames.has(h.key)),
        { key: 'republished_from', value: Buffer.from(`${topic}/${String(partition)}/${String(offset)}`) },
        { key: 'republished_by', value: Buffer.from(user) },
      ],
    });
    return back(
      c,
      '/dlq',
      `Republished ${topic}/${String(partition)}@${String(offset)} to ${report.topic}/${String(report.partition)}@${String(report.offset)}`,
    );
  });

  app.post(`${base}/schedules/cancel`, async (c) => {
    const checked = await guard(c);
    if (checked instanceof Response) return checked;
    const schedules = scheduledMessagesOf(data.app);
    if (schedules === undefined) {
      return c.text('Bad request: scheduled messages are not enabled for this app (enableScheduledMessages)', 400);
    }
    const id = text(checked.form, 'id');
    if (id === undefined) return c.text('Bad request: id is required (the schedule to cancel)', 400);
    await schedules.cancel(id);
    return back(
      c,
      '/schedules',
      `Cancelled schedule ${id} (effective when the dispatcher reads it before the schedule's time)`,
    );
  });

  app.post(`${base}/tasks/command`, async (c) => {
    const checked = await guard(c);
    if (checked instanceof Response) return checked;
    const tasks = recurringTasksOf(data.app);
    if (tasks === undefined) {
      return c.text('Bad request: recurring tasks are not enabled for this app (enableRecurringTasks)', 400);
    }
    const task = text(checked.form, 'task');
    const action = text(checked.form, 'action') as (typeof TASK_ACTIONS)[number] | undefined;
    if (task === undefined) return c.text('Bad request: task is required', 400);
    if (action === undefined || !TASK_ACTIONS.includes(action)) {
      return c.text(`Bad request: action must be one of ${TASK_ACTIONS.join(', ')}`, 400);
    }
    try {
      if (action === 'run') await tasks.runNow(task);
      if (action === 'enable') await tasks.enable(task);
      if (action === 'disable') await tasks.disable(task);
    } catch (error) {
      if (error instanceof RecurringTaskError) return c.text(`Bad request: ${error.message}`, 400);
      throw error;
    }
    return back(c, '/tasks', `Sent ${action === 'run' ? 'run now' : action} of task ${task} to the leader`);
  });
}
