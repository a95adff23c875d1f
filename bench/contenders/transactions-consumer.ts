/**
 * karafka-ts consume-transform-produce: every batch is copied (payload reversed) to an output topic and marked,
 * in one transaction (BENCH_TX_MODE 'pool': a transactional producer per partition, setting
 * transactionalProducers; 'single': one transactional producer given to the app, so transactions run one at a
 * time), or without a transaction ('none': produce, then the automatic mark; at-least-once). A message counts
 * once its transaction committed (or, without one, once its copy was acknowledged). The output topic is
 * BENCH_TX_OUTPUT.
 */
import { App, BaseConsumer, Embedded, Producer, type SettingsInput } from '../../src/index.js';
import { type ConsumerSpec, Tally, deadline, now, readSpec, runContender, signalReady } from './common.js';

const spec = readSpec<ConsumerSpec>();
const tally = new Tally(spec.expected);
const output = process.env.BENCH_TX_OUTPUT ?? `${spec.topic}-out`;
const mode = process.env.BENCH_TX_MODE ?? 'pool';
let clientStartedAt = 0;
let transactions = 0;

class TransformConsumer extends BaseConsumer {
  async consume(): Promise<void> {
    const copies = this.messages.toArray().map((m) => ({
      topic: output,
      partition: m.partition,
      payload: Buffer.from(m.rawPayload ?? Buffer.alloc(0)).reverse(),
    }));
    if (mode === 'none') {
      await this.producer.produceManySync(copies);
    } else {
      await this.transaction(async (tx) => {
        await tx.produceManyAsync(copies);
        this.markAsConsumed(this.messages.last()!);
      });
      transactions += 1;
    }
    tally.add(this.messages.length);
  }
}

await runContender(
  async () => {
    clientStartedAt = now();
    const kafka = { 'bootstrap.servers': spec.bootstrap, 'statistics.interval.ms': 0 };
    const settings: SettingsInput = {
      clientId: 'bench-transactions',
      groupId: spec.group,
      logLevel: 'warn',
      kafka,
      ...(spec.concurrency === undefined ? {} : { concurrency: spec.concurrency }),
      ...(mode === 'pool' ? { transactionalProducers: { idPrefix: spec.group } } : {}),
    };
    const producer =
      mode === 'single'
        ? new Producer({ kafka: { ...kafka, 'transactional.id': `${spec.group}-single` }, id: 'single' })
        : undefined;
    const app = new App(settings, producer === undefined ? {} : { producer });
    app.routes.draw((routes) => routes.topic(spec.topic, { consumer: TransformConsumer }));
    let assigned = false;
    app.monitor.subscribe('rebalance.partitions_assigned', () => {
      if (!assigned) {
        assigned = true;
        signalReady();
      }
    });
    const embedded = new Embedded(app);
    const limit = deadline(spec.deadlineMs, () => `timed out with ${String(tally.count)} of ${String(spec.expected)}`);
    await Promise.race([embedded.start(), limit.promise]);
    await Promise.race([tally.done, limit.promise]);
    limit.cancel();
    await embedded.stop();
    const ok = tally.count === spec.expected;
    return {
      ok,
      ...(ok ? {} : { error: `counted ${String(tally.count)} of ${String(spec.expected)}` }),
      count: tally.count,
      clientStartedAt,
      firstAt: tally.firstAt,
      lastAt: tally.lastAt,
      figures: { transactions },
      settings: { concurrency: app.settings.concurrency, maxMessages: app.settings.maxMessages, mode },
    };
  },
  () => ({ count: tally.count, clientStartedAt, firstAt: tally.firstAt, lastAt: tally.lastAt }),
);
