/**
 * Topics explorer: topics, a topic's partitions (watermarks) and configs, a partition's messages from an offset
 * or a time, one message (key, headers, payload as text, JSON or hex; download), and a payload search within
 * an offset range. The DLQ pages reuse the message views.
 */
import { html } from 'hono/html';
import type { KafkaMessage } from '../../../kafka/types.js';
import { type Html, type PageContext, badge, bytes, layout, num, seg, table, time, url } from '../layout.js';
import { type ValueView, preview, viewOf } from '../payload-view.js';
import type { WebData } from '../web-data.js';

/** Messages per page of a partition. */
export const PAGE_SIZE = 25;
/** Most messages a search reads. */
export const MAX_SEARCH = 10_000;

/** The topics list. */
export async function topicsPage(ctx: PageContext, data: WebData, includeInternal: boolean): Promise<Html> {
  const cluster = await data.admin.clusterInfo();
  const topics = cluster.topics
    .filter((t) => includeInternal || (!t.internal && !t.name.startsWith('__')))
    .sort((a, b) => a.name.localeCompare(b.name));
  const rows = topics.map(
    (t) =>
      html`<tr>
        <td><a href="${url(ctx, `/explorer/${seg(t.name)}`)}">${t.name}</a></td>
        <td class="num">${t.partitionCount}</td>
        <td class="num">${t.partitions[0]?.replicas.length ?? 0}</td>
        <td>${t.internal ? badge('internal') : ''}</td>
      </tr>`,
  );
  const toggle = includeInternal
    ? html`<a href="${url(ctx, '/explorer')}">hide internal topics</a>`
    : html`<a href="${url(ctx, '/explorer', { internal: 1 })}">show internal topics</a>`;
  return layout(
    ctx,
    'Explorer',
    'Topics',
    html`<p>${toggle}</p>
      ${table(['topic', 'partitions', 'replication', ''], rows)}`,
  );
}

/** A topic: partitions with watermarks, configs, search. */
export async function topicPage(ctx: PageContext, data: WebData, topic: string, active = 'Explorer'): Promise<Html> {
  const [info, watermarks, configs] = await Promise.all([
    data.admin.topicInfo(topic),
    data.admin.readWatermarkOffsets(topic),
    data.admin.describeConfigs(topic).catch(() => ({})),
  ]);
  const base = active === 'Dead letters' ? '/dlq' : '/explorer';
  const rows = info.partitions.map((p) => {
    const w = watermarks[p.partition];
    return html`<tr>
      <td><a href="${url(ctx, `${base}/${seg(topic)}/${p.partition}`)}">${p.partition}</a></td>
      <td class="num">${num(w?.low)}</td>
      <td class="num">${num(w?.high)}</td>
      <td class="num">${num(w === undefined ? undefined : w.high - w.low)}</td>
      <td>${p.leader}</td>
      <td>${p.replicas.join(', ')}</td>
      <td>${p.isr.join(', ')}</td>
    </tr>`;
  });
  const configRows = Object.values(configs)
    .filter((c) => c.source !== 'default')
    .map(
      (c) =>
        html`<tr>
          <td>${c.name}</td>
          <td>${c.sensitive ? '(sensitive)' : (c.value ?? '-')}</td>
          <td>${c.source}</td>
        </tr>`,
    );
  const body = html` ${table(['partition', 'low', 'high', 'messages', 'leader', 'replicas', 'in sync'], rows)}
    <h2>Search payloads</h2>
    ${searchForm(
      ctx,
      topic,
      info.partitions.map((p) => p.partition),
      {},
    )}
    <h2>Configs (set on the topic or the broker)</h2>
    ${table(['name', 'value', 'source'], configRows, 'Every config has its default value.')}`;
  return layout(ctx, active, `Topic ${topic}`, body);
}

function searchForm(
  ctx: PageContext,
  topic: string,
  partitions: readonly number[],
  values: { partition?: number; from?: number; count?: number; q?: string },
): Html {
  return html`<form method="get" action="${url(ctx, `/explorer/${seg(topic)}/search`)}" class="inline">
    <label
      >partition
      <select name="partition">
        ${partitions.map((p) => html`<option value="${p}" ${values.partition === p ? 'selected' : ''}>${p}</option>`)}
      </select></label
    >
    <label>from offset <input type="number" name="from" min="0" value="${values.from ?? 0}" /></label>
    <label
      >messages to read (up to ${MAX_SEARCH})
      <input type="number" name="count" min="1" max="${MAX_SEARCH}" value="${values.count ?? 1000}"
    /></label>
    <label>payload, key or header contains <input type="text" name="q" required value="${values.q ?? ''}" /></label>
    <button type="submit">Search</button>
  </form>`;
}

