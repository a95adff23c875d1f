/**
 * Web UI scenario. (1) Reporting overhead: karafka-ts drains the same pre-filled topic with reporting to the
 * web UI off, then on (enableWeb: reports every 5 s through an acks-0 producer, the materialiser and the
 * commands reader running in the same process), twice each, alternating; the best run of each counts. (2) Page
 * render time: the UI renders its pages for a cluster of 50 more topics (an app routing all of them), timed in
 * the server (the request handled in process, no network), median of 5 renders per page.
 */
import { App } from '../../src/app/app.js';
import { BaseConsumer } from '../../src/consumer/base-consumer.js';
import { enableWeb } from '../../src/web/enable-web.js';
import type { WebTopicNames } from '../../src/web/options.js';
import { resolveUiOptions } from '../../src/web/ui/ui-options.js';
import { WebData } from '../../src/web/ui/web-data.js';
import { createWebUi } from '../../src/web/ui/web-ui.js';
import type { ConsumerSpec } from '../contenders/common.js';
import { type ConsumerRun, runNodeConsumer } from '../lib/consumers.js';
import type { GoalCheck, Row } from '../lib/report.js';
import { valueOf } from '../lib/report.js';
import { type BenchContext, type Scenario, failedRow } from '../lib/scenario.js';

const REPORTING_OFF = 'karafka-ts, reporting off';
const REPORTING_ON = 'karafka-ts, reporting on (enableWeb)';
const PAGES = ['/', '/processes', '/jobs', '/health', '/routing', '/explorer', '/cluster', '/status'] as const;

class NoopConsumer extends BaseConsumer {
  override consume(): void {
    // rendering only: never started
  }
}

async function webTopics(context: BenchContext): Promise<WebTopicNames> {
  const topic = (slug: string): Promise<string> => context.broker.createTopic(`web-${slug}`, 1);
  return {
    reports: await topic('reports'),
    states: await topic('states'),
    metrics: await topic('metrics'),
    commands: await topic('commands'),
    errors: await topic('errors'),
  };
}

async function overhead(context: BenchContext, topics: WebTopicNames): Promise<Row[]> {
  const { broker, log, sizes } = context;
  const messages = sizes.throughput.small;
  const topic = await broker.createTopic('web-overhead', 10);
  await broker.fill(topic, messages, 100);
  const timeoutMs = 60_000 + messages / 5;
  const runs = new Map<string, ConsumerRun[]>();
  for (const round of [1, 2, 3]) {
    for (const [name, env] of [
      [REPORTING_OFF, {}],
      [REPORTING_ON, { BENCH_WEB_TOPICS: JSON.stringify(topics) }],
    ] as const) {
      log(`web: reporting overhead: ${name}, round ${String(round)}`);
      const spec: ConsumerSpec = {
        bootstrap: broker.bootstrap,
        topic,
        group: broker.name(`web-${String(round)}-${name === REPORTING_ON ? 'on' : 'off'}`),
        expected: messages,
        mode: 'noop',
        deadlineMs: timeoutMs - 5_000,
        variant: 'default',
      };
      const run = await runNodeConsumer(name, 'karafka-consumer.ts', spec, timeoutMs, env);
      log(
        run.ok ? `  ${Math.round(run.msgPerSec ?? 0).toLocaleString('en-US')} msg/s` : `  FAILED: ${run.reason ?? ''}`,
      );
      runs.set(name, [...(runs.get(name) ?? []), run]);
    }
  }
  await broker.deleteTopic(topic);
  const caseName = `${String(messages / 1000)}k × 100 B, 10 partitions`;
  return [...runs].map(([name, list]) => {
    const ok = list.filter((r) => r.ok && r.msgPerSec !== undefined);
    if (ok.length === 0) return failedRow(caseName, name, list[0]?.reason ?? 'failed');
    const best = ok.reduce((a, b) => ((a.msgPerSec ?? 0) >= (b.msgPerSec ?? 0) ? a : b));
    return {
      case: caseName,
      contender: name,
      status: 'ok',
      values: {
        msgPerSec: best.msgPerSec,
        peakRssMb: best.peakRssMb,
        cpuUsPerMsg: best.cpuMs === undefined ? undefined : (best.cpuMs * 1000) / best.count,
      },
    };
  });
}

