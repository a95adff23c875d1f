/**
 * Transactional producers per partition (setting `transactionalProducers`) against the real broker: the
 * transactions of two partitions run at the same time, each partition's producer has its derived
 * `transactional.id`, the app's monitor sees every transaction event, and a producer given to the app reports
 * its transactions there too.
 */
import { describe, expect, it } from 'vitest';
import { App } from '../../../src/app/app.js';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import type { SettingsInput } from '../../../src/config/settings.js';
import { Producer } from '../../../src/producer/producer.js';
import { startEmbedded, testApp } from '../../support/app.js';
import {
  baseSettings,
  createTopic,
  produceMessages,
  uniqueName,
  waitForCommittedOffsets,
} from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';
import { readPartition } from './helpers.js';

/** Partitions whose transaction has begun, and the waiters for the other one (one barrier per test). */
class Barrier {
  readonly #arrived = new Set<number>();
  readonly #waiters: (() => void)[] = [];

  constructor(readonly parties: number) {}

  /** Resolves once `parties` different partitions arrived; rejects after `timeoutMs` (a serialized run). */
  async arrive(partition: number, timeoutMs = 60_000): Promise<void> {
    this.#arrived.add(partition);
    if (this.#arrived.size >= this.parties) {
      for (const wake of this.#waiters.splice(0)) wake();
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`only partitions ${[...this.#arrived].join(',')} began a transaction`)),
        timeoutMs,
      );
      this.#waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

let barrier = new Barrier(2);

/** Copies each message to the output topic (named in the route's consumer) and marks it, in one transaction. */
class TransformConsumer extends BaseConsumer<Buffer | null> {
  static output = '';

