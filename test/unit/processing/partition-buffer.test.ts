/**
 * A partition's buffer holds fetched runs as they came and makes message objects only for the batch a job
 * takes: batches cross run boundaries, stale data is dropped, and the counts stay exact.
 */
import { describe, expect, it } from 'vitest';
import { ArrayRun } from '../../../src/kafka/fetched-runs.js';
import type { KafkaMessage } from '../../../src/kafka/types.js';
import { PartitionBuffer } from '../../../src/processing/partition-buffer.js';

function run(...offsets: number[]): ArrayRun {
  return new ArrayRun(
    offsets.map((offset): KafkaMessage => ({
      topic: 't',
      partition: 0,
      offset,
      key: null,
      value: Buffer.from('12345'),
      headers: [],
      timestamp: 0,
      size: 5,
    })),
  );
}

const offsets = (messages: readonly KafkaMessage[]): number[] => messages.map((m) => m.offset);

describe('partition buffer', () => {
  it('takes batches across runs, in order, keeping counts and bytes exact', () => {
    const buffer = new PartitionBuffer();
    expect(buffer.accept(run(0, 1, 2))).toBe(0);
    expect(buffer.accept(run(3, 4))).toBe(3);
    expect([buffer.count, buffer.bytes, buffer.nextFetchOffset]).toEqual([5, 25, 5]);
    expect(offsets(buffer.take(2))).toEqual([0, 1]);
    expect(offsets(buffer.take(2))).toEqual([2, 3]);
    expect([buffer.count, buffer.bytes]).toEqual([1, 5]);
    expect(offsets(buffer.take(10))).toEqual([4]);
    expect(buffer.take(10)).toEqual([]);
    expect([buffer.count, buffer.bytes]).toEqual([0, 0]);
  });

  it('drops the stale part of a run and whole stale runs', () => {
    const buffer = new PartitionBuffer();
    buffer.fetchingFrom(3);
    expect(buffer.accept(run(1, 2))).toBeUndefined();
    expect(buffer.accept(run(2, 3, 4))).toBe(3);
    expect(buffer.accept(run(4))).toBeUndefined();
    expect(offsets(buffer.take(10))).toEqual([3, 4]);
  });

  it('puts taken messages back at the front from an offset on', () => {
    const buffer = new PartitionBuffer();
    buffer.accept(run(0, 1, 2, 3));
    const batch = buffer.take(3);
    buffer.giveBack(batch, 1);
    expect([buffer.count, buffer.bytes]).toEqual([3, 15]);
    expect(offsets(buffer.take(10))).toEqual([1, 2, 3]);
    buffer.giveBack(batch, 9);
    expect(buffer.count).toBe(0);
    buffer.accept(run(4, 5));
    buffer.drop();
    expect([buffer.count, buffer.bytes, buffer.take(1)]).toEqual([0, 0, []]);
  });
});
