/**
 * The raw `@confluentinc/kafka-javascript` low-level consume loop, no framework: `consume(n)` in a loop,
 * librdkafka's own offset store and auto-commit. The Node reference the framework is measured against. It runs
 * on the project's fork (`@karafka-ts/kafka-native`), whose `consume(n)` is upstream's code unchanged.
 */
import rdkafka from '@karafka-ts/kafka-native';
import type { RdKafka } from '@karafka-ts/kafka-native';
import {
  type ConsumerSpec,
  LatencyRecorder,
  Tally,
  deadline,
  now,
  pause,
  readSpec,
  runContender,
  signalReady,
} from './common.js';

const spec = readSpec<ConsumerSpec>();
const BATCH = spec.rawBatch ?? Number(process.env.BENCH_RAW_BATCH ?? 1000);
const tally = new Tally(spec.expected);
let clientStartedAt = 0;

function connect(consumer: RdKafka.KafkaConsumer): Promise<void> {
  return new Promise((resolve, reject) => {
    consumer.connect({}, (error) => (error ? reject(new Error(error.message)) : resolve()));
  });
}

/** What one poll brought: how many messages and, for the latency mode, their timestamps. */
interface Polled {
  readonly count: number;
  readonly timestamps: () => number[];
}

function poll(consumer: RdKafka.KafkaConsumer): Promise<Polled> {
  return new Promise((resolve, reject) => {
    consumer.consume(BATCH, (error, messages) =>
      error
        ? reject(new Error(error.message))
        : resolve({ count: messages.length, timestamps: () => messages.map((m) => m.timestamp ?? Date.now()) }),
    );
  });
}

function pollPacked(consumer: RdKafka.KafkaConsumer): Promise<Polled> {
  const { ROW_FIELDS, TIMESTAMP } = rdkafka.packedLayout;
  return new Promise((resolve, reject) => {
    consumer.consumePacked(BATCH, 1000, (error, batch) => {
      if (error) reject(new Error(error.message));
      else if (batch.errors.length > 0) reject(new Error(batch.errors[0]!.message));
      else {
        const timestamps = (): number[] =>
          Array.from({ length: batch.count }, (_, i) => batch.rows[i * ROW_FIELDS + TIMESTAMP]!);
        resolve({ count: batch.count, timestamps });
      }
    });
  });
}

function disconnect(consumer: RdKafka.KafkaConsumer): Promise<void> {
  return new Promise((resolve) => {
    consumer.disconnect(() => resolve());
  });
}

await runContender(
  async () => {
    const latency = new LatencyRecorder(spec.mode === 'latency' ? spec.expected : 0);
    clientStartedAt = now();
    let assigned = false;
    const consumer: RdKafka.KafkaConsumer = new rdkafka.KafkaConsumer(
      {
        'bootstrap.servers': spec.bootstrap,
        'group.id': spec.group,
        'auto.offset.reset': 'earliest',
        // The fetch settings karafka-ts sets by default (src/routing/subscription-group.ts): librdkafka's 1000 ms
        // backoff stalls a consumer that drains its queue quickly.
        ...(spec.rawLibraryDefaults === true ? {} : { 'queued.min.messages': 20_000, 'fetch.queue.backoff.ms': 5 }),
        ...(JSON.parse(process.env.BENCH_RAW_SETTINGS ?? '{}') as Record<string, string | number | boolean>),
        rebalance_cb(this: RdKafka.KafkaConsumer, error: RdKafka.LibrdKafkaError, assignment: RdKafka.Assignment[]) {
          if (error.code === rdkafka.CODES.ERRORS.ERR__ASSIGN_PARTITIONS) {
            this.assign(assignment);
            if (!assigned && assignment.length > 0) {
              assigned = true;
              signalReady();
            }
          } else {
            this.unassign();
          }
        },
      },
      // No topic config object: one would replace the default topic config and its auto.offset.reset.
    );
    await connect(consumer);
    consumer.setDefaultConsumeTimeout(1000);
    // Return what is ready once the first message is there (as karafka-ts' driver does).
    (
      consumer as unknown as { setDefaultIsTimeoutOnlyForFirstMessage(v: boolean): void }
    ).setDefaultIsTimeoutOnlyForFirstMessage(true);
    consumer.subscribe([spec.topic]);
    const limit = deadline(spec.deadlineMs, () => `timed out with ${String(tally.count)} of ${String(spec.expected)}`);
    const loop = (async () => {
      while (!tally.complete) {
        const polled = spec.rawPacked === true ? await pollPacked(consumer) : await poll(consumer);
        if (spec.mode === 'latency') {
          const at = Date.now();
          for (const timestamp of polled.timestamps()) latency.record(at - timestamp);
        }
        tally.add(polled.count);
        if (spec.mode === 'memory' && polled.count > 0) await pause(spec.batchSleepMs ?? 1);
      }
    })();
    await Promise.race([loop, limit.promise]);
    limit.cancel();
    const figures: Record<string, number> = {};
    if (spec.mode === 'latency') Object.assign(figures, latency.summary());
    if (spec.mode === 'memory') await pause(3000);
    if (spec.mode === 'startup') {
      await pause(1000);
      const stopping = now();
      await disconnect(consumer);
      figures.idleStopMs = now() - stopping;
    } else {
      await disconnect(consumer);
    }
    return {
      ok: tally.count === spec.expected,
      ...(tally.count === spec.expected ? {} : { error: `counted ${String(tally.count)} of ${String(spec.expected)}` }),
      count: tally.count,
      clientStartedAt,
      firstAt: tally.firstAt,
      lastAt: tally.lastAt,
      figures,
      settings: {
        batch: BATCH,
        'enable.auto.commit': true,
        libraryDefaults: spec.rawLibraryDefaults === true,
        packed: spec.rawPacked === true,
      },
    };
  },
  () => ({ count: tally.count, clientStartedAt, firstAt: tally.firstAt, lastAt: tally.lastAt }),
);
