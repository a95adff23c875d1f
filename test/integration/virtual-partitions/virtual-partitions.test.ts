/**
 * Virtual partitions against the broker: one partition's batches split by key into jobs that overlap, per-key
 * order, a SIGKILLed process restarted without losing anything and without a committed offset ever passing a
 * message that was not processed, and a failing message collapsed, retried and dead-lettered.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as work } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import { MessageConsumer } from '../../../src/consumer/message-consumer.js';
import type { KafkaMessage } from '../../../src/kafka/types.js';
import { rdkafkaDrivers } from '../../../src/kafka/drivers.js';
import type { Message } from '../../../src/messages/message.js';
import { recordEvents, startEmbedded, testApp } from '../../support/app.js';
import { CliProcess } from '../../support/cli-process.js';
import {
  bootstrapServers,
  committedOffsets,
  consumerSettings,
  createTopic,
  produceMessages,
  uniqueName,
  waitForCommittedOffsets,
} from '../../support/kafka.js';
import { Ledger } from '../../support/ledger.js';
import { waitUntil } from '../../support/wait-until.js';

const fixture = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'virtual-partitions-app.config.ts');

/** The most `consumer.consume` jobs of `topic` running at once, counted from the events. */
function overlapCounter(events: { name: string; payload: Readonly<Record<string, unknown>> }[]): () => number {
  return () => {
    let running = 0;
    let most = 0;
    for (const event of events) {
      if (event.name === 'consumer.consume') running += 1;
      if (event.name === 'consumer.consumed') running -= 1;
      most = Math.max(most, running);
    }
    return most;
  };
}

/** Processed messages (partition, offset, key) written by the fixture, in order. */
function processedIn(file: string): { offset: number; key: string }[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line.startsWith('P '))
    .map((line) => {
      const [, , offset, key] = line.split(' ');
      return { offset: Number(offset), key: key! };
    });
}

/** Reads every message of a one-partition topic (from the start) until `count` arrived. */
async function readAll(topic: string, count: number): Promise<KafkaMessage[]> {
  const consumer = rdkafkaDrivers.consumer({ settings: consumerSettings(uniqueName('vp-dlq-reader')) });
  await consumer.connect();
  consumer.subscribe([topic]);
  const messages: KafkaMessage[] = [];
  try {
    await waitUntil(
      async () => {
        messages.push(...(await consumer.poll(100, 200)).messages);
        return messages.length >= count;
      },
      { description: `${String(count)} message(s) on ${topic}`, intervalMs: 0 },
    );
  } finally {
    await consumer.close();
  }
  return messages;
}