async function renderTimes(context: BenchContext, topics: WebTopicNames): Promise<Row[]> {
  const { broker, log } = context;
  log('web: page render times: creating 50 topics');
  const names: string[] = [];
  for (let i = 0; i < 50; i += 1) names.push(await broker.createTopic(`web-cluster-${String(i)}`, 3));
  const app = new App({ clientId: 'bench-web', logLevel: 'silent', kafka: { 'bootstrap.servers': broker.bootstrap } });
  app.routes.draw((r) => {
    for (const name of names) r.topic(name, { consumer: NoopConsumer });
  });
  const options = enableWeb(app, { topics, groupId: broker.name('web-ui') });
  const data = new WebData(app, options);
  await data.start();
  const ui = createWebUi(data, resolveUiOptions({}));
  const rows: Row[] = [];
  try {
    for (const page of [...PAGES, `/explorer/${names[0]!}`, `/explorer/${names[0]!}/0`]) {
      const times: number[] = [];
      let status = 0;
      for (let i = 0; i < 6; i += 1) {
        const started = performance.now();
        const response = await ui.request(`http://bench${page}`);
        await response.text();
        if (i > 0) times.push(performance.now() - started);
        status = response.status;
      }
      times.sort((a, b) => a - b);
      const label = page.replace(names[0]!, '<topic>');
      rows.push(
        status === 200
          ? {
              case: '50 topics',
              contender: label,
              status: 'ok',
              values: { medianMs: times[Math.floor(times.length / 2)], maxMs: times.at(-1) },
            }
          : failedRow('50 topics', label, `HTTP ${String(status)}`),
      );
      log(`  ${label}: ${times[Math.floor(times.length / 2)]!.toFixed(1)} ms`);
    }
  } finally {
    await data.close();
    for (const name of names) await broker.deleteTopic(name);
  }
  return rows;
}

/** The web UI scenario. */
export const web: Scenario = {
  id: 'web',
  title: 'Web UI: reporting overhead and page render times',
  async run(context) {
    const started = Date.now();
    const topics = await webTopics(context);
    const overheadRows = await overhead(context, topics);
    const renderRows = await renderTimes(context, topics);
    return [
      {
        id: 'web-overhead',
        title: 'Reporting to the web UI: no-op throughput with reporting off and on',
        description:
          'The same pre-filled topic drained by karafka-ts (default settings) without and with enableWeb(app), ' +
          'in the same run, three rounds alternating; the best round of each.',
        columns: [
          { key: 'msgPerSec', title: 'msg/s' },
          { key: 'cpuUsPerMsg', title: 'CPU µs/msg', digits: 1 },
          { key: 'peakRssMb', title: 'peak RSS MB' },
        ],
        ratios: [{ title: 'vs off', metric: 'msgPerSec', reference: REPORTING_OFF }],
        rows: overheadRows,
        notes: [
          'Reporting: a report every 5 s (acks 0), errors topic, the materialiser and the commands reader in the same process.',
        ],
        durationMs: Date.now() - started,
      },
      {
        id: 'web-render',
        title: 'Web UI page render time, server side, cluster of 50 more topics',
        description: 'Each page requested 6 times in process (the first one warms up); median and max of the other 5.',
        columns: [
          { key: 'medianMs', title: 'median ms', digits: 1 },
          { key: 'maxMs', title: 'max ms', digits: 1 },
        ],
        ratios: [],
        rows: renderRows,
        notes: ['Pages that ask the cluster (explorer, cluster, health, status) include the admin round trips.'],
        durationMs: Date.now() - started,
      },
    ];
  },
  goals(reports): GoalCheck[] {
    const checks: GoalCheck[] = [];
    const overheadReport = reports.find((r) => r.id === 'web-overhead');
    if (overheadReport !== undefined) {
      const caseName = overheadReport.rows[0]?.case ?? '';
      const off = valueOf(overheadReport, caseName, REPORTING_OFF, 'msgPerSec');
      const on = valueOf(overheadReport, caseName, REPORTING_ON, 'msgPerSec');
      checks.push({
        goal: 'no-op throughput with web reporting on within 5 % of off',
        holds: off === undefined || on === undefined ? undefined : on >= off * 0.95,
        detail: off === undefined || on === undefined ? 'not measured' : `on/off ${(on / off).toFixed(3)}`,
      });
    }
    const render = reports.find((r) => r.id === 'web-render');
    if (render !== undefined) {
      const worst = Math.max(...render.rows.map((r) => r.values.medianMs ?? Infinity));
      checks.push({
        goal: 'web UI pages render under 500 ms server time for 50 topics',
        holds: Number.isFinite(worst) ? worst < 500 : undefined,
        detail: `slowest page median ${worst.toFixed(1)} ms`,
      });
    }
    return checks;
  },
};
