/**
 * Schedules: the pending scheduled messages of the served app (neither delivered nor cancelled), earliest
 * first, each with a Cancel action; or how to turn scheduled messages on.
 */
import { html } from 'hono/html';
import type { App } from '../../../app/app.js';
import { type PendingSchedule, scheduledMessagesOf } from '../../../scheduling/scheduled-messages.js';
import { type Html, type PageContext, actionForm, ago, bytes, layout, table, time } from '../layout.js';

const TITLE = 'Scheduled messages';

/** The pending schedules of the app, with a Cancel button each. */
export async function schedulesPage(ctx: PageContext, app: App): Promise<Html> {
  const schedules = scheduledMessagesOf(app);
  if (schedules === undefined) {
    return layout(
      ctx,
      'Schedules',
      TITLE,
      html`<p class="empty" id="not-enabled">
        Scheduled messages are not enabled for this app: call <code>enableScheduledMessages(app)</code> in its config
        file, then <code>karafka schedules install</code> creates the schedules topic (see
        <code>docs/scheduled-messages.md</code>).
      </p>`,
    );
  }
  const topic = schedules.topic.name;
  let pending: PendingSchedule[];
  try {
    pending = await schedules.pending();
  } catch (error) {
    return layout(
      ctx,
      'Schedules',
      TITLE,
      html`<p class="empty">
        The schedules topic ${topic} could not be read: ${(error as Error).message}.
        <code>karafka schedules install</code> creates it.
      </p>`,
    );
  }
  const rows = pending.map(
    (entry) =>
      html`<tr data-schedule="${entry.id}">
        <td>${time(entry.at.getTime())}</td>
        <td>${entry.at.getTime() <= Date.now() ? `due ${ago(entry.at.getTime())}` : ''}</td>
        <td>${entry.id}</td>
        <td>${entry.topic}</td>
        <td>${entry.key ?? '-'}</td>
        <td class="num">${bytes(entry.size)}</td>
        <td>${entry.partition}@${entry.offset}</td>
        <td>${actionForm(ctx, '/schedules/cancel', { id: entry.id }, 'Cancel')}</td>
      </tr>`,
  );
  return layout(
    ctx,
    'Schedules',
    TITLE,
    html`<p class="muted">
        ${pending.length} pending in ${topic}, earliest first. Cancelling takes effect when the dispatcher reads it
        before the schedule's time; a delivered message is not undone.
      </p>
      ${table(
        ['deliver at', '', 'id', 'target topic', 'key', 'size', 'kept at (partition@offset)', ''],
        rows,
        'No schedule is pending.',
      )}`,
  );
}
