/**
 * Processes: the list, and each process's detail (listeners, partitions, jobs, memory, CPU, event loop), with
 * the process and partition commands.
 */
import { html } from 'hono/html';
import type { PartitionReport, ProcessState } from '../../report.js';
import {
  type Html,
  type PageContext,
  actionForm,
  ago,
  badge,
  bytes,
  duration,
  layout,
  num,
  table,
  time,
  url,
} from '../layout.js';
import type { WebData } from '../web-data.js';

/** The status badge of a process. */
export function processStatusBadge(p: ProcessState): Html {
  if (p.status === 'gone') return badge('gone', 'bad');
  if (p.status === 'stopped') return badge('stopped', 'warn');
  return badge(p.report.state, p.report.state === 'running' ? 'ok' : 'warn');
}

/** The processes list. */
export function processesPage(ctx: PageContext, data: WebData): Html {
  const processes = data.state?.processes ?? [];
  const rows = processes.map(
    (p) =>
      html`<tr>
        <td><a href="${url(ctx, `/processes/${encodeURIComponent(p.report.id)}`)}">${p.report.id}</a></td>
        <td>${p.report.name}</td>
        <td>${processStatusBadge(p)}</td>
        <td>${p.report.mode}</td>
        <td>${p.report.tags.join(', ')}</td>
        <td class="num">${p.report.busy}/${p.report.concurrency}</td>
        <td class="num">${p.report.listeners.length}</td>
        <td class="num">${p.report.partitions.length}</td>
        <td class="num">${bytes(p.report.memory.rss)}</td>
        <td class="num">${p.report.cpu.percent}%</td>
        <td>${ago(p.report.dispatchedAt)}</td>
      </tr>`,
  );
  const all =
    ctx.canAct && processes.some((p) => p.status === 'active')
      ? html`<p>
          All processes:
          ${actionForm(ctx, '/commands', { command: 'quiet', processId: '*' }, 'Quiet all')}${actionForm(ctx, '/commands', { command: 'stop', processId: '*' }, 'Stop all')}
        </p>`
      : '';
  return layout(
    ctx,
    'Processes',
    'Processes',
    html`${all}${table(['id', 'app', 'status', 'mode', 'tags', 'busy', 'listeners', 'partitions', 'memory', 'cpu', 'last report'], rows, 'No process has reported yet.')}`,
  );
}

function partitionRow(ctx: PageContext, processId: string, p: PartitionReport, active: boolean): Html {
  const fields = { processId, consumerGroup: p.consumerGroup, topic: p.topic, partition: p.partition };
  const actions = active
    ? html`${
        p.paused
          ? actionForm(ctx, '/commands', { ...fields, command: 'partition.resume' }, 'Resume')
          : actionForm(
              ctx,
              '/commands',
              { ...fields, command: 'partition.pause' },
              'Pause',
              html`<input
                type="number"
                name="durationMs"
                min="0"
                placeholder="ms (empty: until resumed)"
                aria-label="pause for ms"
              />`,
            )
      }${actionForm(
        ctx,
        '/commands',
        { ...fields, command: 'partition.seek', seekTo: 'offset' },
        'Seek',
        html`<input type="number" name="offset" min="0" required placeholder="offset" aria-label="seek to offset" />`,
      )}`
    : '';
  const paused = p.paused
    ? badge(p.pausedUntil === undefined ? 'paused' : `paused until ${time(p.pausedUntil)}`, 'warn')
    : '';
  return html`<tr data-partition="${p.topic}/${p.partition}">
    <td>${p.consumerGroup}</td>
    <td>${p.topic}</td>
    <td class="num">${p.partition}</td>
    <td class="num">${num(p.committed)}</td>
    <td class="num">${num(p.stored)}</td>
    <td class="num">${num(p.high)}</td>
    <td class="num">${num(p.lag)}</td>
    <td class="num">${num(p.consumed)}</td>
    <td class="num">${num(p.buffered)}</td>
    <td>${paused} ${p.fetchPaused && !p.paused ? badge('fetch paused', 'info') : ''}</td>
    <td>${actions}</td>
  </tr>`;
}

