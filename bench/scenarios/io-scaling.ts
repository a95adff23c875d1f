/**
 * Scenario 2, IO-bound scaling: every message awaits a 1 ms timer (standing for IO). Throughput should grow
 * with concurrency; efficiency = messages/s / (concurrency x 1000).
 */
import type { ConsumerSpec } from '../contenders/common.js';
import { CONTENDERS, type ConsumerRun, runNodeConsumer } from '../lib/consumers.js';
import type { GoalCheck, Row } from '../lib/report.js';
import { type BenchContext, type Scenario, failedRow } from '../lib/scenario.js';

const IDEAL = 'ideal: timers only, no Kafka';
const IO_MS = 1;

interface Case {
  readonly name: string;
  readonly concurrency: number;
  readonly partitions: number;
  readonly messages: number;
}

function cases(context: BenchContext): Case[] {
  const { seconds, levels, partitions, wideLevels } = context.sizes.io;
  const messages = (lanes: number): number => Math.round(lanes * 1000 * seconds);
  return [
    ...levels.map((c) => ({
      name: `concurrency ${String(c)}, ${String(partitions)} partitions`,
      concurrency: c,
      partitions,
      messages: messages(Math.min(c, partitions)),
    })),
    ...wideLevels.map((c) => ({
      name: `concurrency ${String(c)}, ${String(c)} partitions`,
      concurrency: c,
      partitions: c,
      messages: messages(c),
    })),
  ];
}

function toRow(c: Case, run: ConsumerRun): Row {
  const steady = run.result?.figures.steadyMsgPerSec;
  if (!run.ok || steady === undefined) return failedRow(c.name, run.contender, run.reason ?? 'no rate');
  return {
    case: c.name,
    contender: run.contender,
    status: 'ok',
    values: {
      msgPerSec: steady,
      wholeMsgPerSec: run.msgPerSec,
      efficiency: steady / (c.concurrency * 1000),
      ceilingEfficiency: steady / (Math.min(c.concurrency, c.partitions) * 1000),
      cpuS: run.cpuMs === undefined ? undefined : run.cpuMs / 1000,
      wallS: run.wallMs / 1000,
    },
  };
}

/** The IO-bound scaling scenario. */
export const ioScaling: Scenario = {
  id: 'io',
  title: 'IO-bound scaling: 1 ms await per message',
  async run(context) {
    const started = Date.now();
    const { broker, log } = context;
    const topics = new Map<string, string>();
    const rows: Row[] = [];
    for (const c of cases(context)) {
      const key = `${String(c.partitions)}-${String(c.messages)}`;
      let topic = topics.get(key);
      if (topic === undefined) {
        log(`io: filling a topic with ${String(c.messages)} messages on ${String(c.partitions)} partitions`);
        topic = await broker.createTopic(`io-${key}`, c.partitions);
        await broker.fillEvenly(topic, c.messages, 100, c.partitions);
        topics.set(key, topic);
      }
      const timeoutMs = 60_000 + (c.messages / (Math.min(c.concurrency, c.partitions) * 1000)) * 4_000;
      const spec = (slug: string): ConsumerSpec => ({
        bootstrap: broker.bootstrap,
        topic: topic,
        group: broker.name(`io-${String(c.concurrency)}-${String(c.partitions)}-${slug}`),
        expected: c.messages,
        mode: 'io',
        ioMs: IO_MS,
        concurrency: c.concurrency,
        partitions: c.partitions,
        deadlineMs: timeoutMs - 5_000,
      });
      for (const [name, script] of [
        [IDEAL, 'ideal-io.ts'],
        [CONTENDERS.karafka, 'karafka-consumer.ts'],
        [CONTENDERS.kafkajs, 'kafkajs-consumer.ts'],
      ] as const) {
        log(`io: ${c.name}: ${name}`);
        const run = await runNodeConsumer(name, script, spec(script.split('-')[0]!), timeoutMs);
        rows.push(toRow(c, run));
        log(
          run.ok
            ? `  ${Math.round(run.msgPerSec ?? 0).toLocaleString('en-US')} msg/s`
            : `  FAILED: ${run.reason ?? ''}`,
        );
      }
    }
    for (const topic of topics.values()) await broker.deleteTopic(topic);
    return [
      {
        id: 'io',
        title: this.title,
        description:
          `Each message awaits a ${String(IO_MS)} ms timer; karafka-ts runs with \`concurrency\` = the level (other ` +
          'settings default), KafkaJS with `eachMessage` and `partitionsConsumedConcurrently` = the level. ' +
          'Topics are filled evenly (the same count on every partition). steady msg/s: from 10 % to 90 % of the ' +
          'messages (without the ramp-up while partitions get their first data, and the tail); whole-run: first ' +
          'to last message. efficiency = steady msg/s / (concurrency × 1000); partition-bound efficiency = steady ' +
          'msg/s / (min(concurrency, partitions) × 1000), since messages of one partition are processed in order.',
        columns: [
          { key: 'msgPerSec', title: 'steady msg/s' },
          { key: 'wholeMsgPerSec', title: 'whole-run msg/s' },
          { key: 'efficiency', title: 'efficiency', digits: 2 },
          { key: 'ceilingEfficiency', title: 'partition-bound eff.', digits: 2 },
          { key: 'cpuS', title: 'CPU s', digits: 1 },
          { key: 'wallS', title: 'wall s', digits: 1 },
        ],
        ratios: [
          { title: 'vs ideal', metric: 'msgPerSec', reference: IDEAL },
          { title: 'vs KafkaJS', metric: 'msgPerSec', reference: CONTENDERS.kafkajs },
        ],
        rows,
        notes: [
          `"${IDEAL}": min(concurrency, partitions) loops awaiting the same timers, no Kafka: what Node's timers allow.`,
          'Rows with as many partitions as the concurrency show the worker pool without the partition ceiling.',
        ],
        durationMs: Date.now() - started,
      },
    ];
  },
  goals(reports) {
    const report = reports.find((r) => r.id === 'io');
    if (report === undefined) return [];
    const rows = report.rows.filter((r) => r.contender === CONTENDERS.karafka);
    if (rows.length === 0) return [];
    const failed = rows.filter((r) => r.status !== 'ok');
    const ok = rows.filter((r) => r.status === 'ok');
    const asDefined = ok.filter((r) => (r.values.efficiency ?? 0) < 0.9);
    const bound = ok.filter((r) => (r.values.ceilingEfficiency ?? 0) < 0.9);
    const list = (selected: typeof rows, key: string): string =>
      selected.map((r) => `${r.case} ${(r.values[key] ?? 0).toFixed(2)}`).join('; ');
    const check: GoalCheck = {
      goal: 'IO-bound efficiency >= 0.9 up to concurrency 50 (karafka-ts)',
      holds: failed.length > 0 ? undefined : asDefined.length === 0,
      detail:
        (failed.length > 0 ? `failed rows: ${failed.map((r) => r.case).join(', ')}. ` : '') +
        (asDefined.length === 0
          ? 'every level reaches 0.9.'
          : `below 0.9 as defined: ${list(asDefined, 'efficiency')}. `) +
        (bound.length === 0
          ? 'Against the partition-bound ceiling every level reaches 0.9.'
          : `Against the partition-bound ceiling, below 0.9: ${list(bound, 'ceilingEfficiency')}.`),
    };
    return [check];
  },
};
