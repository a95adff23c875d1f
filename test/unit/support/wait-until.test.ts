import { describe, expect, it } from 'vitest';
import { waitUntil } from '../../support/wait-until.js';

describe('waitUntil', () => {
  it('resolves with the first truthy value', async () => {
    let calls = 0;
    const value = await waitUntil(() => {
      calls += 1;
      return calls >= 3 ? `done after ${String(calls)}` : undefined;
    });
    expect(value).toBe('done after 3');
  });

  it('fails with a message that says what it waited for and the last error', async () => {
    await expect(
      waitUntil(
        () => {
          throw new Error('not there yet');
        },
        { timeoutMs: 30, description: 'the answer' },
      ),
    ).rejects.toThrow('Timed out after 30 ms waiting for: the answer (last error: not there yet)');
  });
});
