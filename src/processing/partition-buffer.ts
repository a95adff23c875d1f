/**
 * Fetched messages of one partition that no job took yet, in offset order, with their size in memory and the
 * offset below which fetched data is stale (already taken, or seeked past).
 */
import type { KafkaMessage } from '../kafka/types.js';

/**
 * Bytes a message holds in memory (key and value). `size` is the value's length: reading it does not slice the
 * value out of a packed batch (the driver materialises values lazily).
 */
function bytesOf(message: KafkaMessage): number {
  return message.size + (message.key?.length ?? 0);
}

/** The fetched-but-unprocessed messages of a partition. */
export class PartitionBuffer {
  #messages: KafkaMessage[] = [];
  #bytes = 0;
  #nextFetchOffset = -1;

  /** Messages held. */
  get count(): number {
    return this.#messages.length;
  }

  /** Key and value bytes held. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Offset the next fetched message is expected at: data below it is stale (-1 before any data or seek). */
  get nextFetchOffset(): number {
    return this.#nextFetchOffset;
  }

  /**
   * Appends fetched messages, dropping stale ones (below `nextFetchOffset`). Returns the offset of the first
   * message kept, if any.
   */
  accept(messages: readonly KafkaMessage[]): number | undefined {
    let first: number | undefined;
    for (const message of messages) {
      if (message.offset < this.#nextFetchOffset) continue;
      first ??= message.offset;
      this.#messages.push(message);
      this.#bytes += bytesOf(message);
      this.#nextFetchOffset = message.offset + 1;
    }
    return first;
  }

  /** Takes up to `max` messages off the front. */
  take(max: number): KafkaMessage[] {
    const batch = this.#messages.splice(0, max);
    for (const message of batch) this.#bytes -= bytesOf(message);
    return batch;
  }

  /** Puts taken messages back at the front, from offset `from` on. */
  giveBack(messages: readonly KafkaMessage[], from: number): void {
    const kept = messages.filter((m) => m.offset >= from);
    this.#messages.unshift(...kept);
    for (const message of kept) this.#bytes += bytesOf(message);
  }

  /** Drops every message held. */
  drop(): void {
    this.#messages = [];
    this.#bytes = 0;
  }

  /** The client fetches from `offset` now (-2 earliest, -1 latest: known once data comes). */
  fetchingFrom(offset: number): void {
    this.#nextFetchOffset = offset >= 0 ? offset : -1;
  }
}
