/**
 * Dead letter queues: the topics the routes dispatch to, and the cluster's topics that match the DLQ pattern.
 * Messages show the headers that say where they came from; each can be republished to its source.
 */
import { html } from 'hono/html';
import type { KafkaMessage } from '../../../kafka/types.js';
import { type Html, type PageContext, actionForm, layout, seg, table, url } from '../layout.js';
import type { WebData } from '../web-data.js';

/** Headers a dead-lettered message carries about its source (written by the dead letter dispatch). */
export const SOURCE_HEADERS = {
  topic: 'source_topic',
  partition: 'source_partition',
  offset: 'source_offset',
  consumerGroup: 'source_consumer_group',
  attempts: 'source_attempts',
  errorClass: 'source_error_class',
  errorMessage: 'source_error_message',
} as const;

/** The value of the last header named `name`, as text. */
export function header(message: KafkaMessage, name: string): string | undefined {
  return message.headers
    .filter((h) => h.key === name)
    .at(-1)
    ?.value.toString('utf8');
}

/** DLQ topics: named by routes, or matching the pattern. */
export async function dlqTopics(data: WebData, pattern: RegExp): Promise<string[]> {
  const routed = data.app.routes.topics.flatMap((t) => {
    const topic = t.deadLetterQueue?.topic;
    return typeof topic === 'string' ? [topic] : [];
  });
  const cluster = await data.admin.clusterInfo();
  const names = new Set(cluster.topics.map((t) => t.name));
  const matching = cluster.topics.filter((t) => !t.internal && pattern.test(t.name)).map((t) => t.name);
  return [...new Set([...routed.filter((t) => names.has(t)), ...matching])].sort();
}

/** The DLQ topics list. */
export async function dlqPage(ctx: PageContext, data: WebData, pattern: RegExp): Promise<Html> {
  const topics = await dlqTopics(data, pattern);
  const rows = await Promise.all(
    topics.map(async (topic) => {
      const watermarks = await data.admin.readWatermarkOffsets(topic);
      const count = Object.values(watermarks).reduce((n, w) => n + (w.high - w.low), 0);
      return html`<tr>
        <td><a href="${url(ctx, `/dlq/${seg(topic)}`)}">${topic}</a></td>
        <td class="num">${Object.keys(watermarks).length}</td>
        <td class="num">${count}</td>
      </tr>`;
    }),
  );
  return layout(
    ctx,
    'Dead letters',
    'Dead letter queues',
    html`<p class="muted">Topics the routes dispatch to, and topics matching ${String(pattern)}.</p>
      ${table(['topic', 'partitions', 'messages'], rows, 'No dead letter topic found.')}`,
  );
}

/** Source columns of a dead-lettered message, with its republish action. */
export function sourceCells(ctx: PageContext): { headers: readonly string[]; cells: (m: KafkaMessage) => Html } {
  return {
    headers: ['source', 'error', ''],
    cells: (m) => {
      const source = header(m, SOURCE_HEADERS.topic);
      return html`<td>
          ${source === undefined ? '-' : `${source}/${header(m, SOURCE_HEADERS.partition) ?? '?'}@${header(m, SOURCE_HEADERS.offset) ?? '?'}`}
        </td>
        <td>
          ${header(m, SOURCE_HEADERS.errorClass) ?? ''} ${(header(m, SOURCE_HEADERS.errorMessage) ?? '').slice(0, 120)}
        </td>
        <td>${source === undefined ? '' : republishForm(ctx, m)}</td>`;
    },
  };
}

/** The republish form of one message. */
export function republishForm(ctx: PageContext, message: KafkaMessage): Html | string {
  return actionForm(
    ctx,
    '/dlq/republish',
    { topic: message.topic, partition: message.partition, offset: message.offset },
    'Republish',
  );
}

/** The source of a dead-lettered message, above its detail. */
export function sourceBlock(ctx: PageContext, message: KafkaMessage): Html {
  const rows = Object.values(SOURCE_HEADERS).map(
    (name) =>
      html`<dt>${name}</dt>
        <dd>${header(message, name) ?? '-'}</dd>`,
  );
  return html`<h2>Source</h2>
    <dl class="props">${rows}</dl>
    <p>${header(message, SOURCE_HEADERS.topic) === undefined ? '' : republishForm(ctx, message)}</p>`;
}

/** A DLQ topic's partitions. */
export function dlqTopicLinks(ctx: PageContext, topic: string, partitions: readonly number[]): Html {
  return html`${partitions.map((p) => html`<a href="${url(ctx, `/dlq/${seg(topic)}/${p}`)}">partition ${p}</a> `)}`;
}
