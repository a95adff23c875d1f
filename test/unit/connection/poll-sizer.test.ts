import { describe, expect, it } from 'vitest';
import { POLL_SIZE_CEILING, PollSizer } from '../../../src/connection/poll-sizer.js';

describe('PollSizer', () => {
  it('starts at maxMessages', () => {
    expect(new PollSizer(100).size).toBe(100);
  });

  it('doubles while polls come back full and fast (a backlog), up to the ceiling', () => {
    const sizer = new PollSizer(100);
    const sizes: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      sizer.record(sizer.size, 0.5, 0);
      sizes.push(sizer.size);
    }
    expect(sizes).toEqual([200, 400, 800, POLL_SIZE_CEILING, POLL_SIZE_CEILING, POLL_SIZE_CEILING]);
  });

  it('goes back to maxMessages after a short poll, so trickling messages are not gathered one by one', () => {
    const sizer = new PollSizer(100);
    sizer.record(100, 0.5, 0);
    sizer.record(200, 0.5, 0);
    expect(sizer.size).toBe(400);
    sizer.record(37, 0.5, 0);
    expect(sizer.size).toBe(100);
  });

  it('does not grow on a full poll that took long (messages arriving as it gathered them)', () => {
    const sizer = new PollSizer(100);
    sizer.record(100, 20, 0);
    expect(sizer.size).toBe(100);
    sizer.record(100, 1, 0);
    sizer.record(200, 40, 0);
    expect(sizer.size).toBe(100);
  });

  it('goes back to maxMessages while consumers fall behind (a poll worth or more still buffered)', () => {
    const sizer = new PollSizer(100);
    sizer.record(100, 0.5, 0);
    expect(sizer.size).toBe(200);
    sizer.record(200, 0.5, 250);
    expect(sizer.size).toBe(100);
    sizer.record(100, 0.5, 99);
    expect(sizer.size).toBe(200);
  });

  it('never asks for less than maxMessages, even when maxMessages is above the usual ceiling', () => {
    const sizer = new PollSizer(5000);
    sizer.record(5000, 1, 0);
    expect(sizer.size).toBe(5000);
    sizer.record(0, 100, 0);
    expect(sizer.size).toBe(5000);
  });

  it('rejects a floor that is not a positive integer', () => {
    expect(() => new PollSizer(0)).toThrow(/positive integer: 0/);
  });
});
