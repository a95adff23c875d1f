/**
 * `Iterator`: reads topics for scripts and tools, without a consumer group by default.
 *
 * ```ts
 * const iterator = new Iterator({ kafka, topics: { orders: { 0: -100, 1: new Date('2026-11-30') } } });
 * for await (const message of iterator) {
 *   if (message.payload === 'poison') iterator.stopPartition(message.topic, message.partition);
 * }
 * ```
 * The partitions are assigned to one client (no group membership, no rebalances, no commits unless `groupId` is
 * given). Messages come in offset order per partition (partitions interleave), as the `Message` consumers get.
 * By default the iteration ends once every partition reached the end it had when the iteration started.
 */
import type { ConsumerDriver } from '../kafka/consumer-driver.js';
import type { KafkaMessage } from '../kafka/types.js';
import { Message } from '../messages/message.js';
import {
  type IteratorOptions,
  IteratorOptionsError,
  type ResolvedIteratorOptions,
  resolveIteratorOptions,
} from './iterator-options.js';
import { type PartitionRange, resolveStartPositions } from './start-positions.js';

/** How long seeking a partition may take when it resumes. */
const SEEK_TIMEOUT_MS = 10_000;

/** Where one partition of the iteration stands. */
interface PartitionCursor {
  readonly topic: string;
  readonly partition: number;
  /** Next offset to hand out. */
  next: number;
  /** High watermark when the iteration started. */
  readonly end: number;
  /** Nothing more is handed out (end reached, or stopped). */
  done: boolean;
  /** Paused until this time (ms since the epoch; Infinity: until `resume`); undefined: not paused. */
  pausedUntil: number | undefined;
  /** The client fetches nothing for it. */
  fetchPaused: boolean;
  /** Fetched messages of it were dropped (while paused): the client must move back to `next` before it goes on. */
  dropped: boolean;
}

const keyOf = (topic: string, partition: number): string => `${topic}\u0000${String(partition)}`;

/** An async iterator over messages of topics and partitions, from offsets, times, or the last N. */
export class Iterator<P = unknown> implements AsyncIterable<Message<P>> {
  readonly #options: ResolvedIteratorOptions<P>;
  readonly #cursors = new Map<string, PartitionCursor>();
  #consumer: ConsumerDriver | undefined;
  #started = false;
  #stopped = false;

  /** Validates the options (throws `IteratorOptionsError`); nothing connects until the iteration starts. */
  constructor(options: IteratorOptions<P>) {
    this.#options = resolveIteratorOptions(options);
  }

