/**
 * KafkaJS (pure JavaScript client), what a Node user picks today: `eachBatch` with a no-op handler, or
 * `eachMessage` with `partitionsConsumedConcurrently` for the IO-bound scenario. Default settings otherwise.
 */
import kafkajs from 'kafkajs';
import type { EachBatchPayload, EachMessagePayload } from 'kafkajs';
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

const { Kafka, logLevel } = kafkajs;
const spec = readSpec<ConsumerSpec>();
const tally = new Tally(spec.expected);
let clientStartedAt = 0;

await runContender(
  async () => {
    const latency = new LatencyRecorder(spec.mode === 'latency' ? spec.expected : 0);
    const figures: Record<string, number> = {};
    clientStartedAt = now();
    const kafka = new Kafka({ clientId: 'bench-kafkajs', brokers: [spec.bootstrap], logLevel: logLevel.ERROR });
    const consumer = kafka.consumer({ groupId: spec.group });
    let joined = false;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      if (!joined) {
        joined = true;
        signalReady();
      }
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [spec.topic], fromBeginning: true });

    let running = 0;
    let stopRequestedAt = 0;
    let lastBatchDoneAt = 0;
    const midbatchReady = new Tally(spec.partitions ?? 1);

    const eachBatch = async ({ batch }: EachBatchPayload): Promise<void> => {
      if (spec.mode === 'latency') {
        const at = Date.now();
        for (const message of batch.messages) latency.record(at - Number(message.timestamp));
      }
      if (spec.mode === 'memory') await pause(spec.batchSleepMs ?? 1);
      if (spec.mode === 'midbatch') {
        running += 1;
        midbatchReady.add(1);
        await pause(spec.batchSleepMs ?? 1000);
        running -= 1;
        if (stopRequestedAt > 0) lastBatchDoneAt = now();
      }
      tally.add(batch.messages.length);
    };
    const eachMessage = async (_payload: EachMessagePayload): Promise<void> => {
      await pause(spec.ioMs ?? 1);
      tally.add(1);
    };
    if (spec.mode === 'io') {
      await consumer.run({ partitionsConsumedConcurrently: spec.concurrency ?? 1, eachMessage });
    } else {
      await consumer.run({
        ...(spec.mode === 'midbatch' ? { partitionsConsumedConcurrently: spec.partitions ?? 1 } : {}),
        eachBatch,
      });
    }

    const limit = deadline(spec.deadlineMs, () => `timed out with ${String(tally.count)} of ${String(spec.expected)}`);
    if (spec.mode === 'midbatch') {
      await Promise.race([midbatchReady.done, limit.promise]);
      await pause(200);
      figures.runningAtStop = running;
      stopRequestedAt = now();
      await consumer.disconnect();
      const stopped = now();
      figures.stopMs = stopped - stopRequestedAt;
      figures.batchWaitMs = Math.max(0, (lastBatchDoneAt || stopped) - stopRequestedAt);
      figures.stopOverheadMs = figures.stopMs - figures.batchWaitMs;
      limit.cancel();
      return {
        ok: figures.runningAtStop === spec.partitions,
        ...(figures.runningAtStop === spec.partitions
          ? {}
          : { error: `only ${String(figures.runningAtStop)} batches were running when stop was called` }),
        count: tally.count,
        clientStartedAt,
        firstAt: tally.firstAt,
        lastAt: tally.lastAt,
        figures,
      };
    }
    await Promise.race([tally.done, limit.promise]);
    limit.cancel();
    if (spec.mode === 'latency') Object.assign(figures, latency.summary());
    if (spec.mode === 'memory') await pause(3000);
    if (spec.mode === 'startup') await pause(1000);
    const stopping = now();
    await consumer.disconnect();
    if (spec.mode === 'startup') figures.idleStopMs = now() - stopping;
    return {
      ok: tally.count === spec.expected,
      ...(tally.count === spec.expected ? {} : { error: `counted ${String(tally.count)} of ${String(spec.expected)}` }),
      count: tally.count,
      clientStartedAt,
      firstAt: tally.firstAt,
      lastAt: tally.lastAt,
      figures,
      settings: spec.mode === 'io' ? { partitionsConsumedConcurrently: spec.concurrency } : {},
    };
  },
  () => ({ count: tally.count, clientStartedAt, firstAt: tally.firstAt, lastAt: tally.lastAt }),
);
