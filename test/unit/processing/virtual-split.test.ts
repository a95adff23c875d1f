/**
 * Splitting a batch by virtual key: every key in one group in offset order, balanced loads, consistent places.
 */
import { describe, expect, it } from 'vitest';
import type { KafkaMessage } from '../../../src/kafka/types.js';
import { splitByKey } from '../../../src/processing/strategies/virtual-split.js';

function batch(count: number): KafkaMessage[] {
  return Array.from({ length: count }, (_, offset) => ({
    topic: 'events',
    partition: 0,
    offset: 100 + offset,
    key: null,
    value: null,
    headers: [],
    timestamp: 0,
    size: 0,
  }));
}

describe('splitting by virtual key', () => {
  it('deals keys out largest first to the least loaded group, each key whole and in order', () => {
    // Key 'a' has 10 messages, 'b'..'j' one each: 4 groups get 10, 3, 3, 3.
    const keys: string[] = [...Array.from({ length: 10 }, () => 'a'), ...'bcdefghij'.split('')];
    const order = [...keys.keys()].sort((x, y) => ((x * 7) % 19) - ((y * 7) % 19));
    const messages = batch(19);
    const shuffledKeys = order.map((i) => keys[i]!);
    const groups = splitByKey(messages, shuffledKeys, 4, 'balanced');
    expect(groups.map((g) => g.messages.length).sort((x, y) => y - x)).toEqual([10, 3, 3, 3]);
    for (const group of groups) {
      const offsets = group.messages.map((m) => m.offset);
      expect(offsets).toEqual([...offsets].sort((x, y) => x - y));
      const groupKeys = new Set(group.positions.map((p) => shuffledKeys[p]));
      for (const other of groups.filter((g) => g !== group)) {
        expect(other.positions.some((p) => groupKeys.has(shuffledKeys[p]))).toBe(false);
      }
    }
  });

  it('treats equal keys of any type alike, and spreads messages without a key', () => {
    const messages = batch(6);
    const groups = splitByKey(messages, [Buffer.from('x'), Buffer.from('x'), null, undefined, 7, 7], 3, 'balanced');
    const byOffset = (offset: number): number => groups.find((g) => g.messages.some((m) => m.offset === offset))!.index;
    expect(byOffset(100)).toBe(byOffset(101));
    expect(byOffset(104)).toBe(byOffset(105));
    expect(groups).toHaveLength(3);
  });

  it('deals a batch without any key out in turn, every message once, loads level', () => {
    const messages = batch(23);
    const groups = splitByKey(
      messages,
      Array.from({ length: 23 }, () => null),
      5,
      'balanced',
    );
    expect(groups.map((g) => g.index)).toEqual([0, 1, 2, 3, 4]);
    expect(groups.map((g) => g.messages.length)).toEqual([5, 5, 5, 4, 4]);
    expect(groups[1]!.messages.map((m) => m.offset)).toEqual([101, 106, 111, 116, 121]);
    expect(groups.flatMap((g) => g.positions).sort((x, y) => x - y)).toEqual([...Array(23).keys()]);
  });

  it('places a key by its hash under consistent distribution, the same in every batch', () => {
    const first = splitByKey(batch(4), ['a', 'b', 'c', 'a'], 5, 'consistent');
    const second = splitByKey(batch(3), ['c', 'a', 'b'], 5, 'consistent');
    const indexOf = (groups: ReturnType<typeof splitByKey>, keys: string[], key: string): number =>
      groups.find((g) => g.positions.some((p) => keys[p] === key))!.index;
    for (const key of ['a', 'b', 'c']) {
      expect(indexOf(first, ['a', 'b', 'c', 'a'], key)).toBe(indexOf(second, ['c', 'a', 'b'], key));
    }
  });
});