/** One row of a message list. */
export function messageRow(ctx: PageContext, base: string, message: KafkaMessage, extra: Html | string = ''): Html {
  return html`<tr data-offset="${message.offset}">
    <td>
      <a href="${url(ctx, `${base}/${seg(message.topic)}/${message.partition}/${message.offset}`)}"
        >${message.offset}</a
      >
    </td>
    <td>${time(message.timestamp)}</td>
    <td>${message.key === null ? html`<span class="muted">null</span>` : preview(message.key, 40)}</td>
    <td class="num">${bytes(message.value?.length ?? 0)}</td>
    <td class="num">${message.headers.length}</td>
    <td class="payload-preview">${preview(message.value)}</td>
    ${extra}
  </tr>`;
}

/** A partition's messages from `offset` (or the first at or after `at`, or the latest page). */
export async function partitionPage(
  ctx: PageContext,
  data: WebData,
  topic: string,
  partition: number,
  position: { offset?: number; at?: number },
  active = 'Explorer',
  extraColumns?: { headers: readonly string[]; cells: (m: KafkaMessage) => Html },
): Promise<Html> {
  const base = active === 'Dead letters' ? '/dlq' : '/explorer';
  const watermarks = await data.admin.readWatermarkOffsets(topic, partition);
  const start =
    position.at !== undefined
      ? new Date(position.at)
      : position.offset !== undefined
        ? position.offset
        : Math.max(watermarks.low, watermarks.high - PAGE_SIZE);
  const messages = await data.admin.readTopic(topic, partition, PAGE_SIZE, start);
  const first = messages[0]?.offset ?? (typeof start === 'number' ? start : watermarks.high);
  const previous = Math.max(watermarks.low, first - PAGE_SIZE);
  const next = (messages.at(-1)?.offset ?? first) + 1;
  const body = html` <p>
      Offsets ${num(watermarks.low)} to ${num(watermarks.high - 1)} (${num(watermarks.high - watermarks.low)} messages).
      <a href="${url(ctx, `${base}/${seg(topic)}`)}">topic</a>
    </p>
    <form method="get" action="${url(ctx, `${base}/${seg(topic)}/${partition}`)}" class="inline">
      <label
        >from offset
        <input type="number" name="offset" min="0" value="${typeof start === 'number' ? start : ''}" /></label
      ><button type="submit">Go</button>
    </form>
    <form method="get" action="${url(ctx, `${base}/${seg(topic)}/${partition}`)}" class="inline">
      <label>from time (UTC) <input type="datetime-local" name="time" step="1" /></label
      ><button type="submit">Go</button>
    </form>
    <p>
      ${first > watermarks.low ? html`<a href="${url(ctx, `${base}/${seg(topic)}/${partition}`, { offset: previous })}">&larr; older</a>` : ''}
      ${next < watermarks.high ? html`<a href="${url(ctx, `${base}/${seg(topic)}/${partition}`, { offset: next })}">newer &rarr;</a>` : ''}
    </p>
    ${table(
      ['offset', 'time', 'key', 'size', 'headers', 'payload', ...(extraColumns?.headers ?? [])],
      messages.map((m) => messageRow(ctx, base, m, extraColumns?.cells(m) ?? '')),
      'No messages here.',
    )}`;
  return layout(ctx, active, `${topic} / partition ${String(partition)}`, body);
}

function valueBlock(label: string, view: ValueView, downloadUrl: string, mode: string | undefined, max: number): Html {
  if (view.preferred === 'null')
    return html`<h2>${label}</h2>
      <p class="muted">null</p>`;
  const shown = mode === 'hex' || mode === 'text' || mode === 'json' ? mode : view.preferred;
  const content =
    shown === 'json' && view.json !== undefined
      ? view.json
      : shown === 'text' && view.text !== undefined
        ? view.text
        : view.hex;
  const form =
    shown === 'json' && view.json !== undefined ? 'json' : shown === 'text' && view.text !== undefined ? 'text' : 'hex';
  return html`<h2>${label} <span class="muted">(${bytes(view.size)}, shown as ${form})</span></h2>
    ${view.truncated ? html`<p class="notice">Only the first ${bytes(max)} are shown. <a href="${downloadUrl}">Download the whole message</a>.</p>` : ''}
    <pre class="${form === 'hex' ? 'hex' : ''}" data-view="${label.toLowerCase()}">${content}</pre>`;
}

