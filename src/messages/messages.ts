/**
 * A batch of messages of one topic-partition, handed to one `consume()`.
 */
import type { Message } from './message.js';

/** Facts about a batch. */
export interface BatchMetadata {
  readonly topic: string;
  readonly partition: number;
  /** Number of messages. */
  readonly size: number;
  /** Offset of the first message, or -1 for an empty batch. */
  readonly firstOffset: number;
  /** Offset of the last message, or -1 for an empty batch. */
  readonly lastOffset: number;
  /** When the batch was built from fetched data (ms since the epoch). */
  readonly scheduledAt: number;
  /** When `consume()` started (ms since the epoch); 0 until then. */
  readonly processedAt: number;
  /** ms from the last message's timestamp to the start of processing. */
  readonly consumptionLag: number;
  /** ms the batch waited for a worker. */
  readonly processingLag: number;
}

/** An ordered, read-only batch of messages. */
export class Messages<P = unknown> implements Iterable<Message<P>> {
  readonly #items: readonly Message<P>[];
  readonly #topic: string;
  readonly #partition: number;
  readonly #scheduledAt: number;
  #processedAt = 0;

  /** Builds a batch; `scheduledAt` defaults to now. */
  constructor(items: readonly Message<P>[], topic: string, partition: number, scheduledAt = Date.now()) {
    this.#items = items;
    this.#topic = topic;
    this.#partition = partition;
    this.#scheduledAt = scheduledAt;
  }

  /** An empty batch (what a consumer sees in `initialized()`). */
  static empty<P>(topic: string, partition: number): Messages<P> {
    return new Messages<P>([], topic, partition);
  }

  /** Records the start of processing (called by the framework). */
  markProcessing(now = Date.now()): void {
    this.#processedAt = now;
  }

  /** Number of messages. */
  get length(): number {
    return this.#items.length;
  }

  /** True when the batch holds no message. */
  get isEmpty(): boolean {
    return this.#items.length === 0;
  }

  [Symbol.iterator](): Iterator<Message<P>> {
    return this.#items[Symbol.iterator]();
  }

  /** The message at `index` (negative counts from the end). */
  at(index: number): Message<P> | undefined {
    return this.#items.at(index);
  }

  /** The first message. */
  first(): Message<P> | undefined {
    return this.#items[0];
  }

  /** The last message. */
  last(): Message<P> | undefined {
    return this.#items.at(-1);
  }

  /** Deserialized payloads, in order (deserializes every message). */
  payloads(): P[] {
    return this.#items.map((m) => m.payload);
  }

  /** Raw payloads, in order. */
  rawPayloads(): (Buffer | null)[] {
    return this.#items.map((m) => m.rawPayload);
  }

  /** The messages as an array (a copy). */
  toArray(): Message<P>[] {
    return [...this.#items];
  }

  /** Facts about the batch. */
  get metadata(): BatchMetadata {
    const last = this.#items.at(-1);
    const processedAt = this.#processedAt;
    return {
      topic: this.#topic,
      partition: this.#partition,
      size: this.#items.length,
      firstOffset: this.#items[0]?.offset ?? -1,
      lastOffset: last?.offset ?? -1,
      scheduledAt: this.#scheduledAt,
      processedAt,
      consumptionLag: last === undefined || processedAt === 0 ? 0 : Math.max(0, processedAt - last.timestamp.getTime()),
      processingLag: processedAt === 0 ? 0 : Math.max(0, processedAt - this.#scheduledAt),
    };
  }
}
