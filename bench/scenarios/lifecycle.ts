/**
 * Scenario 5, lifecycle: time from start to the first consumed message, time to stop when idle, and time to
 * stop while 5 partitions are in the middle of a batch (a stop must let running batches finish, then leave).
 */
import type { ConsumerSpec } from '../contenders/common.js';
import { CONTENDERS, type ConsumerRun, runNodeConsumer } from '../lib/consumers.js';
import type { Row } from '../lib/report.js';
import { type Scenario, failedRow } from '../lib/scenario.js';

const PARTITIONS = 5;

function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Median of each figure over runs that all succeeded; the first failure makes the row failed. */
function summarize(
  caseName: string,
  contender: string,
  runs: readonly ConsumerRun[],
  figures: Record<string, (run: ConsumerRun) => number | undefined>,
): Row {
  const failed = runs.find((r) => !r.ok);
  if (failed !== undefined) return failedRow(caseName, contender, failed.reason ?? 'failed');
  const values: Record<string, number | undefined> = {};
  for (const [key, read] of Object.entries(figures)) {
    values[key] = median(runs.map(read).filter((v): v is number => v !== undefined));
  }
  return { case: caseName, contender, status: 'ok', values: { ...values, runs: runs.length } };
}

/** The lifecycle scenario. */
export const lifecycle: Scenario = {
  id: 'lifecycle',
  title: 'Lifecycle',
  async run(context) {
    const started = Date.now();
    const { broker, log } = context;
    const { messages, repeats, batchSleepMs } = context.sizes.lifecycle;
    const startTopic = await broker.createTopic('life-start', PARTITIONS);
    await broker.fillEvenly(startTopic, messages, 100, PARTITIONS);
    const midTopic = await broker.createTopic('life-mid', PARTITIONS);
    await broker.fillEvenly(midTopic, PARTITIONS * 20, 100, PARTITIONS);
    const timeoutMs = 90_000;
    const spec = (topic: string, mode: 'startup' | 'midbatch', slug: string, expected: number): ConsumerSpec => ({
      bootstrap: broker.bootstrap,
      topic,
      group: broker.name(`life-${slug}-${String(Date.now() % 1_000_000)}`),
      expected,
      mode,
      partitions: PARTITIONS,
      batchSleepMs,
      deadlineMs: timeoutMs - 5_000,
    });

    const startCase = `${String(messages)} messages on ${String(PARTITIONS)} partitions`;
    const startRows: Row[] = [];
    for (const [name, script] of [
      [CONTENDERS.raw, 'raw-consumer.ts'],
      [CONTENDERS.kafkajs, 'kafkajs-consumer.ts'],
      [CONTENDERS.karafka, 'karafka-consumer.ts'],
    ] as const) {
      const runs: ConsumerRun[] = [];
      for (let i = 0; i < repeats; i += 1) {
        log(`lifecycle: start and idle stop: ${name} (${String(i + 1)}/${String(repeats)})`);
        const run = await runNodeConsumer(
          name,
          script,
          spec(startTopic, 'startup', script.split('-')[0]!, messages),
          timeoutMs,
        );
        runs.push(run);
        if (!run.ok) break;
      }
      startRows.push(
        summarize(startCase, name, runs, {
          fromSpawn: (r) => (r.firstAt === undefined ? undefined : r.firstAt - r.startedAt),
          fromClient: (r) =>
            r.firstAt === undefined || r.result === undefined ? undefined : r.firstAt - r.result.clientStartedAt,
          idleStop: (r) => r.result?.figures.idleStopMs,
        }),
      );
    }

    const midCase = `${String(PARTITIONS)} partitions, each batch sleeps ${String(batchSleepMs)} ms`;
    const midRows: Row[] = [];
    for (const [name, script] of [
      [CONTENDERS.kafkajs, 'kafkajs-consumer.ts'],
      [CONTENDERS.karafka, 'karafka-consumer.ts'],
    ] as const) {
      const runs: ConsumerRun[] = [];
      for (let i = 0; i < repeats; i += 1) {
        log(`lifecycle: stop mid-batch: ${name} (${String(i + 1)}/${String(repeats)})`);
        const run = await runNodeConsumer(
          name,
          script,
          spec(midTopic, 'midbatch', script.split('-')[0]!, PARTITIONS * 20),
          timeoutMs,
        );
        runs.push(run);
        if (!run.ok) break;
      }
      midRows.push(
        summarize(midCase, name, runs, {
          stop: (r) => r.result?.figures.stopMs,
          batchWait: (r) => r.result?.figures.batchWaitMs,
          overhead: (r) => r.result?.figures.stopOverheadMs,
        }),
      );
    }
    midRows.push(
      failedRow(
        midCase,
        CONTENDERS.raw,
        'a raw loop has no batches in flight to finish: its stop is the idle stop above',
        'not available',
      ),
    );
    await broker.deleteTopic(startTopic);
    await broker.deleteTopic(midTopic);
    const durationMs = Date.now() - started;
    return [
      {
        id: 'lifecycle-start',
        title: 'Lifecycle: start to first message, stop when idle',
        description:
          'Median of the runs. "from spawn": from the moment the parent started the process (Node boot and module ' +
          'loading included, TypeScript loaded through tsx for every contender) to the first message in consumer ' +
          'code; "from client start": from creating the client/app; idle stop: the whole topic consumed, 1 s idle, ' +
          'then stop()/disconnect() until it resolved (commit and leaving the group included). Lower is better.',
        columns: [
          { key: 'fromSpawn', title: 'first msg from spawn ms' },
          { key: 'fromClient', title: 'from client start ms' },
          { key: 'idleStop', title: 'idle stop ms' },
          { key: 'runs', title: 'runs', digits: 0 },
        ],
        ratios: [
          { title: 'first msg vs raw', metric: 'fromClient', reference: CONTENDERS.raw },
          { title: 'idle stop vs raw', metric: 'idleStop', reference: CONTENDERS.raw },
        ],
        rows: startRows,
        notes: [],
        durationMs,
      },
      {
        id: 'lifecycle-stop',
        title: 'Lifecycle: stop with 5 partitions mid-batch',
        description:
          'Median of the runs. stop() is called 200 ms after all 5 partitions started a batch that sleeps; stop ms ' +
          'is until stop() resolved, batch wait is until the last running batch finished, overhead = stop − batch ' +
          'wait (committing and leaving the group). KafkaJS: `eachBatch` with `partitionsConsumedConcurrently` 5; ' +
          'karafka-ts: default settings (concurrency 5).',
        columns: [
          { key: 'stop', title: 'stop ms' },
          { key: 'batchWait', title: 'batch wait ms' },
          { key: 'overhead', title: 'overhead ms' },
          { key: 'runs', title: 'runs', digits: 0 },
        ],
        ratios: [{ title: 'overhead vs KafkaJS', metric: 'overhead', reference: CONTENDERS.kafkajs }],
        rows: midRows,
        notes: [],
        durationMs,
      },
    ];
  },
};