/** One process. */
export function processPage(ctx: PageContext, data: WebData, id: string): Html | undefined {
  const state = data.state?.processes.find((p) => p.report.id === id);
  if (state === undefined) return undefined;
  const r = state.report;
  const active = state.status === 'active';
  const commands = active
    ? html`<p>
        ${actionForm(ctx, '/commands', { command: 'quiet', processId: r.id }, 'Quiet')}${actionForm(ctx, '/commands', { command: 'stop', processId: r.id }, 'Stop')}${actionForm(ctx, '/commands', { command: 'trace', processId: r.id }, 'Trace')}
      </p>`
    : '';
  const body = html`${commands}
    <dl class="props">
      <dt>status</dt>
      <dd>${processStatusBadge(state)} <span data-state="${r.state}">${r.state}</span></dd>
      <dt>app</dt>
      <dd>${r.name}</dd>
      <dt>host / pid</dt>
      <dd>${r.hostname} / ${r.pid}</dd>
      <dt>mode, tags</dt>
      <dd>${r.mode} ${r.tags.join(', ')}</dd>
      <dt>started</dt>
      <dd>${time(r.startedAt)} (${ago(r.startedAt)})</dd>
      <dt>last report</dt>
      <dd>${ago(r.dispatchedAt)}</dd>
      <dt>versions</dt>
      <dd>karafka-ts ${r.versions.karafka}, Node.js ${r.versions.node}, ${r.versions.kafkaClient}</dd>
      <dt>memory</dt>
      <dd>rss ${bytes(r.memory.rss)}, heap ${bytes(r.memory.heapUsed)} / ${bytes(r.memory.heapTotal)}</dd>
      <dt>cpu</dt>
      <dd>${r.cpu.percent}% (load ${r.cpu.loadAverage.join(' ')})</dd>
      <dt>event loop delay</dt>
      <dd>
        ${r.eventLoop === undefined ? '-' : `p50 ${String(r.eventLoop.p50)} ms, p99 ${String(r.eventLoop.p99)} ms, max ${String(r.eventLoop.max)} ms`}
      </dd>
      <dt>workers</dt>
      <dd>${r.busy} busy of ${r.concurrency}, ${r.enqueued} jobs enqueued</dd>
      <dt>counters</dt>
      <dd>
        ${num(r.counters.messages)} messages in ${num(r.counters.batches)} batches, ${num(r.counters.errors)} errors,
        ${num(r.counters.retries)} retries, ${num(r.counters.deadLetters)} dead letters
      </dd>
    </dl>
    <h2>Listeners</h2>
    ${table(
      ['id', 'state', 'partitions'],
      r.listeners.map(
        (l) =>
          html`<tr>
            <td>${l.id}</td>
            <td>${l.state}</td>
            <td class="num">${l.partitions}</td>
          </tr>`,
      ),
    )}
    <h2>Partitions</h2>
    <table id="partitions">
      <thead>
        <tr>
          <th>consumer group</th>
          <th>topic</th>
          <th class="num">partition</th>
          <th class="num">committed</th>
          <th class="num">stored</th>
          <th class="num">high</th>
          <th class="num">lag</th>
          <th class="num">consumed</th>
          <th class="num">buffered</th>
          <th>state</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        ${r.partitions.map((p) => partitionRow(ctx, r.id, p, active))}
      </tbody>
    </table>
    <h2>Jobs</h2>
    ${jobsTable(state)}`;
  return layout(ctx, 'Processes', `Process ${r.id}`, body);
}

/** Running and pending jobs of a process. */
export function jobsTable(state: ProcessState, withProcess?: PageContext): Html {
  const rows = state.report.jobs.map(
    (j) =>
      html`<tr>
        ${withProcess === undefined ? '' : html`<td><a href="${url(withProcess, `/processes/${encodeURIComponent(state.report.id)}`)}">${state.report.id}</a></td>`}
        <td>${badge(j.state, j.state === 'running' ? 'ok' : 'info')}</td>
        <td>${j.topic}/${j.partition}</td>
        <td>${j.consumer ?? '-'}</td>
        <td class="num">${j.firstOffset === undefined ? '-' : `${String(j.firstOffset)}..${String(j.lastOffset)}`}</td>
        <td>${duration(j.runningMs)}</td>
        <td>${j.description}</td>
      </tr>`,
  );
  return table(
    [
      ...(withProcess === undefined ? [] : ['process']),
      'state',
      'partition',
      'consumer',
      'offsets',
      'running for',
      'job',
    ],
    rows,
    'No job runs or waits.',
  );
}
