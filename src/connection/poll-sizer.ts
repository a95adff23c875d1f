/**
 * How many messages the next poll asks the client for.
 *
 * A poll returns once its first message is there, then keeps taking messages while each next one arrives within
 * a millisecond. Small polls keep latency low when messages trickle in (a big poll would wait for them one by
 * one), but every poll is a round trip to a libuv pool thread, which dominates on a backlog of small messages
 * (measured: 100 per poll drains 1 M × 100 B at ~0.7× the rate of 1 000 per poll). So polls start at the group's
 * `maxMessages` and double while they come back full and fast (the client already holds a backlog) and the
 * consumers keep up (less than a poll's worth still waits in the buffers), up to a ceiling. Anything else puts
 * the size back: a short or slow poll, or consumers falling behind, where bigger polls would only fill the
 * buffers sooner and make back-pressure pause (and refetch) more often. Batches handed to consumers stay capped
 * by each topic's `maxMessages`.
 */

/** A full poll counts as fast (a ready backlog, not a trickle) below this time per message, in ms. */
const FAST_MS_PER_MESSAGE = 0.02;

/** Largest poll the sizer grows to by itself (a larger `maxMessages` is used as it is). */
export const POLL_SIZE_CEILING = 1000;

/** Adapts the poll size to whether the client has a backlog ready. */
export class PollSizer {
  readonly #floor: number;
  readonly #ceiling: number;
  #size: number;

  /** @param floor the subscription group's `maxMessages` */
  constructor(floor: number) {
    if (!Number.isInteger(floor) || floor < 1)
      throw new Error(`Poll size floor must be a positive integer: ${String(floor)}`);
    this.#floor = floor;
    this.#ceiling = Math.max(floor, POLL_SIZE_CEILING);
    this.#size = floor;
  }

  /** Messages to ask for in the next poll. */
  get size(): number {
    return this.#size;
  }

  /**
   * Records the last poll (of `size` messages): what it brought, how long it took, and how many fetched
   * messages were still waiting for a consumer when it returned.
   */
  record(received: number, elapsedMs: number, buffered: number): void {
    const full = received >= this.#size;
    const fast = elapsedMs <= received * FAST_MS_PER_MESSAGE;
    const keepingUp = buffered < this.#size;
    this.#size = full && fast && keepingUp ? Math.min(this.#ceiling, this.#size * 2) : this.#floor;
  }
}