  async consume(): Promise<void> {
    await this.transaction(async (tx) => {
      // Hold the transaction open until the other partition's transaction began too.
      await barrier.arrive(this.partition);
      await tx.produceManyAsync(
        this.messages.toArray().map((m) => ({
          topic: TransformConsumer.output,
          key: `${String(m.partition)}@${String(m.offset)}`,
          payload: `${String(m.raw.value)}!`,
        })),
      );
      this.markAsConsumed(this.messages.last()!);
    });
  }
}

async function setUp(settings: SettingsInput = {}): Promise<{
  input: string;
  output: string;
  group: string;
  prefix: string;
  events: TimedEvent[];
  app: App;
}> {
  const input = await createTopic(uniqueName('txp-in'), 2);
  const output = await createTopic(uniqueName('txp-out'), 1);
  const group = uniqueName('txp-group');
  const prefix = uniqueName('txp');
  TransformConsumer.output = output;
  barrier = new Barrier(2);
  await produceMessages(input, 3, { partition: 0, payload: (i) => `p0-${String(i)}` });
  await produceMessages(input, 3, { partition: 1, payload: (i) => `p1-${String(i)}` });
  const app = testApp({ groupId: group, concurrency: 4, transactionalProducers: { idPrefix: prefix }, ...settings });
  app.routes.draw((r) => r.topic(input, { consumer: TransformConsumer }));
  const events = recordTimed(app);
  return { input, output, group, prefix, events, app };
}

/** An event of the app's monitor and when it was published. */
interface TimedEvent {
  readonly name: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly at: number;
}

/** Records the app's transaction and producer events with the time each was published. */
function recordTimed(app: App): TimedEvent[] {
  const events: TimedEvent[] = [];
  app.monitor.subscribeAll((name, payload) => {
    if (name.startsWith('transaction.') || name.startsWith('producer.'))
      events.push({ name, payload, at: performance.now() });
  });
  return events;
}

describe('transactional producers per partition', () => {
  it("runs two partitions' transactions at the same time, each on its own producer with its derived id", async () => {
    const { input, output, group, prefix, events, app } = await setUp();
    // The app producer's middleware (tracing adds its own this way) runs on the partition producers' messages.
    app.producer.middleware.append((message) => ({ ...message, headers: { ...message.headers, via: 'app' } }));
    const embedded = await startEmbedded(app);
    await waitForCommittedOffsets(
      group,
      input,
      new Map([
        [0, 3],
        [1, 3],
      ]),
      60_000,
    );
    await embedded.stop();

    const ids = [0, 1].map((p) => `${prefix}:${group}:${input}:${String(p)}`);
    const interval = (id: string): [number, number] => {
      const started = events.find((e) => e.name === 'transaction.started' && e.payload.transactionalId === id);
      const committed = events.find((e) => e.name === 'transaction.committed' && e.payload.transactionalId === id);
      expect(started, `transaction.started of ${id}`).toBeDefined();
      expect(committed, `transaction.committed of ${id}`).toBeDefined();
      return [started!.at, committed!.at];
    };
    const [begin0, commit0] = interval(ids[0]!);
    const [begin1, commit1] = interval(ids[1]!);
    // Each began before the other committed: the two intervals overlap.
    expect(begin0).toBeLessThan(commit1);
    expect(begin1).toBeLessThan(commit0);

    // Every event of these producers reached the app's monitor: connected, offsets sent, closed at shutdown.
    for (const id of ids) {
      const mine = events.filter((e) => e.payload.producerId === id || e.payload.transactionalId === id);
      expect(mine.map((e) => e.name)).toEqual(
        expect.arrayContaining([
          'producer.connected',
          'transaction.started',
          'transaction.offsets_sent',
          'transaction.committed',
          'producer.closed',
        ]),
      );
    }
    const committed = await readPartition(output, 0, { 'isolation.level': 'read_committed' });
    expect(committed.every((m) => m.headers.some((h) => h.key === 'via' && h.value.toString() === 'app'))).toBe(true);
    expect(committed.map((m) => String(m.value)).sort()).toEqual(
      ['p0-0!', 'p0-1!', 'p0-2!', 'p1-0!', 'p1-1!', 'p1-2!'].sort(),
    );
  });

  it("reports the transactions of a transactional producer given to the app on the app's monitor", async () => {
    const input = await createTopic(uniqueName('txg-in'), 1);
    const output = await createTopic(uniqueName('txg-out'), 1);
    const group = uniqueName('txg-group');
    const transactionalId = uniqueName('txg');
    TransformConsumer.output = output;
    barrier = new Barrier(1);
    await produceMessages(input, 2);
    const producer = new Producer({ kafka: baseSettings({ 'transactional.id': transactionalId }), id: 'given' });
    const given = new App(
      {
        clientId: uniqueName('txg-app'),
        groupId: group,
        logLevel: 'silent',
        maxWaitTime: 200,
        shutdownTimeout: 30_000,
        kafka: baseSettings({ 'session.timeout.ms': 6_000, 'heartbeat.interval.ms': 500 }),
      },
      { producer },
    );
    given.routes.draw((r) => r.topic(input, { consumer: TransformConsumer }));
    const events = recordTimed(given);
    const embedded = await startEmbedded(given);
    await waitForCommittedOffsets(group, input, new Map([[0, 2]]), 60_000);
    await embedded.stop();

    expect(producer.monitor).not.toBe(given.monitor);
    const names = events.filter((e) => e.payload.transactionalId === transactionalId).map((e) => e.name);
    expect(names.filter((n) => n === 'transaction.committed')).not.toHaveLength(0);
    expect(names).toEqual(
      expect.arrayContaining(['transaction.started', 'transaction.offsets_sent', 'transaction.committed']),
    );
    expect(events.filter((e) => e.name.startsWith('transaction.')).every((e) => e.payload.producerId === 'given')).toBe(
      true,
    );
    // The given producer is the app's: the server closed it at shutdown, reported on the app's monitor.
    expect(events.some((e) => e.name === 'producer.closed' && e.payload.producerId === 'given')).toBe(true);
  });
  it('closes the producer of a partition revoked in a rebalance; the new owner uses the same transactional.id', async () => {
    const { input, group, prefix, events, app } = await setUp();
    barrier = new Barrier(1);
    await startEmbedded(app);
    const ids = [0, 1].map((p) => `${prefix}:${group}:${input}:${String(p)}`);
    await waitForCommittedOffsets(
      group,
      input,
      new Map([
        [0, 3],
        [1, 3],
      ]),
      60_000,
    );
    const second = testApp({ groupId: group, concurrency: 4, transactionalProducers: { idPrefix: prefix } });
    second.routes.draw((r) => r.topic(input, { consumer: TransformConsumer }));
    const secondEvents = recordTimed(second);
    const assigned: number[] = [];
    second.monitor.subscribe('rebalance.partitions_assigned', (p) =>
      assigned.push(...p.partitions.map((x) => x.partition)),
    );
    await startEmbedded(second);
    await waitUntil(() => assigned.length > 0, {
      timeoutMs: 60_000,
      description: 'the second member to get a partition',
    });
    const moved = assigned[0]!;
    const movedId = ids[moved]!;
    // The first member closed the moved partition's producer when it was revoked.
    await waitUntil(() => events.some((e) => e.name === 'producer.closed' && e.payload.producerId === movedId), {
      timeoutMs: 60_000,
      description: `the first member to close ${movedId}`,
    });
    await produceMessages(input, 2, { partition: moved, payload: (i) => `again-${String(i)}` });
    await waitForCommittedOffsets(
      group,
      input,
      new Map([
        [moved, 5],
        [1 - moved, 3],
      ]),
      60_000,
    );
    expect(secondEvents.some((e) => e.name === 'transaction.committed' && e.payload.transactionalId === movedId)).toBe(
      true,
    );
  });
});
