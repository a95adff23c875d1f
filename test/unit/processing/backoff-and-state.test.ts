import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../src/processing/backoff.js';
import { ForwardStateMachine } from '../../../src/state-machine.js';

describe('backoff', () => {
  it('doubles per failed attempt up to maxTimeout', () => {
    const pause = { timeout: 100, maxTimeout: 1000, withExponentialBackoff: true };
    expect([1, 2, 3, 4, 5, 6, 60].map((a) => backoffDelay(pause, a))).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
  });

  it('stays constant without exponential backoff', () => {
    const pause = { timeout: 100, maxTimeout: 1000, withExponentialBackoff: false };
    expect([1, 2, 10].map((a) => backoffDelay(pause, a))).toEqual([100, 100, 100]);
  });
});

describe('forward-only state machine', () => {
  it('moves forward only, ignores earlier or equal states, and resolves waiters', async () => {
    const changes: string[] = [];
    const machine = new ForwardStateMachine(['a', 'b', 'c', 'd'] as const, (state, previous) =>
      changes.push(`${previous}>${state}`),
    );
    const waitingForC = machine.waitFor('c');
    expect(machine.transition('b')).toBe(true);
    expect(machine.transition('a')).toBe(false);
    expect(machine.transition('b')).toBe(false);
    expect(machine.transition('d')).toBe(true);
    await waitingForC;
    expect(changes).toEqual(['a>b', 'b>d']);
    expect(machine.reached('c')).toBe(true);
    expect(machine.is('d')).toBe(true);
    expect(() => machine.transition('z' as never)).toThrow("Unknown state 'z'");
  });
});
