/**
 * Partition counts of topics, cached for a while: `partitionKey` needs the count of the target topic for every
 * message, and asking the cluster each time would cost a round trip per message.
 */

interface Entry {
  readonly count: Promise<number>;
  readonly expiresAt: number;
}

/** A time-bounded cache of partition counts; concurrent look-ups of one topic share one request. */
export class PartitionCounts {
  readonly #lookup: (topic: string) => Promise<number>;
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry>();

  /**
   * @param lookup asks the cluster (a failed look-up is not cached)
   * @param ttlMs how long a count is trusted: partitions added meanwhile are used once it expires
   */
  constructor(lookup: (topic: string) => Promise<number>, ttlMs: number, now: () => number = Date.now) {
    this.#lookup = lookup;
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  /** The partition count of `topic`. */
  get(topic: string): Promise<number> {
    const entry = this.#entries.get(topic);
    if (entry !== undefined && entry.expiresAt > this.#now()) return entry.count;
    const count = this.#lookup(topic);
    this.#entries.set(topic, { count, expiresAt: this.#now() + this.#ttlMs });
    count.catch(() => {
      if (this.#entries.get(topic)?.count === count) this.#entries.delete(topic);
    });
    return count;
  }
}
