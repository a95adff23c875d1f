/**
 * The offset metadata of one assigned partition: the string committed with its offset. A mark may carry one
 * (`markAsConsumed(message, metadata)`); the store that a mark leads to carries the metadata of the highest mark
 * it covers (under virtual partitions a mark may be stored later, once everything below it is done, or be
 * covered by a mark of another virtual partition). A mark without metadata, the automatic mark after a batch
 * included, keeps the partition's current metadata, so that it is never lost by accident; `null` clears it.
 *
 * The current metadata starts as what was committed when the partition was assigned, once read
 * (`offsetMetadata()` in the consumer reads it on first use); after the first store in this assignment it is
 * the metadata stored with the offset.
 */

/** The metadata a mark carries: a string, `null` to clear it, or `undefined` to keep the current one. */
export type MarkMetadata = string | null | undefined;

/** Offset metadata of one partition during one assignment. */
export class PartitionOffsetMetadata {
  /** Metadata of marks not stored yet, by the offset they mark (next to read). */
  readonly #pending = new Map<number, string | null>();
  #current: string | null = null;
  /** True once something decided `#current`: a store in this assignment, or the committed value read. */
  #known = false;
  #stored = false;

  /** A mark of `offset` (next to read) with `metadata`; nothing to remember when it keeps the current one. */
  marked(offset: number, metadata: MarkMetadata): void {
    if (metadata !== undefined) this.#pending.set(offset, metadata);
  }

  /**
   * `target` is about to be stored: the metadata to store with it (that of the highest pending mark at or below
   * it, else the current one), which becomes the current one. Undefined means none.
   */
  storing(target: number): string | undefined {
    let highest = -Infinity;
    for (const [offset, metadata] of this.#pending) {
      if (offset > target) continue;
      if (offset > highest) {
        highest = offset;
        this.#current = metadata;
      }
      this.#pending.delete(offset);
    }
    this.#known = true;
    this.#stored = true;
    return this.#current ?? undefined;
  }

  /** True once the current metadata is known without asking the broker. */
  get known(): boolean {
    return this.#known;
  }

  /** The current metadata (undefined: none). */
  get current(): string | undefined {
    return this.#current ?? undefined;
  }

  /**
   * What was committed, as read from the broker: it becomes the current metadata unless this member stored an
   * offset since it was assigned (its own store is newer).
   */
  committedRead(metadata: string | undefined): void {
    if (this.#stored) return;
    this.#current = metadata ?? null;
    this.#known = true;
  }
}
