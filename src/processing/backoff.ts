/**
 * How long a failing partition waits before the next attempt.
 */

/** Pause settings for retries. */
export interface PauseSettings {
  readonly timeout: number;
  readonly maxTimeout: number;
  readonly withExponentialBackoff: boolean;
}

/** ms to wait before attempt `attempt + 1` after `attempt` failures: `timeout * 2^(attempt-1)`, capped. */
export function backoffDelay(pause: PauseSettings, attempt: number): number {
  if (!pause.withExponentialBackoff) return pause.timeout;
  const exponent = Math.max(0, attempt - 1);
  return Math.min(pause.maxTimeout, pause.timeout * 2 ** Math.min(exponent, 40));
}
