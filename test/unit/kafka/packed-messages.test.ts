/**
 * Messages read from a packed batch, built here in the layout the client fork's native code writes
 * (packages/kafka-native/src/packed/packed-batch.h), so every way a field can be null or empty is covered.
 */
import type { PackedBatch } from '@karafka-ts/kafka-native';
import { describe, expect, it } from 'vitest';
import { library } from '../../../src/kafka/rdkafka/library.js';
import type { KafkaMessage } from '../../../src/kafka/types.js';
import { packedRuns } from '../../../src/kafka/rdkafka/packed-messages.js';

interface Input {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly leaderEpoch: number;
  readonly headers?: readonly (readonly [string, Buffer | null])[];
}

/** Packs messages the way `PackedBatch::Pack` does. */
function pack(inputs: readonly Input[]): PackedBatch {
  const L = library.packedLayout;
  const topics: string[] = [];
  const headerCount = inputs.reduce((n, m) => n + (m.headers?.length ?? 0), 0);
  const chunks: Buffer[] = [];
  const dataStart = (inputs.length * L.ROW_FIELDS + headerCount * L.HEADER_FIELDS) * 8;
  let at = dataStart;
  const add = (bytes: Buffer | null): number => {
    const start = at;
    if (bytes !== null) {
      chunks.push(bytes);
      at += bytes.length;
    }
    return start;
  };
  const rows = new Float64Array(inputs.length * L.ROW_FIELDS);
  const headerRows = new Float64Array(headerCount * L.HEADER_FIELDS);
  let header = 0;
  inputs.forEach((m, i) => {
    const r = i * L.ROW_FIELDS;
    if (!topics.includes(m.topic)) topics.push(m.topic);
    rows[r + L.OFFSET] = m.offset;
    rows[r + L.TIMESTAMP] = m.timestamp;
    rows[r + L.PARTITION] = m.partition;
    rows[r + L.TOPIC_INDEX] = topics.indexOf(m.topic);
    rows[r + L.DATA_START] = add(m.key);
    rows[r + L.KEY_LENGTH] = m.key === null ? -1 : m.key.length;
    add(m.value);
    rows[r + L.VALUE_LENGTH] = m.value === null ? -1 : m.value.length;
    rows[r + L.LEADER_EPOCH] = m.leaderEpoch;
    rows[r + L.HEADER_START] = header;
    rows[r + L.HEADER_COUNT] = m.headers?.length ?? 0;
    for (const [name, value] of m.headers ?? []) {
      const h = header * L.HEADER_FIELDS;
      headerRows[h + L.NAME_START] = add(Buffer.from(name));
      headerRows[h + L.NAME_LENGTH] = Buffer.byteLength(name);
      headerRows[h + L.HEADER_VALUE_START] = add(value);
      headerRows[h + L.HEADER_VALUE_LENGTH] = value === null ? -1 : value.length;
      header += 1;
    }
  });
  const bytes = Buffer.concat([Buffer.alloc(dataStart), ...chunks]);
  return { count: inputs.length, rows, headerRows, bytes, topics, eofs: [], errors: [] };
}

const base = { partition: 0, timestamp: 1_700_000_000_000, leaderEpoch: 3 };

/** Every message of a batch, made from its runs as a listener's buffer makes them. */
function fromPackedBatch(batch: PackedBatch): KafkaMessage[] {
  return packedRuns(batch).flatMap((run) => run.slice(0, run.length));
}

