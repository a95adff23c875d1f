/**
 * The built-in `throttle` filter: at most `limit` messages of a partition go to `consume()` in any `interval` ms
 * (a sliding window, by the time batches are filtered). The first message over the limit and every later one
 * wait: the partition pauses until the oldest pass leaves the window, then goes on from that message.
 */
import type { Message } from '../../messages/message.js';
import type { FilterContext, FilterVerdict, MessageFilter } from '../../routing/message-filter.js';
import type { ThrottleOptions } from '../../routing/filtering-feature.js';

/** Messages let through at one time (every message of a batch passes at the batch's time). */
interface Pass {
  readonly time: number;
  readonly count: number;
}

/** Throttling of one partition. */
export class ThrottleFilter implements MessageFilter {
  readonly name = 'throttle';
  readonly #limit: number;
  readonly #interval: number;
  /** Passes still in the window, oldest first. */
  readonly #passes: Pass[] = [];
  #inWindow = 0;

  /** @param options the route's `throttle` */
  constructor(options: ThrottleOptions) {
    this.#limit = options.limit;
    this.#interval = options.interval;
  }

  /** Lets through what fits in the window; pauses from the first message that does not. */
  apply(messages: readonly Message[], { now }: FilterContext): FilterVerdict {
    while (this.#passes.length > 0 && this.#passes[0]!.time <= now - this.#interval) {
      this.#inWindow -= this.#passes.shift()!.count;
    }
    const room = this.#limit - this.#inWindow;
    const passing = Math.min(room, messages.length);
    if (passing > 0) {
      this.#passes.push({ time: now, count: passing });
      this.#inWindow += passing;
    }
    if (passing === messages.length) return { passed: messages };
    // Full: the oldest pass leaves the window first and makes room.
    const until = this.#passes[0]!.time + this.#interval;
    return { passed: messages.slice(0, passing), action: { kind: 'pause', from: messages[passing]!.offset, until } };
  }
}