describe('virtual partitions', () => {
  it('runs at least 5 jobs of one partition at once (10 keys, 50 ms per message, concurrency 10), each key in order', async () => {
    const topic = await createTopic(uniqueName('vp-overlap'));
    await produceMessages(topic, 200, { key: (i) => `k${String(i % 10)}` });
    const byKey = new Map<string, number[]>();
    class SlowConsumer extends BaseConsumer {
      async consume(): Promise<void> {
        for (const message of this.messages) {
          await work(50);
          const key = String(message.key);
          byKey.set(key, [...(byKey.get(key) ?? []), message.offset]);
        }
      }
    }
    const group = uniqueName('vp-overlap-group');
    const app = testApp({ groupId: group, concurrency: 10, maxMessages: 100 });
    app.routes.draw((r) => r.topic(topic, { consumer: SlowConsumer, virtualPartitions: {} }));
    const jobs = recordEvents(app, 'consumer.consume');
    const batches = recordEvents(app, 'consumer.virtual_partitions.consumed');
    const most = overlapCounter(jobs);
    await startEmbedded(app);
    await waitUntil(() => [...byKey.values()].flat().length === 200, { description: '200 messages processed' });
    expect(most()).toBeGreaterThanOrEqual(5);
    expect(jobs.every((e) => e.payload.partition === 0)).toBe(true);
    expect([...byKey.keys()].sort()).toHaveLength(10);
    for (const offsets of byKey.values()) {
      expect(offsets.every((o, i) => i === 0 || o > offsets[i - 1]!)).toBe(true);
    }
    await waitForCommittedOffsets(group, topic, new Map([[0, 200]]));
    // Each split batch reported once, with exactly the messages of its jobs (which name their virtual partition).
    const splitJobs = jobs.filter((e) => e.name === 'consumer.consumed' && e.payload.virtualPartition !== undefined);
    const total = (events: typeof jobs): number => events.reduce((sum, e) => sum + Number(e.payload.messages), 0);
    expect(batches.length).toBeGreaterThan(0);
    expect(total(batches)).toBe(total(splitJobs));
    expect(batches.every((e) => Number(e.payload.virtualPartitions) > 1 && e.payload.failed === 0)).toBe(true);
  });

  it('loses nothing when SIGKILLed mid-run and restarted; no committed offset ever passed an unprocessed message', async () => {
    const total = 2_000;
    const topic = await createTopic(uniqueName('vp-crash'));
    const group = uniqueName('vp-crash-group');
    await produceMessages(topic, total, { key: (i) => `k${String(i % 10)}` });
    const dir = mkdtempSync(path.join(tmpdir(), 'karafka-vp-crash-'));
    const files: string[] = [];
    const start = (): CliProcess => {
      const file = path.join(dir, `run-${String(files.length)}.log`);
      files.push(file);
      return CliProcess.start(['server', '--config', fixture], {
        cwd: path.dirname(fixture),
        env: { KAFKA_BOOTSTRAP: bootstrapServers(), TOPIC: topic, GROUP_ID: group, OUT: file, MESSAGE_WORK_MS: '20' },
      });
    };
    const ledger = (): Ledger => {
      const l = new Ledger();
      for (const file of files) for (const { offset } of processedIn(file)) l.add(0, offset);
      return l;
    };
    // Committed offsets sampled during the run, each checked against what was processed when it was read.
    const violations: string[] = [];
    let samples = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const committed = (await committedOffsets(group, topic)).get(0);
        const processed = ledger();
        if (committed !== undefined) {
          samples += 1;
          const missing = processed.missing(0, committed);
          if (missing.length > 0) violations.push(`committed ${String(committed)} before ${missing.join(',')}`);
        }
        await work(100);
      }
    })();
    try {
      const first = start();
      await waitUntil(() => ledger().total >= 600, {
        timeoutMs: 60_000,
        description: () => `600 messages processed by the first process (now ${String(ledger().total)})`,
      });
      first.signal('SIGKILL');
      await first.exited;
      const second = start();
      await waitUntil(() => ledger().total === total, {
        timeoutMs: 120_000,
        description: () => `all ${String(total)} messages processed (now ${String(ledger().total)})`,
      });
      await waitForCommittedOffsets(group, topic, new Map([[0, total]]), 30_000);
      second.signal('SIGTERM');
      expect((await second.exited).code).toBe(0);
    } finally {
      sampling = false;
      await sampler;
    }
    expect(ledger().missing(0, total)).toEqual([]);
    expect(violations).toEqual([]);
    expect(samples).toBeGreaterThan(5);
    // Within each process, every key's offsets strictly increase.
    for (const file of files) {
      const byKey = new Map<string, number[]>();
      for (const { offset, key } of processedIn(file)) byKey.set(key, [...(byKey.get(key) ?? []), offset]);
      for (const offsets of byKey.values()) expect(offsets.every((o, i) => i === 0 || o > offsets[i - 1]!)).toBe(true);
    }
  }, 300_000);

  it('collapses on a failing message, retries it in one sequential job, dead-letters it after maxRetries, loses nothing', async () => {
    const topic = await createTopic(uniqueName('vp-dlq-source'));
    const dlq = await createTopic(uniqueName('vp-dlq-target'));
    const total = 100;
    await produceMessages(topic, total, {
      key: (i) => `k${String(i % 5)}`,
      payload: (i) => (i === 42 ? 'poison' : `ok-${String(i)}`),
    });
    const processed = new Ledger();
    const collapsedOffsets: number[] = [];
    class PoisonConsumer extends MessageConsumer<string | null> {
      consumeMessage(message: Message<string | null>): void {
        if (this.collapsed) collapsedOffsets.push(message.offset);
        if (message.payload === 'poison') throw new Error('cannot handle poison');
        processed.add(0, message.offset);
      }
    }
    const group = uniqueName('vp-dlq-group');
    const app = testApp({
      groupId: group,
      concurrency: 5,
      maxMessages: 20,
      pause: { timeout: 50, maxTimeout: 100, withExponentialBackoff: true },
    });
    app.routes.draw((r) =>
      r.topic(topic, {
        consumer: PoisonConsumer,
        deserializer: 'string',
        virtualPartitions: { maxPartitions: 5 },
        deadLetterQueue: { topic: dlq, maxRetries: 2 },
      }),
    );
    const events = recordEvents(app, 'consumer.consuming.retry', 'dead_letter_queue.dispatched', 'error.occurred');
    await startEmbedded(app);
    await waitForCommittedOffsets(group, topic, new Map([[0, total]]), 30_000);
    expect(processed.missing(0, total)).toEqual([42]);
    const [dead] = await readAll(dlq, 1);
    expect([dead?.value?.toString(), dead?.key?.toString()]).toEqual(['poison', 'k2']);
    expect(events.filter((e) => e.name === 'dead_letter_queue.dispatched').map((e) => e.payload.offset)).toEqual([42]);
    // One failure split, two collapsed retries (attempts 2 and 3), all starting at the poison message.
    expect(
      events.filter((e) => e.name === 'consumer.consuming.retry').map((e) => [e.payload.offset, e.payload.attempt]),
    ).toEqual([
      [42, 2],
      [42, 3],
    ]);
    expect(events.filter((e) => e.name === 'error.occurred').map((e) => e.payload.type)).toEqual(
      Array(3).fill('consumer.consume.error'),
    );
    expect(Math.min(...collapsedOffsets)).toBe(42);
  });
});