/** One message. */
export async function messagePage(
  ctx: PageContext,
  data: WebData,
  topic: string,
  partition: number,
  offset: number,
  mode: string | undefined,
  active = 'Explorer',
  actions: (message: KafkaMessage) => Html | string = () => '',
): Promise<Html | undefined> {
  const [message] = await data.admin.readTopic(topic, partition, 1, offset);
  if (message === undefined || message.offset !== offset) return undefined;
  const max = ctx.maxPayloadView;
  const base = active === 'Dead letters' ? '/dlq' : '/explorer';
  const self = `${base}/${seg(topic)}/${partition}/${offset}`;
  const download = url(ctx, `/explorer/${seg(topic)}/${partition}/${offset}/download`);
  const key = viewOf(message.key, max);
  const headerRows = message.headers.map((h) => {
    const view = viewOf(h.value, 1_024);
    return html`<tr>
      <td>${h.key}</td>
      <td><code>${view.text ?? view.hex}</code></td>
    </tr>`;
  });
  const body = html` <p class="tabs">
      Show as: <a href="${url(ctx, self, { as: 'text' })}">text</a> <a href="${url(ctx, self, { as: 'json' })}">JSON</a>
      <a href="${url(ctx, self, { as: 'hex' })}">hex</a> | <a href="${download}">download</a> |
      <a href="${url(ctx, `${base}/${seg(topic)}/${partition}`, { offset })}">partition</a>
    </p>
    ${actions(message)}
    <dl class="props">
      <dt>topic</dt>
      <dd>${topic}</dd>
      <dt>partition</dt>
      <dd>${partition}</dd>
      <dt>offset</dt>
      <dd>${offset}</dd>
      <dt>time</dt>
      <dd>${time(message.timestamp)}</dd>
    </dl>
    <h2>Key</h2>
    ${key.preferred === 'null' ? html`<p class="muted">null</p>` : html`<pre data-view="key">${key.text ?? key.hex}</pre>`}
    <h2>Headers</h2>
    ${table(['name', 'value'], headerRows, 'No headers.')}
    ${valueBlock('Payload', viewOf(message.value, max), download, mode, max)}`;
  return layout(ctx, active, `Message ${String(offset)} of ${topic}/${String(partition)}`, body);
}

/** Messages of a range whose payload, key or a header value contains `query`. */
export async function searchPage(
  ctx: PageContext,
  data: WebData,
  topic: string,
  partition: number,
  from: number,
  count: number,
  query: string,
): Promise<Html> {
  const info = await data.admin.topicInfo(topic);
  const wanted = Math.min(Math.max(1, count), MAX_SEARCH);
  const needle = Buffer.from(query, 'utf8');
  const matches: KafkaMessage[] = [];
  let read = 0;
  let next = from;
  while (read < wanted) {
    const batch = await data.admin.readTopic(topic, partition, Math.min(1_000, wanted - read), next);
    if (batch.length === 0) break;
    for (const m of batch) {
      const hit =
        (m.value?.includes(needle) ?? false) ||
        (m.key?.includes(needle) ?? false) ||
        m.headers.some((h) => h.key.includes(query) || h.value.includes(needle));
      if (hit && matches.length < 500) matches.push(m);
    }
    read += batch.length;
    next = batch.at(-1)!.offset + 1;
  }
  const summary =
    `Read ${num(read)} messages from offset ${num(from)}: ${num(matches.length)} ` +
    `match${matches.length === 1 ? '' : 'es'}${matches.length >= 500 ? ' (the first 500 shown)' : ''}.`;
  const body = html`${searchForm(
      ctx,
      topic,
      info.partitions.map((p) => p.partition),
      { partition, from, count: wanted, q: query },
    )}
    <p>${summary}</p>
    ${table(
      ['offset', 'time', 'key', 'size', 'headers', 'payload'],
      matches.map((m) => messageRow(ctx, '/explorer', m)),
      'No match.',
    )}`;
  return layout(ctx, 'Explorer', `Search in ${topic}/${String(partition)}`, body);
}
