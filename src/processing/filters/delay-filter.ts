/**
 * The built-in `delay` filter: a message goes to `consume()` only once `delay` ms passed since its timestamp.
 * At the first message not due yet the partition pauses until it is due, then goes on from it (later messages
 * wait with it, so order is kept even when timestamps are not in order).
 */
import type { Message } from '../../messages/message.js';
import type { FilterContext, FilterVerdict, MessageFilter } from '../../routing/message-filter.js';

/** Delayed consumption of one partition. */
export class DelayFilter implements MessageFilter {
  readonly name = 'delay';
  readonly #delay: number;

  /** @param delay ms a message waits after its timestamp */
  constructor(delay: number) {
    this.#delay = delay;
  }

  /** Lets through the messages that are due, up to the first that is not. */
  apply(messages: readonly Message[], { now }: FilterContext): FilterVerdict {
    const waiting = messages.findIndex((m) => m.raw.timestamp + this.#delay > now);
    if (waiting < 0) return { passed: messages };
    const first = messages[waiting]!;
    return {
      passed: messages.slice(0, waiting),
      action: { kind: 'pause', from: first.offset, until: first.raw.timestamp + this.#delay },
    };
  }
}
