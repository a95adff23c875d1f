/**
 * The two holds that keep a partition from starting jobs, kept apart: a retry backoff after a failure (a success
 * ends it) and a pause the consumer or a strategy asked for (only `resume` or its time ends it).
 */

/** Backoff and pause of one partition. */
export class PartitionHolds {
  /** No job starts before this time (ms since the epoch) after a failure; 0: no backoff. */
  #backoffUntil = 0;
  /** Paused (fetching stopped, no job) until this time; Infinity: until `resume()`; undefined: not paused. */
  #pausedUntil: number | undefined;

  /** No job starts before `until` (a retry backoff). */
  backOff(until: number): void {
    this.#backoffUntil = until;
  }

  /** The retry backoff ends (a pause stays). */
  endBackoff(): void {
    this.#backoffUntil = 0;
  }

  /** Paused until `until` (Infinity: until `resume()`). */
  pauseUntil(until: number): void {
    this.#pausedUntil = until;
  }

  /** True while a pause (not a backoff) holds the partition. */
  get paused(): boolean {
    return this.#pausedUntil !== undefined;
  }

  /** True when a timed pause is over by `now`. */
  pauseOver(now: number): boolean {
    return this.#pausedUntil !== undefined && this.#pausedUntil <= now;
  }

  /** The time before which no job may start (0: none; Infinity: until `resume()`). */
  get heldUntil(): number {
    return Math.max(this.#backoffUntil, this.#pausedUntil ?? 0);
  }

  /** Ends a pause and a backoff now; returns whether one held the partition. */
  resume(now: number): boolean {
    const held = this.#pausedUntil !== undefined || this.#backoffUntil > now;
    this.#pausedUntil = undefined;
    this.#backoffUntil = 0;
    return held;
  }
}
