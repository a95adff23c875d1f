/**
 * Commands: the history of commands sent from the UI and what each process answered.
 */
import { html } from 'hono/html';
import { type Html, type PageContext, badge, layout, table, time } from '../layout.js';
import type { WebData } from '../web-data.js';

/** The commands history. */
export async function commandsPage(ctx: PageContext, data: WebData): Promise<Html> {
  const records = await data.commands(300);
  const rows = records.map(({ command, results }) => {
    const target =
      command.topic === undefined
        ? ''
        : `${command.consumerGroup ?? ''} ${command.topic}/${String(command.partition ?? '')}`;
    const args =
      command.command === 'partition.pause'
        ? command.durationMs === undefined
          ? 'until resumed'
          : `${String(command.durationMs)} ms`
        : command.command === 'partition.seek'
          ? `${command.seekTo ?? 'offset'} ${String(command.offset ?? '')}`
          : '';
    const answers = results.map(
      (r) =>
        html`<div data-result="${r.status}">
          ${badge(r.status, r.status === 'done' ? 'ok' : r.status === 'failed' ? 'bad' : 'warn')} ${r.processId}:
          ${r.command === 'trace' ? html`<pre>${r.details ?? ''}</pre>` : (r.details ?? '')}
        </div>`,
    );
    return html`<tr data-command="${command.id}">
      <td>${time(command.requestedAt)}</td>
      <td>${command.command}</td>
      <td>${command.processId === '*' ? 'all processes' : command.processId}</td>
      <td>${target} ${args}</td>
      <td>${command.requestedBy ?? '-'}</td>
      <td>${answers.length === 0 ? html`<span class="muted">no answer yet</span>` : answers}</td>
    </tr>`;
  });
  return layout(
    ctx,
    'Commands',
    'Commands',
    table(['when', 'command', 'process', 'target', 'by', 'results'], rows, 'No command was sent yet.'),
  );
}
