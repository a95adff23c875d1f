/**
 * Health, per consumer group, topic and partition: committed offset against the high watermark (asked of the
 * cluster), lag and its trend, who consumes it, paused partitions, and partitions flagged as stuck (lag and
 * no consumption for longer than `STUCK_MS`) or unowned (lag and no process reports them).
 */
import { html } from 'hono/html';
import type { LagsWithOffsets } from '../../../admin/types.js';
import type { PartitionReport } from '../../report.js';
import { type Html, type PageContext, ago, badge, layout, num, seg, table, url } from '../layout.js';
import type { WebData } from '../web-data.js';

/** A partition with lag that consumed nothing for this long is flagged as stuck. */
export const STUCK_MS = 5 * 60_000;

/** Health of every consumer group of the app. */
export async function healthPage(ctx: PageContext, data: WebData): Promise<Html> {
  const groups = new Map<string, Set<string>>();
  for (const topic of data.app.routes.topics) {
    const set = groups.get(topic.consumerGroup) ?? new Set<string>();
    // A pattern route names no topic: the topics it matched come from the processes' reports below.
    if (!topic.isPattern) set.add(topic.name);
    groups.set(topic.consumerGroup, set);
  }
  const owners = new Map<string, { processId: string; partition: PartitionReport }>();
  for (const p of data.state?.processes ?? []) {
    if (p.status !== 'active') continue;
    for (const partition of p.report.partitions) {
      groups.get(partition.consumerGroup)?.add(partition.topic);
      owners.set(`${partition.consumerGroup}\u0000${partition.topic}\u0000${String(partition.partition)}`, {
        processId: p.report.id,
        partition,
      });
    }
  }
  const lagHistory = data.metrics?.topicLags ?? {};
  const lags: LagsWithOffsets = await data.admin
    .readLagsWithOffsets(Object.fromEntries([...groups].map(([group, topics]) => [group, [...topics]])))
    .catch(() => ({}));
  const sections = [...groups].map(([group, topics]) => {
    const rows: Html[] = [];
    for (const topic of [...topics].sort()) {
      const history = lagHistory[`${group}/${topic}`] ?? [];
      const trend =
        history.length < 2
          ? ''
          : history.at(-1)![1] > history.at(-2)![1]
            ? 'rising'
            : history.at(-1)![1] < history.at(-2)![1]
              ? 'falling'
              : 'steady';
      const partitions = lags[group]?.[topic] ?? {};
      for (const [id, { offset, lag }] of Object.entries(partitions).sort(([a], [b]) => Number(a) - Number(b))) {
        const owner = owners.get(`${group}\u0000${topic}\u0000${id}`);
        const flags: Html[] = [];
        if (owner?.partition.paused === true) flags.push(badge('paused', 'warn'));
        const lastConsumed = owner?.partition.lastConsumedAt;
        if (
          lag > 0 &&
          owner !== undefined &&
          (lastConsumed === undefined || Date.now() - lastConsumed > STUCK_MS) &&
          owner.partition.paused !== true
        ) {
          flags.push(badge('stuck', 'bad'));
        }
        if (lag > 0 && owner === undefined) flags.push(badge('not consumed', 'bad'));
        if (flags.length === 0) flags.push(badge(lag === 0 ? 'caught up' : 'consuming', 'ok'));
        rows.push(
          html`<tr data-partition="${topic}/${id}">
            <td><a href="${url(ctx, `/explorer/${seg(topic)}/${id}`)}">${topic}/${id}</a></td>
            <td class="num">${offset < 0 ? 'none' : num(offset)}</td>
            <td class="num">${offset < 0 ? '-' : num(offset + Math.max(lag, 0))}</td>
            <td class="num" data-lag="${lag}">${lag < 0 ? '-' : num(lag)}</td>
            <td>${trend}</td>
            <td>
              ${owner === undefined ? '-' : html`<a href="${url(ctx, `/processes/${encodeURIComponent(owner.processId)}`)}">${owner.processId}</a>`}
            </td>
            <td>${ago(lastConsumed)}</td>
            <td>${flags}</td>
          </tr>`,
        );
      }
    }
    return html`<h2>Consumer group ${group}</h2>
      ${table(['partition', 'committed', 'high watermark', 'lag', 'lag trend', 'consumed by', 'last consumed', 'state'], rows, 'The group has committed nothing on these topics yet.')}`;
  });
  return layout(
    ctx,
    'Health',
    'Health',
    html`${sections.length === 0 ? html`<p class="empty">The app routes no topics.</p>` : sections}`,
  );
}
