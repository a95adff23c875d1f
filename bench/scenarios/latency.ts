/**
 * Scenario 3, end-to-end latency: a producer writes at a steady rate while the Node contenders consume (each
 * in its own process and group, all at the same time, so they see the same traffic). Latency is the time from
 * a message's timestamp (set when it was produced) to the moment the consumer code gets it.
 */
import { type ConsumerSpec, percentiles } from '../contenders/common.js';
import { startNodeChild } from '../lib/child.js';
import { CONTENDERS, type ConsumerRun, measureNode, startNodeConsumer } from '../lib/consumers.js';
import type { Row } from '../lib/report.js';
import { type BenchContext, type Scenario, failedRow } from '../lib/scenario.js';

interface ProducerResult {
  readonly ok: boolean;
  readonly sent: number;
  readonly delivered: number;
  readonly failed: number;
  readonly producedForMs: number;
  readonly maxBehind: number;
  /** ms from produce() to the broker's acknowledgement. */
  readonly ackP50: number;
  readonly ackP99: number;
  readonly ackMax: number;
}

const CONSUMERS = [
  [CONTENDERS.raw, 'raw-consumer.ts'],
  [CONTENDERS.kafkajs, 'kafkajs-consumer.ts'],
  [CONTENDERS.karafka, 'karafka-consumer.ts'],
] as const;

interface RoundOptions {
  readonly rate: number;
  readonly seconds: number;
  readonly partitions: number;
  readonly expected: number;
  readonly timeoutMs: number;
  readonly caseName: string;
  readonly into: { latencies: number[]; runs: ConsumerRun[]; ackP99: number[] };
}

/** One contender alone with the producer, on a fresh topic; returns why it failed, if it did. */
async function runRound(
  context: BenchContext,
  name: string,
  script: string,
  round: number,
  options: RoundOptions,
): Promise<string | undefined> {
  const { broker, log } = context;
  const { rate, seconds, partitions, expected, timeoutMs, into } = options;
  const slug = `${script.split('-')[0]!}-${String(round)}`;
  const topic = await broker.createTopic(`latency-${slug}`, partitions);
  const spec: ConsumerSpec = {
    bootstrap: broker.bootstrap,
    topic,
    group: broker.name(`latency-${slug}`),
    expected,
    mode: 'latency',
    rawBatch: 100,
    deadlineMs: timeoutMs - 5_000,
  };
  log(`latency: round ${String(round)}: ${name}`);
  const child = startNodeConsumer(name, script, spec, timeoutMs);
  const joined = await Promise.race([
    child.ready.then(
      () => true,
      () => false,
    ),
    new Promise<false>((resolve) => setTimeout(() => resolve(false), 60_000)),
  ]);
  let problem: string | undefined;
  if (joined) {
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const produced = await startNodeChild<ProducerResult>({
      name: 'steady producer',
      script: 'steady-producer.ts',
      spec: { bootstrap: broker.bootstrap, topic, partitions, rate, seconds, bytes: 100 },
      timeoutMs: seconds * 1000 + 60_000,
    }).done;
    const result = produced.result;
    if (result === undefined || !result.ok) {
      problem = `the producer failed: ${result === undefined ? produced.stderrTail.slice(-300) : JSON.stringify(result)}`;
      child.kill('SIGKILL');
    } else if (result.producedForMs > seconds * 1000 * 1.05) {
      problem = `the producer fell behind: ${String(expected)} messages took ${(result.producedForMs / 1000).toFixed(1)} s`;
    } else {
      into.ackP99.push(result.ackP99);
      log(`  producer acknowledgements: p50 ${String(result.ackP50)} ms, p99 ${String(result.ackP99)} ms`);
    }
  } else {
    child.kill('SIGKILL');
    problem = 'did not join the group within 60 s';
  }
  const run = await measureNode(name, child, spec);
  await broker.deleteTopic(topic);
  if (problem !== undefined) return problem;
  if (!run.ok) return run.reason ?? 'failed';
  into.runs.push(run);
  for (const latency of run.result?.latencies ?? []) into.latencies.push(latency);
  const figures = run.result?.figures ?? {};
  log(`  p50 ${String(figures.p50)} ms, p99 ${String(figures.p99)} ms`);
  return undefined;
}

