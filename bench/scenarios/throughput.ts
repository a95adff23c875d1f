/**
 * Scenario 1, throughput: every contender drains the same pre-filled topic from the beginning with a fresh
 * group, doing nothing with the messages. Messages/s from the first message to the last.
 */
import type { ConsumerSpec } from '../contenders/common.js';
import { CONTENDERS, type ConsumerRun, runJavaConsumer, runKcat, runNodeConsumer } from '../lib/consumers.js';
import type { GoalCheck, Row } from '../lib/report.js';
import { valueOf } from '../lib/report.js';
import { type BenchContext, MB, type Scenario, failedRow } from '../lib/scenario.js';

/** karafka-ts forced onto the plain consume path (src/kafka/rdkafka/consume-path.ts). */
const PLAIN_CONSUME_ENV = { KARAFKA_PACKED_CONSUME: 'off' } as const;

interface Case {
  readonly name: string;
  readonly slug: string;
  readonly messages: number;
  readonly bytes: number;
  readonly partitions: number;
}

function cases(context: BenchContext): Case[] {
  const { small, large } = context.sizes.throughput;
  const label = (n: number): string => (n >= 1_000_000 ? `${String(n / 1_000_000)}M` : `${String(n / 1000)}k`);
  return [
    { name: `${label(small)} × 100 B, 1 partition`, slug: 'tp-p1', messages: small, bytes: 100, partitions: 1 },
    { name: `${label(small)} × 100 B, 10 partitions`, slug: 'tp-p10', messages: small, bytes: 100, partitions: 10 },
    { name: `${label(large)} × 1 KB, 10 partitions`, slug: 'tp-1k', messages: large, bytes: 1024, partitions: 10 },
  ];
}

function toRow(caseName: string, run: ConsumerRun, bytes: number, note?: string): Row {
  if (!run.ok || run.msgPerSec === undefined) {
    return failedRow(caseName, run.contender, run.reason ?? 'no rate: fewer than two messages');
  }
  return {
    case: caseName,
    contender: run.contender,
    status: 'ok',
    values: {
      msgPerSec: run.msgPerSec,
      mbPerSec: (run.msgPerSec * bytes) / MB,
      cpuUsPerMsg: run.cpuMs === undefined ? undefined : (run.cpuMs * 1000) / run.count,
      peakRssMb: run.peakRssMb,
      wallS: run.wallMs / 1000,
    },
    ...(note === undefined ? {} : { note }),
  };
}

