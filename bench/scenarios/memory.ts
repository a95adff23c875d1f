/**
 * Scenario 4, memory under a backlog: drain a topic of millions of messages with a consumer that awaits 1 ms
 * per batch, sampling resident memory from /proc. Back-pressure works when memory stays flat.
 */
import type { ConsumerSpec } from '../contenders/common.js';
import type { RssSample } from '../lib/child.js';
import { CONTENDERS, type ConsumerRun, runNodeConsumer } from '../lib/consumers.js';
import type { GoalCheck, Row } from '../lib/report.js';
import { type Scenario, failedRow } from '../lib/scenario.js';

const LIMIT_MB = 300;
/** Growth of RSS from a quarter of the drain to its end that still counts as flat. */
const FLAT_GROWTH = 0.2;

function rssAt(samples: readonly RssSample[], t: number): number | undefined {
  let best: RssSample | undefined;
  for (const sample of samples) if (best === undefined || Math.abs(sample.t - t) < Math.abs(best.t - t)) best = sample;
  return best?.mb;
}

function toRow(caseName: string, run: ConsumerRun): Row {
  if (!run.ok || run.firstAt === undefined || run.lastAt === undefined) {
    return failedRow(caseName, run.contender, run.reason ?? 'failed');
  }
  const first = run.firstAt - run.startedAt;
  const last = run.lastAt - run.startedAt;
  const at = (q: number): number | undefined => rssAt(run.rssSamples, first + q * (last - first));
  const quarter = at(0.25);
  const end = at(1);
  return {
    case: caseName,
    contender: run.contender,
    status: 'ok',
    values: {
      peak: run.peakRssMb,
      q25: quarter,
      q50: at(0.5),
      q75: at(0.75),
      q100: end,
      settled: rssAt(run.rssSamples, last + 2_500),
      growth: quarter === undefined || end === undefined ? undefined : ((end - quarter) / quarter) * 100,
      msgPerSec: run.msgPerSec,
      drainS: (last - first) / 1000,
    },
  };
}

/** The memory scenario. */
export const memory: Scenario = {
  id: 'memory',
  title: 'Memory while draining a backlog',
  async run(context) {
    const started = Date.now();
    const { broker, log } = context;
    const { messages, partitions } = context.sizes.memory;
    const caseName = `${(messages / 1_000_000).toLocaleString('en-US')}M × 100 B, ${String(partitions)} partitions`;
    log(`memory: filling ${caseName}`);
    const topic = await broker.createTopic('memory', partitions);
    await broker.fill(topic, messages, 100);
    const timeoutMs = 60_000 + messages / 20;
    const rows: Row[] = [];
    for (const [name, script] of [
      [CONTENDERS.karafka, 'karafka-consumer.ts'],
      [CONTENDERS.raw, 'raw-consumer.ts'],
      [CONTENDERS.kafkajs, 'kafkajs-consumer.ts'],
    ] as const) {
      log(`memory: ${name}`);
      const spec: ConsumerSpec = {
        bootstrap: broker.bootstrap,
        topic,
        group: broker.name(`memory-${script.split('-')[0]!}`),
        expected: messages,
        mode: 'memory',
        batchSleepMs: 1,
        deadlineMs: timeoutMs - 5_000,
      };
      const run = await runNodeConsumer(name, script, spec, timeoutMs);
      rows.push(toRow(caseName, run));
      log(run.ok ? `  peak ${run.peakRssMb.toFixed(0)} MB` : `  FAILED: ${run.reason ?? ''}`);
    }
    await broker.deleteTopic(topic);
    return [
      {
        id: 'memory',
        title: this.title,
        description:
          'Each consumer awaits 1 ms per batch while draining the whole topic (default settings). RSS is sampled ' +
          'every 100 ms from /proc; "at 25 %" etc. are the samples at that share of the drain time; settled is ' +
          '2.5 s after the last message, still connected; growth is from 25 % to the end of the drain.',
        columns: [
          { key: 'peak', title: 'peak RSS MB' },
          { key: 'q25', title: 'at 25 %' },
          { key: 'q50', title: 'at 50 %' },
          { key: 'q75', title: 'at 75 %' },
          { key: 'q100', title: 'at end' },
          { key: 'settled', title: 'settled' },
          { key: 'growth', title: 'growth %', digits: 0 },
          { key: 'msgPerSec', title: 'msg/s' },
          { key: 'drainS', title: 'drain s', digits: 1 },
        ],
        ratios: [{ title: 'peak vs raw', metric: 'peak', reference: CONTENDERS.raw }],
        rows,
        notes: [`Goal: flat (growth under ${String(FLAT_GROWTH * 100)} %) and a peak under ${String(LIMIT_MB)} MB.`],
        durationMs: Date.now() - started,
      },
    ];
  },
  goals(reports) {
    const row = reports.find((r) => r.id === 'memory')?.rows.find((r) => r.contender === CONTENDERS.karafka);
    if (row === undefined) return [];
    const goal = `flat RSS under ${String(LIMIT_MB)} MB on the backlog (karafka-ts)`;
    if (row.status !== 'ok') return [{ goal, holds: undefined, detail: `karafka-ts failed: ${row.reason ?? ''}` }];
    const peak = row.values.peak ?? Infinity;
    const growth = row.values.growth ?? Infinity;
    const check: GoalCheck = {
      goal,
      holds: peak < LIMIT_MB && growth < FLAT_GROWTH * 100,
      detail: `peak ${peak.toFixed(0)} MB, growth ${growth.toFixed(0)} % from 25 % of the drain to its end, settled ${(row.values.settled ?? NaN).toFixed(0)} MB.`,
    };
    return [check];
  },
};
