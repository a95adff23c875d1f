/**
 * The done-offset tracking of virtual partitions, property-style: whatever order the jobs of split batches
 * finish their messages in, the offset that may be stored is exactly the lowest offset not done, so it never
 * passes a message that is not done.
 */
import { describe, expect, it } from 'vitest';
import { VirtualOffsets } from '../../../src/processing/virtual-offsets.js';

/** A small seeded generator (mulberry32), so that a failing case can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('virtual offsets', () => {
  it('stores nothing before anything is handed out, then the first offset until it is done', () => {
    const offsets = new VirtualOffsets();
    expect(offsets.safeOffset).toBeUndefined();
    offsets.dispatch([
      { index: 0, offsets: [10, 12] },
      { index: 1, offsets: [11, 13] },
    ]);
    expect(offsets.safeOffset).toBe(10);
    expect(offsets.markDone(1, 13)).toBe(10);
    expect(offsets.markDone(0, 10)).toBe(12);
    expect(offsets.markDone(0, 12)).toBe(14);
    expect(offsets.openGroups).toBe(0);
  });

  it('keeps an unmarked message of an older batch as the limit while later batches are done', () => {
    const offsets = new VirtualOffsets();
    offsets.dispatch([
      { index: 0, offsets: [0, 2] },
      { index: 1, offsets: [1, 3] },
    ]);
    offsets.markDone(0, 0);
    offsets.markDone(1, 3);
    offsets.dispatch([
      { index: 0, offsets: [4, 5] },
      { index: 1, offsets: [6, 7] },
    ]);
    // Virtual partition 0's mark of 5 belongs to its newest group: offset 2 of the older batch stays not done.
    expect(offsets.markDone(0, 5)).toBe(2);
    expect(offsets.markDone(1, 7)).toBe(2);
    expect(offsets.markDone(0, 2)).toBe(8);
  });

  it('forgets what was handed out on a restart, and previews a mark without changing anything', () => {
    const offsets = new VirtualOffsets();
    offsets.dispatch([
      { index: 0, offsets: [0, 1] },
      { index: 1, offsets: [2] },
    ]);
    expect(offsets.safeOffsetIfDone(0, 1)).toBe(2);
    expect(offsets.safeOffset).toBe(0);
    offsets.restartAt(1);
    expect([offsets.safeOffset, offsets.openGroups]).toEqual([1, 0]);
    offsets.restartAt(-2);
    expect(offsets.safeOffset).toBeUndefined();
  });

  it('never lets the stored offset pass a message not done, in any completion order (500 random runs)', () => {
    for (let seed = 1; seed <= 500; seed += 1) {
      const next = random(seed);
      const tracker = new VirtualOffsets();
      const done = new Set<number>();
      const handedOut: number[] = [];
      let offset = Math.floor(next() * 100);
      tracker.restartAt(offset);
      // Pending work: per group, the offsets left, done front to back.
      const pending: { index: number; left: number[] }[] = [];
      for (let batch = 0; batch < 4; batch += 1) {
        const parts = 1 + Math.floor(next() * 6);
        const groups = Array.from({ length: parts }, (_, index) => ({ index, offsets: [] as number[] }));
        const size = 1 + Math.floor(next() * 30);
        for (let i = 0; i < size; i += 1) {
          // Offsets may have gaps (compacted topics, transaction markers).
          offset += next() < 0.1 ? 2 : 1;
          groups[Math.floor(next() * parts)]!.offsets.push(offset);
          handedOut.push(offset);
        }
        const nonEmpty = groups.filter((g) => g.offsets.length > 0);
        tracker.dispatch(nonEmpty);
        pending.push(...nonEmpty.map((g) => ({ index: g.index, left: [...g.offsets] })));
        // Finish a random share of the pending work, in random order, sometimes several messages at once.
        const steps = Math.floor(next() * size * 1.5);
        for (let step = 0; step < steps; step += 1) {
          const open = pending.filter((p) => p.left.length > 0);
          if (open.length === 0) break;
          const group = open[Math.floor(next() * open.length)]!;
          const take = 1 + Math.floor(next() * Math.min(3, group.left.length));
          const through = group.left[take - 1]!;
          for (const o of group.left.splice(0, take)) done.add(o);
          const safe = tracker.markDone(group.index, through);
          const lowestNotDone = handedOut.find((o) => !done.has(o));
          const expected = lowestNotDone ?? handedOut.at(-1)! + 1;
          if (safe !== expected)
            throw new Error(`seed ${String(seed)}: stored ${String(safe)}, expected ${String(expected)}`);
        }
      }
    }
  });
});
