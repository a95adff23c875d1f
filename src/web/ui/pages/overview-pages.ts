/**
 * Pages that read the materialised state and the cluster: Jobs (running and pending across processes),
 * Routing (the app's routes and their options), Cluster (brokers, topics' replication) and Errors.
 */
import { html } from 'hono/html';
import type { App } from '../../../app/app.js';
import { type Html, type PageContext, ago, badge, layout, seg, table, time, url } from '../layout.js';
import type { WebData } from '../web-data.js';
import { jobsTable } from './processes.js';

/** Running and pending jobs of every active process. */
export function jobsPage(ctx: PageContext, data: WebData): Html {
  const active = (data.state?.processes ?? []).filter((p) => p.status === 'active');
  const running = active.reduce((n, p) => n + p.report.jobs.filter((j) => j.state === 'running').length, 0);
  const pending = active.reduce((n, p) => n + p.report.jobs.filter((j) => j.state === 'pending').length, 0);
  const body = html`<p>
      ${running} running, ${pending} pending, across ${active.length} active process${active.length === 1 ? '' : 'es'}.
    </p>
    ${active.filter((p) => p.report.jobs.length > 0).map((p) => jobsTable(p, ctx))}
    ${running + pending === 0 ? html`<p class="empty">No job runs or waits.</p>` : ''}`;
  return layout(ctx, 'Jobs', 'Jobs', body);
}

/** A route option as text. */
function optionText(value: unknown): string {
  if (typeof value === 'function') return value.name === '' ? '(function)' : value.name;
  if (value instanceof RegExp) return String(value);
  if (typeof value !== 'object' || value === null) return String(value);
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'function' ? v.name || '(function)' : v instanceof RegExp ? String(v) : v,
  );
}

/** The app's routes. */
export function routingPage(ctx: PageContext, app: App): Html {
  const groups = app.routes.consumerGroups.map((group) => {
    const topics = app.routes.topics.filter((t) => t.consumerGroup === group.name);
    const rows = topics.map((topic) => {
      const options = Object.entries(topic as unknown as Record<string, unknown>)
        .filter(([key]) => !['name', 'consumerGroup', 'subscriptionGroup'].includes(key))
        .map(([key, value]) => html`<div><span class="muted">${key}:</span> ${optionText(value)}</div>`);
      return html`<tr>
        <td><a href="${url(ctx, `/explorer/${seg(topic.name)}`)}">${topic.name}</a></td>
        <td>${topic.subscriptionGroup}</td>
        <td>${options}</td>
      </tr>`;
    });
    return html`<h2>Consumer group ${group.name}</h2>
      ${table(['topic', 'subscription group', 'options'], rows)}`;
  });
  return layout(
    ctx,
    'Routing',
    'Routing',
    html`${groups.length === 0 ? html`<p class="empty">No routes.</p>` : groups}`,
  );
}

/** Brokers and replication of every topic. */
export async function clusterPage(ctx: PageContext, data: WebData): Promise<Html> {
  const cluster = await data.admin.clusterInfo();
  const brokers = cluster.brokers.map(
    (b) =>
      html`<tr>
        <td>${b.id}</td>
        <td>${b.host}</td>
        <td>${b.port}</td>
      </tr>`,
  );
  const topics = [...cluster.topics]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((t) => {
      const underReplicated = t.partitions.filter((p) => p.isr.length < p.replicas.length).length;
      const leaderless = t.partitions.filter((p) => p.leader < 0).length;
      return html`<tr>
        <td><a href="${url(ctx, `/explorer/${seg(t.name)}`)}">${t.name}</a></td>
        <td class="num">${t.partitionCount}</td>
        <td class="num">${t.partitions[0]?.replicas.length ?? 0}</td>
        <td>
          ${underReplicated > 0 ? badge(`${String(underReplicated)} under-replicated`, 'warn') : badge('in sync', 'ok')}
          ${leaderless > 0 ? badge(`${String(leaderless)} without leader`, 'bad') : ''}
        </td>
      </tr>`;
    });
  const body = html`<h2>Brokers</h2>
    ${table(['id', 'host', 'port'], brokers)}
    <h2>Topics</h2>
    ${table(['topic', 'partitions', 'replication factor', 'replicas'], topics)}`;
  return layout(ctx, 'Cluster', 'Cluster', body);
}

/** The latest errors. */
export async function errorsPage(ctx: PageContext, data: WebData): Promise<Html> {
  const errors = await data.errors(100);
  const rows = errors.map(
    ({ offset, error }) =>
      html`<tr>
        <td><a href="${url(ctx, `/errors/${offset}`)}">${time(error.occurredAt)}</a></td>
        <td>${error.errorType}</td>
        <td>${error.errorClass}</td>
        <td>${error.message.slice(0, 200)}</td>
        <td>${error.topic === undefined ? '-' : `${error.topic}/${String(error.partition ?? '-')}`}</td>
        <td>${error.processId}</td>
      </tr>`,
  );
  return layout(
    ctx,
    'Errors',
    'Errors',
    table(['when', 'type', 'class', 'message', 'partition', 'process'], rows, 'No errors reported.'),
  );
}

/** One error with its stack. */
export async function errorPage(ctx: PageContext, data: WebData, offset: number): Promise<Html | undefined> {
  const error = await data.error(offset);
  if (error === undefined) return undefined;
  const body = html`<dl class="props">
      <dt>when</dt>
      <dd>${time(error.occurredAt)} (${ago(error.occurredAt)})</dd>
      <dt>type</dt>
      <dd>${error.errorType}</dd>
      <dt>class</dt>
      <dd>${error.errorClass}</dd>
      <dt>process</dt>
      <dd>${error.processId} (${error.processName})</dd>
      <dt>where</dt>
      <dd>
        ${error.consumerGroup ?? '-'}
        ${error.topic ?? ''}${error.partition === undefined ? '' : `/${String(error.partition)}`}${error.offset === undefined ? '' : ` offset ${String(error.offset)}`}
      </dd>
    </dl>
    <h2>Message</h2>
    <pre data-view="message">${error.message}</pre>
    <h2>Stack</h2>
    <pre data-view="stack">${error.stack ?? '(none)'}</pre>`;
  return layout(ctx, 'Errors', `Error ${error.errorType}`, body);
}