describe('messages of a packed batch', () => {
  it('read every field, in fetch order, across topics', () => {
    const batch = pack([
      { ...base, topic: 'orders', offset: 41, key: Buffer.from('k1'), value: Buffer.from('v1') },
      { ...base, topic: 'payments', partition: 7, offset: 9_007_199_254_740_000, key: null, value: Buffer.from('v2') },
      { ...base, topic: 'orders', offset: 42, key: Buffer.from('ключ'), value: Buffer.from('значение') },
    ]);
    const messages = fromPackedBatch(batch);
    expect(messages.map((m) => [m.topic, m.partition, m.offset])).toEqual([
      ['orders', 0, 41],
      ['payments', 7, 9_007_199_254_740_000],
      ['orders', 0, 42],
    ]);
    expect(messages.map((m) => m.key?.toString() ?? null)).toEqual(['k1', null, 'ключ']);
    expect(messages.map((m) => m.value?.toString())).toEqual(['v1', 'v2', 'значение']);
    expect(messages[2]!.size).toBe(Buffer.byteLength('значение'));
    expect(messages[0]!.timestamp).toBe(base.timestamp);
    expect(messages[0]!.leaderEpoch).toBe(3);
    expect(messages[0]!.headers).toEqual([]);
  });

  it('tell a tombstone (null value, size 0) from a zero-length value, and a null key from an empty one', () => {
    const [tombstone, empty] = fromPackedBatch(
      pack([
        { ...base, topic: 't', offset: 0, key: Buffer.from('gone'), value: null },
        { ...base, topic: 't', offset: 1, key: Buffer.alloc(0), value: Buffer.alloc(0) },
      ]),
    );
    expect(tombstone!.value).toBeNull();
    expect(tombstone!.size).toBe(0);
    expect(tombstone!.key?.toString()).toBe('gone');
    expect(empty!.value).toEqual(Buffer.alloc(0));
    expect(empty!.key).toEqual(Buffer.alloc(0));
  });

  it('give headers in order, repeated keys kept, a header without a value as empty', () => {
    const [message] = fromPackedBatch(
      pack([
        {
          ...base,
          topic: 't',
          offset: 0,
          key: null,
          value: Buffer.from('v'),
          headers: [
            ['trace', Buffer.from('a')],
            ['empty', null],
            ['trace', Buffer.from('b')],
          ],
        },
      ]),
    );
    expect(message!.headers).toEqual([
      { key: 'trace', value: Buffer.from('a') },
      { key: 'empty', value: Buffer.alloc(0) },
      { key: 'trace', value: Buffer.from('b') },
    ]);
    expect(message!.headers).toBe(message!.headers);
  });

  it('leave the leader epoch out when it is unknown, and read an empty batch as no messages', () => {
    const [message] = fromPackedBatch(
      pack([{ ...base, topic: 't', offset: 0, key: null, value: null, leaderEpoch: -1 }]),
    );
    expect(message!.leaderEpoch).toBeUndefined();
    expect(fromPackedBatch(pack([]))).toEqual([]);
  });

  it('slice key and value out of the batch without copying, once', () => {
    const batch = pack([{ ...base, topic: 't', offset: 0, key: Buffer.from('k'), value: Buffer.from('value') }]);
    const [message] = fromPackedBatch(batch);
    expect(message!.value!.buffer).toBe(batch.bytes.buffer);
    expect(message!.value).toBe(message!.value);
    expect(message!.key).toBe(message!.key);
  });

  it('come in runs of one partition with increasing offsets, objects made only for the slice asked for', () => {
    const value = Buffer.from('vvvv');
    const batch = pack([
      { ...base, topic: 'orders', offset: 5, key: Buffer.from('kk'), value },
      { ...base, topic: 'orders', offset: 6, key: null, value: null },
      { ...base, topic: 'orders', offset: 8, key: Buffer.from('k'), value },
      { ...base, topic: 'orders', partition: 1, offset: 8, key: null, value },
      { ...base, topic: 'payments', partition: 1, offset: 9, key: null, value },
      { ...base, topic: 'payments', partition: 1, offset: 3, key: null, value },
    ]);
    const runs = packedRuns(batch);
    expect(runs.map((run) => [run.topic, run.partition, run.length])).toEqual([
      ['orders', 0, 3],
      ['orders', 1, 1],
      ['payments', 1, 1],
      ['payments', 1, 1],
    ]);
    const [first] = runs;
    expect([0, 1, 2].map((i) => first!.offsetAt(i))).toEqual([5, 6, 8]);
    expect(first!.bytesBetween(0, 3)).toBe(2 + 4 + 0 + 1 + 4);
    expect(first!.bytesBetween(1, 2)).toBe(0);
    expect(first!.slice(1, 3).map((m) => [m.offset, m.key?.toString() ?? null, m.value?.toString() ?? null])).toEqual([
      [6, null, null],
      [8, 'k', 'vvvv'],
    ]);
    expect(first!.slice(3, 3)).toEqual([]);
    expect(packedRuns(pack([]))).toEqual([]);
  });
});