  /** Starts the iteration (once per iterator). `break`, `stop()` or an error ends it and closes the client. */
  [Symbol.asyncIterator](): AsyncGenerator<Message<P>, void, undefined> {
    if (this.#started) throw new Error('An Iterator can be iterated once: create a new one to read again');
    this.#started = true;
    return this.#iterate();
  }

  /** Ends the iteration: the loop gets no message after the current one. */
  stop(): void {
    this.#stopped = true;
  }

  /** Hands out nothing more from this partition (the iteration ends once every partition is done or stopped). */
  stopPartition(topic: string, partition: number): void {
    this.#cursor(topic, partition, 'stopPartition').done = true;
  }

  /**
   * Pauses a partition: no message of it is handed out until `resume` or, with `timeoutMs`, until the time has
   * passed; then it goes on after the last message handed out. A paused partition does not end the iteration.
   */
  pause(topic: string, partition: number, timeoutMs = Infinity): void {
    if (!(timeoutMs >= 0)) {
      throw new IteratorOptionsError(
        `Iterator.pause: timeoutMs must be 0 or more, or Infinity (got ${String(timeoutMs)})`,
      );
    }
    this.#cursor(topic, partition, 'pause').pausedUntil = Date.now() + timeoutMs;
  }

  /** Ends a pause: the partition goes on after the last message handed out. */
  resume(topic: string, partition: number): void {
    const cursor = this.#cursor(topic, partition, 'resume');
    if (cursor.pausedUntil !== undefined) cursor.pausedUntil = 0;
  }

  /**
   * Stores `message` (and everything before it in its partition) for the next commit of the `groupId` group,
   * with optional offset metadata; committed periodically and when the iteration ends.
   */
  markAsConsumed(message: Message<P>, metadata?: string): void {
    if (this.#options.groupId === undefined) {
      throw new IteratorOptionsError(`Iterator.markAsConsumed needs the 'groupId' option (the group to commit to)`);
    }
    this.#cursor(message.topic, message.partition, 'markAsConsumed');
    const offset = { topic: message.topic, partition: message.partition, offset: message.offset + 1 };
    this.#consumer?.storeOffsets([metadata === undefined ? offset : { ...offset, metadata }]);
  }

  /** Commits what was marked so far and resolves when the broker confirmed (needs `groupId`). */
  async commitOffsets(): Promise<void> {
    if (this.#options.groupId === undefined) {
      throw new IteratorOptionsError(`Iterator.commitOffsets needs the 'groupId' option (the group to commit to)`);
    }
    await this.#consumer?.commit();
  }

  /** The partitions read and where each starts and ends (known once the iteration started). */
  get partitions(): { topic: string; partition: number; next: number; end: number }[] {
    return [...this.#cursors.values()].map(({ topic, partition, next, end }) => ({ topic, partition, next, end }));
  }

  #cursor(topic: string, partition: number, call: string): PartitionCursor {
    const cursor = this.#cursors.get(keyOf(topic, partition));
    if (cursor === undefined) {
      throw new IteratorOptionsError(
        `Iterator.${call}: ${topic}/${String(partition)} is not read by this iteration` +
          (this.#started ? '' : ' (it has not started yet)'),
      );
    }
    return cursor;
  }

  async *#iterate(): AsyncGenerator<Message<P>, void, undefined> {
    try {
      const consumer = await this.#open();
      while (!this.#stopped && !this.#finished()) {
        await this.#applyPauses(consumer);
        const { messages, eofs } = await consumer.poll(this.#options.maxMessages, this.#options.maxWaitTime);
        for (const message of messages) {
          if (this.#stopped) return;
          const cursor = this.#cursors.get(keyOf(message.topic, message.partition));
          if (cursor === undefined || !this.#accepts(cursor, message)) continue;
          cursor.next = message.offset + 1;
          yield new Message(message, this.#options.deserialize, this.#options.deserializerName);
        }
        for (const eof of eofs) {
          const cursor = this.#cursors.get(keyOf(eof.topic, eof.partition));
          // The end of a partition whose last offsets are not messages (transaction markers) shows only here.
          const live = cursor !== undefined && cursor.pausedUntil === undefined && !cursor.dropped;
          if (live && this.#options.stopAtEnd && eof.offset >= cursor.end) cursor.done = true;
        }
        this.#reachedEnds();
      }
    } finally {
      await this.#close();
    }
  }

  /** Whether `message` is to be handed out now: its partition is live and it is the next one within range. */
  #accepts(cursor: PartitionCursor, message: KafkaMessage): boolean {
    if (cursor.done || message.offset < cursor.next) return false;
    if (cursor.pausedUntil !== undefined) {
      cursor.dropped = true;
      return false;
    }
    if (this.#options.stopAtEnd && message.offset >= cursor.end) {
      cursor.done = true;
      return false;
    }
    return true;
  }

  /** Partitions whose next offset reached their end are done (with `stopAtEnd`). */
  #reachedEnds(): void {
    if (!this.#options.stopAtEnd) return;
    for (const cursor of this.#cursors.values()) if (cursor.next >= cursor.end) cursor.done = true;
  }

  #finished(): boolean {
    this.#reachedEnds();
    return [...this.#cursors.values()].every((c) => c.done);
  }

  /** Resolves the start positions and assigns the partitions that have something to read. */
  async #open(): Promise<ConsumerDriver> {
    const { drivers, kafka, topics, timeout, groupId, onError } = this.#options;
    const admin = drivers.admin({ settings: kafka, ...(onError === undefined ? {} : { onError }) });
    let ranges: PartitionRange[];
    try {
      ranges = await resolveStartPositions(admin, topics, timeout);
    } finally {
      await admin.close();
    }
    for (const { topic, partition, start, end } of ranges) {
      this.#cursors.set(keyOf(topic, partition), {
        topic,
        partition,
        next: start,
        end,
        done: false,
        pausedUntil: undefined,
        fetchPaused: false,
        dropped: false,
      });
    }
    this.#reachedEnds();
    const consumer = drivers.consumer({
      ...(onError === undefined ? {} : { onError }),
      settings: {
        ...kafka,
        'group.id': groupId ?? 'karafka-ts-iterator',
        'enable.auto.commit': groupId !== undefined,
        'enable.partition.eof': true,
        'auto.offset.reset': 'earliest',
      },
    });
    this.#consumer = consumer;
    await consumer.connect();
    const live = [...this.#cursors.values()].filter((c) => !c.done);
    // Partitions with nothing to read are never assigned: nothing to pause either.
    for (const cursor of this.#cursors.values()) cursor.fetchPaused = cursor.done;
    if (live.length > 0)
      consumer.assign(live.map(({ topic, partition, next }) => ({ topic, partition, offset: next })));
    return consumer;
  }

  /**
   * Carries out pauses, resumes and stops in the client, between polls: a paused or finished partition stops
   * fetching; a partition whose pause ended is moved back to its next offset (what was fetched while it was
   * paused was dropped) and fetches again.
   */
  async #applyPauses(consumer: ConsumerDriver): Promise<void> {
    const now = Date.now();
    for (const cursor of this.#cursors.values()) {
      const tp = [{ topic: cursor.topic, partition: cursor.partition }];
      if (cursor.pausedUntil !== undefined && cursor.pausedUntil <= now && !cursor.done) {
        cursor.pausedUntil = undefined;
        if (cursor.fetchPaused || cursor.dropped) {
          await consumer.seek({ ...tp[0]!, offset: cursor.next }, SEEK_TIMEOUT_MS);
          if (cursor.fetchPaused) consumer.resume(tp);
          cursor.fetchPaused = false;
          cursor.dropped = false;
        }
      }
      const wantPaused = cursor.done || cursor.pausedUntil !== undefined;
      if (wantPaused && !cursor.fetchPaused) {
        consumer.pause(tp);
        cursor.fetchPaused = true;
      }
    }
  }

  async #close(): Promise<void> {
    const consumer = this.#consumer;
    this.#consumer = undefined;
    if (consumer === undefined) return;
    // With a group, closing commits what was marked; without one there is nothing to commit.
    if (this.#options.groupId === undefined) await consumer.forceClose();
    else await consumer.close();
  }
}