/** The end-to-end latency scenario. */
export const latency: Scenario = {
  id: 'latency',
  title: 'End-to-end latency at a steady rate',
  async run(context) {
    const started = Date.now();
    const { log } = context;
    const { rate, seconds, rounds, partitions } = context.sizes.latency;
    const roundSeconds = Math.max(1, Math.round(seconds / rounds));
    const expected = rate * roundSeconds;
    const caseName = `${rate.toLocaleString('en-US')} msg/s, ${String(roundSeconds * rounds)} s, ${String(partitions)} partitions`;
    const timeoutMs = roundSeconds * 1000 + 90_000;
    const results = new Map<string, { latencies: number[]; runs: ConsumerRun[]; ackP99: number[]; problem?: string }>(
      CONSUMERS.map(([name]) => [name, { latencies: [], runs: [], ackP99: [] }]),
    );
    for (let round = 1; round <= rounds; round += 1) {
      for (const [name, script] of CONSUMERS) {
        const slot = results.get(name)!;
        if (slot.problem !== undefined) continue;
        slot.problem = await runRound(context, name, script, round, {
          rate,
          seconds: roundSeconds,
          partitions,
          expected,
          timeoutMs,
          caseName,
          into: slot,
        });
        if (slot.problem !== undefined) log(`  FAILED: ${slot.problem}`);
      }
    }
    const rows: Row[] = CONSUMERS.map(([name]) => {
      const slot = results.get(name)!;
      if (slot.problem !== undefined) return failedRow(caseName, name, slot.problem);
      const sorted = Float64Array.from(slot.latencies).sort();
      const summary = percentiles(sorted);
      const cpuMs = slot.runs.reduce((sum, r) => sum + (r.cpuMs ?? 0), 0);
      return {
        case: caseName,
        contender: name,
        status: 'ok',
        values: {
          p50: summary.p50,
          p99: summary.p99,
          max: summary.max,
          count: slot.runs.reduce((sum, r) => sum + r.count, 0),
          ackP99: Math.max(...slot.ackP99),
          cpuS: cpuMs / 1000,
          peakRssMb: Math.max(...slot.runs.map((r) => r.peakRssMb)),
        },
      };
    });
    return [
      {
        id: 'latency',
        title: this.title,
        description:
          'A librdkafka producer (linger.ms 0) writes round robin at a steady rate to a fresh topic; each consumer ' +
          'runs alone with it, in its own process and group, in turns (see below), default settings (the raw loop: `consume(100)`, as ' +
          'karafka-ts polls; with `consume(1000)` it gathers messages for up to 1 000 messages while they keep ' +
          'coming within 1 ms of each other, which costs it hundreds of ms here). Latency = when the consumer code ' +
          "got the message (karafka-ts: in consume(); KafkaJS: in eachBatch; raw: in consume's callback) minus " +
          'the message timestamp (its creation time in the producer), in ms. Lower is better. producer ack p99: the ' +
          "worst round's p99 from produce() to the broker's acknowledgement, a floor the consumers cannot beat.",
        columns: [
          { key: 'p50', title: 'p50 ms', digits: 1 },
          { key: 'p99', title: 'p99 ms', digits: 1 },
          { key: 'max', title: 'max ms', digits: 1 },
          { key: 'count', title: 'messages' },
          { key: 'ackP99', title: 'producer ack p99 ms', digits: 1 },
          { key: 'cpuS', title: 'CPU s', digits: 1 },
          { key: 'peakRssMb', title: 'peak RSS MB' },
        ],
        ratios: [
          { title: 'p50 vs raw', metric: 'p50', reference: CONTENDERS.raw },
          { title: 'p99 vs raw', metric: 'p99', reference: CONTENDERS.raw },
        ],
        rows,
        notes: [
          `${String(rounds)} rounds of ${String(roundSeconds)} s, the contenders taking turns (a fresh topic and group each ` +
            'time), so that a busy moment of the shared machine does not fall on one contender only; percentiles ' +
            'are over every message of its rounds. Every consumer counted every produced message and the producer ' +
            'kept its pace (both checked).',
        ],
        durationMs: Date.now() - started,
      },
    ];
  },
};
