import { describe, expect, it } from 'vitest';
import { PartitionCounts } from '../../../src/producer/partition-counts.js';

describe('PartitionCounts', () => {
  it('asks once per topic while the count is fresh, again once it expired', async () => {
    let now = 0;
    const asked: string[] = [];
    const counts = new PartitionCounts(
      (topic) => {
        asked.push(topic);
        return Promise.resolve(asked.length * 2);
      },
      1_000,
      () => now,
    );
    const [a, b] = await Promise.all([counts.get('t'), counts.get('t')]);
    expect([a, b]).toEqual([2, 2]);
    now = 999;
    expect(await counts.get('t')).toBe(2);
    now = 1_000;
    expect(await counts.get('t')).toBe(4);
    expect(asked).toEqual(['t', 't']);
  });

  it('does not keep a failed look-up', async () => {
    let fail = true;
    const counts = new PartitionCounts(() => (fail ? Promise.reject(new Error('down')) : Promise.resolve(3)), 60_000);
    await expect(counts.get('t')).rejects.toThrow('down');
    fail = false;
    expect(await counts.get('t')).toBe(3);
  });
});
