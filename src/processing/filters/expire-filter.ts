/**
 * The built-in `expire` filter: messages older than `age` ms (by their timestamp, when the batch is filtered)
 * are dropped: never consumed, and marked like any dropped message.
 */
import type { Message } from '../../messages/message.js';
import type { FilterContext, FilterVerdict, MessageFilter } from '../../routing/message-filter.js';

/** Expiring messages of one partition. */
export class ExpireFilter implements MessageFilter {
  readonly name = 'expire';
  readonly #age: number;

  /** @param age ms after its timestamp a message expires */
  constructor(age: number) {
    this.#age = age;
  }

  /** Drops the messages older than the age. */
  apply(messages: readonly Message[], { now }: FilterContext): FilterVerdict {
    const oldest = now - this.#age;
    if (messages.every((m) => m.raw.timestamp >= oldest)) return { passed: messages };
    return { passed: messages.filter((m) => m.raw.timestamp >= oldest) };
  }
}
