/**
 * Which offset metadata a store carries: the highest covered mark's, a mark without metadata keeps the current
 * one, null clears it, and the committed value read from the broker only counts before this member stored.
 */
import { describe, expect, it } from 'vitest';
import { PartitionOffsetMetadata } from '../../../src/processing/offset-metadata.js';

describe('PartitionOffsetMetadata', () => {
  it('stores the metadata of the mark and keeps it for later marks without metadata (the automatic mark)', () => {
    const state = new PartitionOffsetMetadata();
    state.marked(3, 'checkpoint-2');
    expect(state.storing(3)).toBe('checkpoint-2');
    state.marked(10, undefined);
    expect(state.storing(10)).toBe('checkpoint-2');
    expect(state.current).toBe('checkpoint-2');
  });

  it('clears the metadata with null', () => {
    const state = new PartitionOffsetMetadata();
    state.marked(3, 'a');
    state.storing(3);
    state.marked(4, null);
    expect(state.storing(4)).toBeUndefined();
    expect(state.current).toBeUndefined();
  });

  it('under virtual partitions, stores the metadata of the highest mark the stored offset covers', () => {
    const state = new PartitionOffsetMetadata();
    // Virtual partition B marks 6 and 8 first; A (below) has not finished: nothing is stored yet.
    state.marked(6, 'b-5');
    state.marked(8, 'b-7');
    // A marks 4: the stored offset moves to 7 (everything below 7 done): b-5 is the highest covered mark.
    state.marked(4, 'a-3');
    expect(state.storing(7)).toBe('b-5');
    // Then everything up to 10 is done: b-7 is covered now.
    state.marked(10, undefined);
    expect(state.storing(10)).toBe('b-7');
  });

  it('takes the committed metadata as current until this member stores', () => {
    const state = new PartitionOffsetMetadata();
    expect(state.known).toBe(false);
    state.committedRead('from-before');
    expect(state.known).toBe(true);
    expect(state.current).toBe('from-before');
    state.marked(5, undefined);
    expect(state.storing(5)).toBe('from-before');
    state.marked(6, 'mine');
    state.storing(6);
    state.committedRead('stale');
    expect(state.current).toBe('mine');
  });
});
