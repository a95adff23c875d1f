/**
 * Dashboard: processes, throughput, lag, errors and busy workers now, and over the last hour, day or week.
 */
import { html } from 'hono/html';
import type { MetricsRange, ProcessState } from '../../report.js';
import { type Html, type PageContext, badge, cards, layout, num, url } from '../layout.js';
import type { WebData } from '../web-data.js';
import { processStatusBadge } from './processes.js';

const RANGES: readonly MetricsRange[] = ['hour', 'day', 'week'];

function chart(title: string, kind: string, range: MetricsRange, fields = ''): Html {
  return html`<div class="chart">
    <h3>${title}</h3>
    <div class="plot"><canvas data-chart="${kind}" data-range="${range}" data-fields="${fields}"></canvas></div>
  </div>`;
}

/** Totals over the active processes. */
export function totals(processes: readonly ProcessState[]): {
  active: number;
  messages: number;
  busy: number;
  concurrency: number;
  lag: number;
  errors: number;
} {
  const active = processes.filter((p) => p.status === 'active');
  let lag = 0;
  for (const p of active) for (const partition of p.report.partitions) lag += partition.lag ?? 0;
  return {
    active: active.length,
    messages: active.reduce((sum, p) => sum + p.report.counters.messages, 0),
    busy: active.reduce((sum, p) => sum + p.report.busy, 0),
    concurrency: active.reduce((sum, p) => sum + p.report.concurrency, 0),
    lag,
    errors: active.reduce((sum, p) => sum + p.report.counters.errors, 0),
  };
}

/** The dashboard. */
export function dashboardPage(ctx: PageContext, data: WebData, rangeParam: string | undefined): Html {
  const range: MetricsRange = RANGES.includes(rangeParam as MetricsRange) ? (rangeParam as MetricsRange) : 'hour';
  const processes = data.state?.processes ?? [];
  const t = totals(processes);
  const body = html` ${data.state === undefined ? html`<p class="notice">No state materialised yet: is a process with <code>enableWeb(app)</code> running, and were the topics installed (<code>karafka web install</code>)?</p>` : ''}
    ${cards([
      ['active processes', t.active],
      ['messages consumed (since start)', num(t.messages)],
      ['busy workers', `${String(t.busy)} / ${String(t.concurrency)}`],
      ['total lag', num(t.lag)],
      ['errors (since start)', num(t.errors)],
    ])}
    <p class="tabs">
      Range:
      ${RANGES.map((r) => html`<a href="${url(ctx, '/', { range: r })}" class="${r === range ? 'active' : ''}">last ${r}</a>`)}
    </p>
    <div class="charts">
      ${chart('Messages consumed', 'series', range, 'messages')} ${chart('Lag', 'series', range, 'lag')}
      ${chart('Busy workers and enqueued jobs', 'series', range, 'busy,enqueued,concurrency')}
      ${chart('Errors', 'series', range, 'errors')} ${chart('Processes', 'series', range, 'processes')}
      ${chart('Lag per topic (last hour)', 'topic-lag', 'hour')}
    </div>
    <h2>Processes</h2>
    <table id="processes">
      <thead>
        <tr>
          <th>id</th>
          <th>status</th>
          <th>state</th>
          <th class="num">partitions</th>
          <th class="num">busy</th>
          <th class="num">lag</th>
          <th class="num">messages</th>
        </tr>
      </thead>
      <tbody>
        ${processes.map((p) => {
          let lag = 0;
          for (const partition of p.report.partitions) lag += partition.lag ?? 0;
          return html`<tr>
            <td><a href="${url(ctx, `/processes/${encodeURIComponent(p.report.id)}`)}">${p.report.id}</a></td>
            <td>${processStatusBadge(p)}</td>
            <td>${p.report.state}</td>
            <td class="num">${p.report.partitions.length}</td>
            <td class="num">${p.report.busy}/${p.report.concurrency}</td>
            <td class="num">${num(lag)}</td>
            <td class="num">${num(p.report.counters.messages)}</td>
          </tr>`;
        })}
      </tbody>
    </table>
    ${processes.length === 0 ? html`<p class="empty">${badge('no processes', 'warn')} No process has reported yet.</p>` : ''}`;
  return layout(ctx, 'Dashboard', 'Dashboard', body);
}
