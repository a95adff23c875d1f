/**
 * Status: the UI's self-checks. The internal topics exist, processes report, the materialiser writes and keeps
 * up with the reports.
 */
import { html } from 'hono/html';
import { type Html, type PageContext, badge, duration, layout, num, table } from '../layout.js';
import type { WebData } from '../web-data.js';

/** One check. */
export interface StatusCheck {
  readonly name: string;
  readonly ok: boolean | 'warn';
  readonly details: string;
}

/** Runs every check. */
export async function statusChecks(data: WebData): Promise<StatusCheck[]> {
  const checks: StatusCheck[] = [];
  const { topics, materializeInterval, processTtl } = data.options;
  let cluster: Awaited<ReturnType<typeof data.admin.clusterInfo>>;
  try {
    cluster = await data.admin.clusterInfo();
  } catch (error) {
    checks.push({
      name: 'Kafka reachable',
      ok: false,
      details: error instanceof Error ? error.message : String(error),
    });
    return checks;
  }
  checks.push({ name: 'Kafka reachable', ok: true, details: `${String(cluster.brokers.length)} broker(s)` });
  const names = new Set(cluster.topics.map((t) => t.name));
  for (const [role, name] of Object.entries(topics) as [string, string][]) {
    checks.push({
      name: `Topic ${role}`,
      ok: names.has(name),
      details: names.has(name) ? name : `${name} does not exist: run karafka web install`,
    });
  }
  const state = data.state;
  if (state === undefined) {
    checks.push({
      name: 'Materialised state',
      ok: false,
      details: 'nothing materialised yet: no process with enableWeb(app) has run',
    });
  } else {
    const age = Date.now() - state.dispatchedAt;
    const fresh = age <= materializeInterval * 4 + 2_000;
    checks.push({
      name: 'Materialiser writing',
      ok: fresh ? true : 'warn',
      details: `state written ${duration(age)} ago (every ${duration(materializeInterval)} while a process runs)`,
    });
    const reports = names.has(topics.reports)
      ? await data.admin.readWatermarkOffsets(topics.reports, 0).catch(() => undefined)
      : undefined;
    if (reports !== undefined && state.reportsOffset >= 0) {
      const behind = Math.max(0, reports.high - state.reportsOffset);
      checks.push({
        name: 'Materialiser lag',
        ok: behind <= 50 ? true : 'warn',
        details: `${num(behind)} report(s) not materialised yet`,
      });
    }
    const active = state.processes.filter((p) => p.status === 'active');
    const newest = Math.max(0, ...state.processes.map((p) => p.report.dispatchedAt));
    checks.push({
      name: 'Reports arriving',
      ok: active.length > 0 ? true : 'warn',
      details:
        active.length > 0
          ? `${String(active.length)} active process(es), latest report ${duration(Date.now() - newest)} ago`
          : `no process reported within ${duration(processTtl)}`,
    });
  }
  return checks;
}

/** The status page. */
export async function statusPage(ctx: PageContext, data: WebData): Promise<Html> {
  const checks = await statusChecks(data);
  const rows = checks.map(
    (c) =>
      html`<tr data-check="${c.name}">
        <td>${c.name}</td>
        <td>
          ${c.ok === true ? badge('ok', 'ok') : c.ok === 'warn' ? badge('warning', 'warn') : badge('failing', 'bad')}
        </td>
        <td>${c.details}</td>
      </tr>`,
  );
  return layout(ctx, 'Status', 'Status', table(['check', 'result', 'details'], rows));
}
