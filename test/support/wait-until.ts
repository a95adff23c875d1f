/**
 * Poll-until for tests: waits for a condition instead of sleeping for a fixed time.
 */
import { setTimeout as delay } from 'node:timers/promises';

/** Options of `waitUntil`. */
export interface WaitUntilOptions {
  /** Give up after this long (default 30 s). */
  readonly timeoutMs?: number;
  /** Check this often (default 50 ms). */
  readonly intervalMs?: number;
  /** What is being waited for, in words (or a function giving them at failure time); used in the failure message. */
  readonly description?: string | (() => string);
}

/**
 * Resolves with the first truthy value of `condition` (sync or async); rejects with a message saying what
 * it waited for when `timeoutMs` passes first. Errors thrown by `condition` count as "not yet" until the end,
 * when the last one is reported.
 */
export async function waitUntil<T>(
  condition: () => T | Promise<T>,
  options: WaitUntilOptions = {},
): Promise<NonNullable<T>> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const intervalMs = options.intervalMs ?? 50;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value) return value;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const detail =
        lastError === undefined
          ? ''
          : ` (last error: ${lastError instanceof Error ? lastError.message : JSON.stringify(lastError)})`;
      const what =
        typeof options.description === 'function' ? options.description() : (options.description ?? String(condition));
      throw new Error(`Timed out after ${String(timeoutMs)} ms waiting for: ${what}${detail}`);
    }
    await delay(intervalMs);
  }
}
