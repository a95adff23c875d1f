/**
 * The Iterator against the broker: exact ranges from several partitions and start kinds (offset, time, last N),
 * in offset order per partition, ending at the ends the partitions had when it started; 'latest' with no end
 * until stop(); pausing and resuming a partition from the loop; an optional group committed on break.
 */
import { describe, expect, it } from 'vitest';
import { Admin } from '../../../src/admin/admin.js';
import { Iterator } from '../../../src/iterator/iterator.js';
import { IteratorOptionsError } from '../../../src/iterator/iterator-options.js';
import { Producer } from '../../../src/producer/producer.js';
import { baseSettings, createTopic, produceMessages, uniqueName } from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

/** Offsets by partition, in the order they came. */
function byPartition(messages: readonly { partition: number; offset: number }[]): Map<number, number[]> {
  const result = new Map<number, number[]>();
  for (const { partition, offset } of messages) result.set(partition, [...(result.get(partition) ?? []), offset]);
  return result;
}

describe('Iterator', () => {
  it('reads exactly the requested ranges of several partitions (offset, time, last N), in order, up to the ends at start', async () => {
    const topic = await createTopic(uniqueName('iterator-ranges'), 4);
    const base = Date.now() - 100_000;
    for (let p = 0; p < 4; p += 1) {
      await produceMessages(topic, 20, { partition: p, timestamp: (i) => base + i * 1_000 });
    }
    const iterator = new Iterator<string | null>({
      kafka: baseSettings(),
      topics: { [topic]: { 0: 5, 1: new Date(base + 12_000), 2: -4, 3: 'latest' } },
      deserializer: 'string',
    });
    const seen: { partition: number; offset: number; payload: string | null }[] = [];
    for await (const message of iterator) {
      if (seen.length === 0) {
        // Produced after the iteration started: past the ends it reads up to.
        for (let p = 0; p < 4; p += 1) await produceMessages(topic, 3, { partition: p });
      }
      seen.push({ partition: message.partition, offset: message.offset, payload: message.payload });
    }
    const offsets = byPartition(seen);
    expect(offsets.get(0)).toEqual(range(5, 20));
    expect(offsets.get(1)).toEqual(range(12, 20));
    expect(offsets.get(2)).toEqual(range(16, 20));
    expect(offsets.has(3)).toBe(false);
    expect(seen.every((m) => m.payload === `message-${String(m.offset)}`)).toBe(true);
    expect(iterator.partitions.map((p) => [p.partition, p.end])).toEqual([
      [0, 20],
      [1, 20],
      [2, 20],
      [3, 20],
    ]);
  });

  it("from 'latest' without an end, hands out what is produced until stop()", async () => {
    const topic = await createTopic(uniqueName('iterator-latest'), 2);
    await produceMessages(topic, 5, { partition: 0 });
    const iterator = new Iterator({ kafka: baseSettings(), topics: { [topic]: 'latest' }, stopAtEnd: false });
    const seen: { partition: number; offset: number; payload: unknown }[] = [];
    const loop = (async () => {
      for await (const message of iterator) {
        seen.push({ partition: message.partition, offset: message.offset, payload: message.payload });
        if (seen.length === 4) iterator.stop();
      }
    })();
    await waitUntil(() => iterator.partitions.length === 2, { description: 'the start positions resolved' });
    for (let p = 0; p < 2; p += 1) {
      await produceMessages(topic, 2, { partition: p, payload: (i) => JSON.stringify({ i }) });
    }
    await loop;
    const offsets = byPartition(seen);
    expect(offsets.get(0)).toEqual([5, 6]);
    expect(offsets.get(1)).toEqual([0, 1]);
    expect(seen.map((m) => m.payload)).toEqual(expect.arrayContaining([{ i: 0 }, { i: 1 }]));
  });

  it('pauses a partition from the loop (for a time, or until resumed) and goes on after the last message handed out', async () => {
    const topic = await createTopic(uniqueName('iterator-pause'), 2);
    for (let p = 0; p < 2; p += 1) await produceMessages(topic, 10, { partition: p });
    const iterator = new Iterator({ kafka: baseSettings(), topics: [topic], maxMessages: 3 });
    const seen: { partition: number; offset: number }[] = [];
    for await (const message of iterator) {
      seen.push({ partition: message.partition, offset: message.offset });
      if (message.partition === 0 && message.offset === 2) iterator.pause(topic, 0, 200);
      if (message.partition === 1 && message.offset === 4) {
        iterator.pause(topic, 1);
        setTimeout(() => iterator.resume(topic, 1), 100);
      }
    }
    const offsets = byPartition(seen);
    expect(offsets.get(0)).toEqual(range(0, 10));
    expect(offsets.get(1)).toEqual(range(0, 10));
  });

  it('commits marked messages to an optional group when the loop breaks, and refuses bad input clearly', async () => {
    const topic = await createTopic(uniqueName('iterator-group'));
    const group = uniqueName('iterator-group');
    await produceMessages(topic, 10);
    const iterator = new Iterator({ kafka: baseSettings(), topics: topic, groupId: group, deserializer: 'raw' });
    for await (const message of iterator) {
      expect(message.payload).toEqual(Buffer.from(`message-${String(message.offset)}`));
      iterator.markAsConsumed(message, `read-by-script:${String(message.offset)}`);
      if (message.offset === 5) break;
    }
    const admin = new Admin({ kafka: baseSettings() });
    try {
      expect(await admin.readCommittedOffsets(group, [topic])).toEqual({
        [topic]: { 0: { offset: 6, metadata: 'read-by-script:5' } },
      });
    } finally {
      await admin.close();
    }

    expect(() => new Iterator({ kafka: baseSettings(), topics: { [topic]: 'newest' as never } })).toThrow(
      /start of 'iterator-group[^']*' must be an offset .* \(got "newest"\)/,
    );
    expect(() => new Iterator({ kafka: baseSettings(), topics: [] })).toThrow(IteratorOptionsError);
    const missing = new Iterator({ kafka: baseSettings(), topics: { [topic]: { 3: 0 } } });
    await expect(missing[Symbol.asyncIterator]().next()).rejects.toThrow(/topic '.*' has no partition 3 \(it has 1\)/);
    const noGroup = new Iterator({ kafka: baseSettings(), topics: topic });
    for await (const message of noGroup) {
      expect(() => noGroup.markAsConsumed(message)).toThrow(/needs the 'groupId' option/);
      break;
    }
  });

  it('ends at the end of a partition whose last offset is a transaction marker', async () => {
    const topic = await createTopic(uniqueName('iterator-transactional'));
    const producer = new Producer({ kafka: baseSettings({ 'transactional.id': uniqueName('iterator-tx') }) });
    try {
      await producer.transaction(async (tx) => {
        for (let i = 0; i < 5; i += 1) await tx.produceAsync({ topic, payload: `in-transaction-${String(i)}` });
      });
    } finally {
      await producer.close();
    }
    const iterator = new Iterator({ kafka: baseSettings(), topics: topic, deserializer: 'string' });
    const payloads: unknown[] = [];
    for await (const message of iterator) payloads.push(message.payload);
    expect(payloads).toEqual(range(0, 5).map((i) => `in-transaction-${String(i)}`));
    // The end taken at the start counts the commit marker: 5 messages, end 6.
    expect(iterator.partitions).toEqual([{ topic, partition: 0, next: 5, end: 6 }]);
  });

  it('commits marks to its group on commitOffsets() while the loop runs', async () => {
    const topic = await createTopic(uniqueName('iterator-commit'));
    const group = uniqueName('iterator-commit-group');
    await produceMessages(topic, 4);
    const iterator = new Iterator({ kafka: baseSettings(), topics: topic, groupId: group });
    const admin = new Admin({ kafka: baseSettings() });
    const committed: number[] = [];
    try {
      for await (const message of iterator) {
        if (message.offset === 1) {
          iterator.markAsConsumed(message);
          await iterator.commitOffsets();
          committed.push((await admin.readCommittedOffsets(group, [topic]))[topic]![0]!.offset);
        }
      }
    } finally {
      await admin.close();
    }
    expect(committed).toEqual([2]);
  });

  it('fails the loop naming the connection failure when no broker answers; onError sees the client errors', async () => {
    const errors: Error[] = [];
    const iterator = new Iterator({
      kafka: { 'bootstrap.servers': '127.0.0.1:1' },
      topics: 'anything',
      timeout: 2_000,
      onError: (error) => errors.push(error),
    });
    await expect(iterator[Symbol.asyncIterator]().next()).rejects.toThrow(/no broker answered .*Connection refused/);
    expect(errors.length).toBeGreaterThan(0);
  });
});
