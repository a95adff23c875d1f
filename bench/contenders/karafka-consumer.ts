/**
 * karafka-ts: an app with one route and a consumer class, run embedded. Variant 'default' changes nothing but
 * the broker address and the group; 'tuned' is the best setting found for throughput (see TUNED below).
 */
import { createHash } from 'node:crypto';
import { App, BaseConsumer, Embedded, type SettingsInput } from '../../src/index.js';
import { enableWeb } from '../../src/web/index.js';
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
const tally = new Tally(spec.expected);
const latency = new LatencyRecorder(spec.mode === 'latency' ? spec.expected : 0);
let clientStartedAt = 0;
let running = 0;
let stopRequestedAt = 0;
let lastBatchDoneAt = 0;
const midbatchReady = new Tally(spec.partitions ?? 1);
let digest = 0;

/** Settings of the 'tuned' variant: bigger batches, bigger per-partition buffers, no statistics, quiet logs. */
export const TUNED: SettingsInput = {
  maxMessages: 1000,
  maxBufferedMessages: 5000,
  logLevel: 'warn',
  kafka: { 'statistics.interval.ms': 0 },
};

class BenchConsumer extends BaseConsumer {
  async consume(): Promise<void> {
    switch (spec.mode) {
      case 'noop':
      case 'startup':
        tally.add(this.messages.length);
        return;
      case 'io':
        for (const _message of this.messages) {
          await pause(spec.ioMs ?? 1);
          tally.add(1);
        }
        return;
      case 'latency': {
        const at = Date.now();
        for (const message of this.messages) latency.record(at - message.timestamp.getTime());
        tally.add(this.messages.length);
        return;
      }
      case 'memory':
        await pause(spec.batchSleepMs ?? 1);
        tally.add(this.messages.length);
        return;
      case 'midbatch':
        running += 1;
        midbatchReady.add(1);
        await pause(spec.batchSleepMs ?? 1000);
        running -= 1;
        if (stopRequestedAt > 0) lastBatchDoneAt = now();
        tally.add(this.messages.length);
        return;
      case 'cpu':
        for (const message of this.messages) {
          let data = message.rawPayload ?? Buffer.alloc(0);
          for (let round = 0; round < (spec.hashRounds ?? 1); round += 1) {
            data = createHash('sha256').update(data).digest();
          }
          digest ^= data[0] ?? 0;
        }
        tally.add(this.messages.length);
        return;
    }
  }
}

/** Settings from BENCH_KARAFKA_SETTINGS (JSON), applied over every variant: for trying settings with the bench. */
function overrides(): SettingsInput {
  const raw = process.env.BENCH_KARAFKA_SETTINGS;
  return raw === undefined || raw === '' ? {} : (JSON.parse(raw) as SettingsInput);
}

function settings(): SettingsInput {
  const base: SettingsInput = {
    clientId: 'bench-karafka',
    groupId: spec.group,
    ...(spec.concurrency === undefined ? {} : { concurrency: spec.concurrency }),
  };
  const variant = spec.variant === 'tuned' ? TUNED : {};
  const extra = overrides();
  const buffered = spec.virtualPartitions?.maxBufferedMessages;
  return {
    ...base,
    ...variant,
    ...(buffered === undefined ? {} : { maxBufferedMessages: buffered }),
    ...extra,
    kafka: { ...variant.kafka, ...extra.kafka, 'bootstrap.servers': spec.bootstrap },
  };
}

await runContender(
  async () => {
    const figures: Record<string, number> = {};
    clientStartedAt = now();
    const input = settings();
    const app = new App(input);
    const virtual = spec.virtualPartitions;
    app.routes.draw((routes) =>
      routes.topic(spec.topic, {
        consumer: BenchConsumer,
        ...(virtual === undefined
          ? {}
          : {
              virtualPartitions: { maxPartitions: virtual.maxPartitions },
              ...(virtual.maxMessages === undefined ? {} : { maxMessages: virtual.maxMessages }),
            }),
      }),
    );
    let assigned = false;
    app.monitor.subscribe('rebalance.partitions_assigned', () => {
      if (!assigned) {
        assigned = true;
        signalReady();
      }
    });
    // The web scenario: reporting to the web UI on, into the topics it created.
    const webTopics = process.env.BENCH_WEB_TOPICS;
    if (webTopics !== undefined)
      enableWeb(app, { topics: JSON.parse(webTopics) as Record<string, string>, groupId: `${spec.group}-web` });
    const embedded = new Embedded(app);
    const limit = deadline(spec.deadlineMs, () => `timed out with ${String(tally.count)} of ${String(spec.expected)}`);
    await Promise.race([embedded.start(), limit.promise]);

    if (spec.mode === 'midbatch') {
      await Promise.race([midbatchReady.done, limit.promise]);
      await pause(200);
      figures.runningAtStop = running;
      stopRequestedAt = now();
      await embedded.stop();
      const stopped = now();
      limit.cancel();
      figures.stopMs = stopped - stopRequestedAt;
      figures.batchWaitMs = Math.max(0, (lastBatchDoneAt || stopped) - stopRequestedAt);
      figures.stopOverheadMs = figures.stopMs - figures.batchWaitMs;
      const ok = figures.runningAtStop === spec.partitions;
      return {
        ok,
        ...(ok ? {} : { error: `only ${String(figures.runningAtStop)} batches were running when stop was called` }),
        count: tally.count,
        clientStartedAt,
        firstAt: tally.firstAt,
        lastAt: tally.lastAt,
        figures,
        settings: { concurrency: app.settings.concurrency },
      };
    }

    await Promise.race([tally.done, limit.promise]);
    limit.cancel();
    if (spec.mode === 'latency') Object.assign(figures, latency.summary());
    if (spec.mode === 'memory') await pause(3000);
    if (spec.mode === 'startup') await pause(1000);
    const stopping = now();
    await embedded.stop();
    if (spec.mode === 'startup') figures.idleStopMs = now() - stopping;
    if (spec.mode === 'cpu') figures.digest = digest;
    const ok = tally.count === spec.expected;
    return {
      ok,
      ...(ok ? {} : { error: `counted ${String(tally.count)} of ${String(spec.expected)}` }),
      count: tally.count,
      clientStartedAt,
      firstAt: tally.firstAt,
      lastAt: tally.lastAt,
      figures,
      settings: {
        concurrency: app.settings.concurrency,
        maxMessages: app.settings.maxMessages,
        maxBufferedMessages: app.settings.maxBufferedMessages,
        logLevel: app.settings.logLevel,
      },
    };
  },
  () => ({ count: tally.count, clientStartedAt, firstAt: tally.firstAt, lastAt: tally.lastAt }),
);
