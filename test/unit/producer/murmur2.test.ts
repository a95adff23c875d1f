import { describe, expect, it } from 'vitest';
import { murmur2, partitionForKey } from '../../../src/producer/murmur2.js';

describe('murmur2', () => {
  // Reference values of Kafka's Java client (org.apache.kafka.common.utils.Utils.murmur2).
  it.each([
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ])('hashes %j as the Java client does', (key, expected) => {
    expect(murmur2(Buffer.from(key))).toBe(expected);
  });

  it('handles every tail length (0 to 3 bytes past a 4-byte block)', () => {
    const values = ['', 'a', 'ab', 'abc', 'abcd', 'abcde'].map((k) => murmur2(Buffer.from(k)));
    expect(new Set(values).size).toBe(values.length);
    for (const value of values) expect(Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31).toBe(true);
  });

  it('maps a key to the positive hash modulo the partition count, for strings and bytes alike', () => {
    // -973932308 & 0x7fffffff = 1173551340; 1173551340 % 10 = 0, % 7 = 3
    expect(partitionForKey('21', 10)).toBe(0);
    expect(partitionForKey('21', 7)).toBe(3);
    expect(partitionForKey(Buffer.from('21'), 7)).toBe(3);
    for (let i = 0; i < 100; i += 1) {
      const partition = partitionForKey(`key-${String(i)}`, 12);
      expect(partition).toBeGreaterThanOrEqual(0);
      expect(partition).toBeLessThan(12);
    }
  });
});