/** The throughput scenario. */
export const throughput: Scenario = {
  id: 'throughput',
  title: 'Throughput: no-op consumption of a pre-filled topic',
  async run(context) {
    const started = Date.now();
    const { broker, log } = context;
    const rows: Row[] = [];
    for (const c of cases(context)) {
      log(`throughput: ${c.name}: filling`);
      const topic = await broker.createTopic(c.slug, c.partitions);
      await broker.fill(topic, c.messages, c.bytes);
      const timeoutMs = 60_000 + c.messages / 5;
      const spec = (slug: string, variant?: string, extra?: Partial<ConsumerSpec>): ConsumerSpec => ({
        bootstrap: broker.bootstrap,
        topic,
        group: broker.name(`${c.slug}-${slug}`),
        expected: c.messages,
        mode: 'noop',
        deadlineMs: timeoutMs - 5_000,
        ...(variant === undefined ? {} : { variant }),
        ...extra,
      });
      const runs: [string, () => Promise<ConsumerRun>][] = [
        [CONTENDERS.java, () => runJavaConsumer(broker, topic, c.messages, timeoutMs)],
        [CONTENDERS.kcat, () => runKcat(broker, topic, c.messages, timeoutMs, log)],
        [CONTENDERS.raw, () => runNodeConsumer(CONTENDERS.raw, 'raw-consumer.ts', spec('raw'), timeoutMs)],
        [
          CONTENDERS.rawPacked,
          () =>
            runNodeConsumer(
              CONTENDERS.rawPacked,
              'raw-consumer.ts',
              spec('raw-packed', undefined, { rawPacked: true }),
              timeoutMs,
            ),
        ],
        [
          CONTENDERS.rawDefaults,
          () =>
            runNodeConsumer(
              CONTENDERS.rawDefaults,
              'raw-consumer.ts',
              spec('raw-defaults', undefined, { rawLibraryDefaults: true }),
              timeoutMs,
            ),
        ],
        [
          CONTENDERS.kafkajs,
          () => runNodeConsumer(CONTENDERS.kafkajs, 'kafkajs-consumer.ts', spec('kafkajs'), timeoutMs),
        ],
        [
          CONTENDERS.karafka,
          () => runNodeConsumer(CONTENDERS.karafka, 'karafka-consumer.ts', spec('karafka', 'default'), timeoutMs),
        ],
        [
          CONTENDERS.karafkaTuned,
          () =>
            runNodeConsumer(CONTENDERS.karafkaTuned, 'karafka-consumer.ts', spec('karafka-tuned', 'tuned'), timeoutMs),
        ],
        [
          CONTENDERS.karafkaPlain,
          () =>
            runNodeConsumer(
              CONTENDERS.karafkaPlain,
              'karafka-consumer.ts',
              spec('karafka-plain', 'default'),
              timeoutMs,
              PLAIN_CONSUME_ENV,
            ),
        ],
      ];
      for (const [name, run] of runs) {
        log(`throughput: ${c.name}: ${name}`);
        const result = await run();
        rows.push(toRow(c.name, result, c.bytes));
        log(
          result.ok
            ? `  ${Math.round(result.msgPerSec ?? 0).toLocaleString('en-US')} msg/s`
            : `  FAILED: ${result.reason ?? ''}`,
        );
      }
      await broker.deleteTopic(topic);
    }
    return [
      {
        id: 'throughput',
        title: this.title,
        description:
          'Each contender consumes the whole topic from the beginning with a fresh group, in its own process. ' +
          'msg/s from the first message to the last (Java: its fetch rate, from the assignment); CPU is user + ' +
          'system time of the whole process (all threads) per message; RSS is the peak resident memory.',
        columns: [
          { key: 'msgPerSec', title: 'msg/s' },
          { key: 'mbPerSec', title: 'MB/s', digits: 1 },
          { key: 'cpuUsPerMsg', title: 'CPU µs/msg', digits: 1 },
          { key: 'peakRssMb', title: 'peak RSS MB' },
          { key: 'wallS', title: 'wall s', digits: 1 },
        ],
        ratios: [
          { title: 'vs Java', metric: 'msgPerSec', reference: CONTENDERS.java },
          { title: 'vs raw', metric: 'msgPerSec', reference: CONTENDERS.raw },
          { title: 'vs KafkaJS', metric: 'msgPerSec', reference: CONTENDERS.kafkajs },
        ],
        rows,
        notes: [
          'raw loop: `consume(1000)` in a loop, timeout only for the first message, librdkafka auto-commit, and ' +
            '`fetch.queue.backoff.ms` 50 (the one fetch setting karafka-ts changes): the reference of "vs raw".',
          'raw loop, librdkafka defaults: the same loop with `fetch.queue.backoff.ms` at its default (1000 ms), ' +
            'what a Node user gets without that setting.',
          "raw consumePacked loop: the same loop on the client fork's `consumePacked(1000)` (a batch in one " +
            'native call, as one buffer), counting each batch without building its messages: the ceiling of ' +
            'the packed path in Node.',
          'KafkaJS: `eachBatch` with a no-op handler, default settings.',
          'karafka-ts (tuned): maxMessages 1000, maxBufferedMessages 5000, statistics off, logLevel warn.',
          'karafka-ts (plain consume): default settings with `KARAFKA_PACKED_CONSUME=off`: the fallback to the ' +
            "binding's `consume(n)` (what karafka-ts did before the packed path).",
          'wall s: process start to exit, including start-up, group join and leaving.',
        ],
        durationMs: Date.now() - started,
      },
    ];
  },
  goals(reports) {
    const report = reports.find((r) => r.id === 'throughput');
    if (report === undefined) return [];
    const caseNames = [...new Set(report.rows.map((r) => r.case))];
    const checks: GoalCheck[] = [];
    for (const [goal, reference, factor] of [
      ['no-op consume >= 90 % of the raw loop', CONTENDERS.raw, 0.9],
      ['no-op consume >= 2x KafkaJS', CONTENDERS.kafkajs, 2],
    ] as const) {
      const parts: string[] = [];
      let holds: boolean | undefined = true;
      for (const name of caseNames) {
        const reference_ = valueOf(report, name, reference, 'msgPerSec');
        const best = Math.max(
          valueOf(report, name, CONTENDERS.karafka, 'msgPerSec') ?? -1,
          valueOf(report, name, CONTENDERS.karafkaTuned, 'msgPerSec') ?? -1,
        );
        const byDefault = valueOf(report, name, CONTENDERS.karafka, 'msgPerSec');
        if (reference_ === undefined || best < 0) {
          holds = undefined;
          parts.push(`${name}: not measured`);
          continue;
        }
        const ratioDefault = byDefault === undefined ? undefined : byDefault / reference_;
        const ratioBest = best / reference_;
        if (ratioBest < factor) holds = holds === undefined ? undefined : false;
        parts.push(
          `${name}: default ${ratioDefault === undefined ? '–' : `${ratioDefault.toFixed(2)}×`}, best ${ratioBest.toFixed(2)}×`,
        );
      }
      checks.push({ goal, holds, detail: parts.join('; ') });
    }
    return checks;
  },
};
