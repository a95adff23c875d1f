/**
 * Scenario 3, end-to-end latency: a producer writes at a steady rate while the Node contenders consume (each
 * in its own process and group, all at the same time, so they see the same traffic). Latency is the time from
 * a message's timestamp (set when it was produced) to the moment the consumer code gets it.
 */
import type { ConsumerSpec } from '../contenders/common.js';
import { startNodeChild } from '../lib/child.js';
import { CONTENDERS, measureNode, startNodeConsumer } from '../lib/consumers.js';
import type { Row } from '../lib/report.js';
import { type Scenario, failedRow } from '../lib/scenario.js';

interface ProducerResult {
  readonly ok: boolean;
  readonly sent: number;
  readonly delivered: number;
  readonly failed: number;
  readonly producedForMs: number;
  readonly maxBehind: number;
}

const CONSUMERS = [
  [CONTENDERS.raw, 'raw-consumer.ts'],
  [CONTENDERS.kafkajs, 'kafkajs-consumer.ts'],
  [CONTENDERS.karafka, 'karafka-consumer.ts'],
] as const;

/** The end-to-end latency scenario. */
export const latency: Scenario = {
  id: 'latency',
  title: 'End-to-end latency at a steady rate',
  async run(context) {
    const started = Date.now();
    const { broker, log } = context;
    const { rate, seconds, partitions } = context.sizes.latency;
    const expected = rate * seconds;
    const caseName = `${rate.toLocaleString('en-US')} msg/s for ${String(seconds)} s, ${String(partitions)} partitions`;
    const timeoutMs = seconds * 1000 + 90_000;
    const rows: Row[] = [];
    for (const [name, script] of CONSUMERS) {
      const slug = script.split('-')[0]!;
      // Each consumer alone with the producer (on 2 shared cores, consumers running side by side delay each other).
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
      log(`latency: ${name}: joining`);
      const child = startNodeConsumer(name, script, spec, timeoutMs);
      const joined = await Promise.race([
        child.ready.then(
          () => true,
          () => false,
        ),
        new Promise<false>((resolve) => setTimeout(() => resolve(false), 60_000)),
      ]);
      let producerProblem: string | undefined;
      if (joined) {
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        log(`latency: ${name}: producing ${caseName}`);
        const produced = await startNodeChild<ProducerResult>({
          name: 'steady producer',
          script: 'steady-producer.ts',
          spec: { bootstrap: broker.bootstrap, topic, partitions, rate, seconds, bytes: 100 },
          timeoutMs: seconds * 1000 + 60_000,
        }).done;
        const result = produced.result;
        if (result === undefined || !result.ok) {
          producerProblem = `the producer failed: ${result === undefined ? produced.stderrTail.slice(-300) : JSON.stringify(result)}`;
          child.kill('SIGKILL');
        } else if (result.producedForMs > seconds * 1000 * 1.05) {
          producerProblem = `the producer fell behind: ${String(expected)} messages took ${(result.producedForMs / 1000).toFixed(1)} s`;
        }
      } else {
        child.kill('SIGKILL');
      }
      const run = await measureNode(name, child, spec);
      const figures = run.result?.figures ?? {};
      if (!joined) rows.push(failedRow(caseName, name, 'did not join the group within 60 s'));
      else if (producerProblem !== undefined) rows.push(failedRow(caseName, name, producerProblem));
      else if (!run.ok) rows.push(failedRow(caseName, name, run.reason ?? 'failed'));
      else {
        rows.push({
          case: caseName,
          contender: name,
          status: 'ok',
          values: {
            p50: figures.p50,
            p99: figures.p99,
            max: figures.max,
            count: run.count,
            cpuS: run.cpuMs === undefined ? undefined : run.cpuMs / 1000,
            peakRssMb: run.peakRssMb,
          },
        });
      }
      log(run.ok ? `  p50 ${String(figures.p50)} ms, p99 ${String(figures.p99)} ms` : `  FAILED: ${run.reason ?? ''}`);
      await broker.deleteTopic(topic);
    }
    return [
      {
        id: 'latency',
        title: this.title,
        description:
          'A librdkafka producer (linger.ms 0) writes round robin at a steady rate to a fresh topic; each consumer ' +
          'runs alone with it, in its own process and group, default settings (the raw loop: `consume(100)`, as ' +
          'karafka-ts polls; with `consume(1000)` it gathers messages for up to 1 000 messages while they keep ' +
          'coming within 1 ms of each other, which costs it hundreds of ms here). Latency = when the consumer code ' +
          "got the message (karafka-ts: in consume(); KafkaJS: in eachBatch; raw: in consume's callback) minus " +
          'the message timestamp (its creation time in the producer), in ms. Lower is better.',
        columns: [
          { key: 'p50', title: 'p50 ms', digits: 1 },
          { key: 'p99', title: 'p99 ms', digits: 1 },
          { key: 'max', title: 'max ms', digits: 1 },
          { key: 'count', title: 'messages' },
          { key: 'cpuS', title: 'CPU s', digits: 1 },
          { key: 'peakRssMb', title: 'peak RSS MB' },
        ],
        ratios: [
          { title: 'p50 vs raw', metric: 'p50', reference: CONTENDERS.raw },
          { title: 'p99 vs raw', metric: 'p99', reference: CONTENDERS.raw },
        ],
        rows,
        notes: ['Every consumer counted every produced message (checked); the producer kept its pace (checked).'],
        durationMs: Date.now() - started,
      },
    ];
  },
};
