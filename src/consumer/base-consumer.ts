/**
 * The class users extend: `consume()` gets a batch in `this.messages`; other hooks run on lifecycle events.
 */
import type { Logger } from '../instrumentation/logger.js';
import type { Monitor } from '../instrumentation/monitor.js';
import type { PartitionInsights } from '../instrumentation/partition-statistics.js';
import type { Message } from '../messages/message.js';
import type { Producer } from '../producer/producer.js';
import type { Transaction } from '../producer/transaction.js';
import { Messages } from '../messages/messages.js';
import {
  type ConsumerStyle,
  type PayloadCheck,
  type acceptsPayload,
  consumerStyle,
} from '../routing/consumer-feature.js';
import type { Topic } from '../routing/topic.js';
import {
  type ConsumerContext,
  type WorkersControl,
  attachContext,
  attachMessages,
  keepBatchUnmarked,
} from './consumer-context.js';

/** The lifecycle actions `wrap()` surrounds. */
export type ConsumerAction = 'initialized' | 'consume' | 'revoked' | 'shutdown' | 'eofed' | 'tick';

/**
 * Base class of every consumer. One instance per assigned topic-partition, kept across batches and replaced
 * after the partition is revoked and assigned again.
 *
 * ```ts
 * export class EventsConsumer extends BaseConsumer<{ id: string }> {
 *   async consume(): Promise<void> {
 *     for (const message of this.messages) await save(message.payload);
 *   }
 * }
 * ```
 * By default the last message of a successful batch is marked as consumed automatically. `P` is the payload
 * type: a route compiles only when its schema or deserializer gives payloads assignable to `P`.
 * For one message at a time (each marked when it is processed), extend `MessageConsumer`.
 */
export abstract class BaseConsumer<P = unknown> {
  /** How instances of this class process (routing reads it): a batch per `consume()`. */
  static readonly [consumerStyle]: ConsumerStyle = 'batch';

  /** Type-level only (never set): lets the compiler check a route's payload type against `P`. */
  declare readonly [acceptsPayload]: PayloadCheck<P>;

  #context: ConsumerContext | undefined;
  #messages: Messages<P> | undefined;

  /** Processes `this.messages`. Throwing reports the error and retries the batch after a backoff. */
  abstract consume(): Promise<void> | void;

  /** Runs once, before the first `consume()`, with topic and partition set and an empty batch. */
  initialized(): Promise<void> | void {}

  /**
   * Runs when the partition was taken away, after any running `consume()` of this instance finished (also for
   * long-running jobs, whose revocation does not wait for it).
   */
  revoked(): Promise<void> | void {}

  /** Runs once when the server quiets or stops, for consumers that were built. */
  shutdown(): Promise<void> | void {}

  /** Runs when the partition reached its end with no new messages (topics with `eofed: true`). */
  eofed(): Promise<void> | void {}

  /**
   * Runs when the partition had no messages for the topic's `periodic` interval (topics with `periodic`), in turn
   * with `consume()` (never beside it), with an empty `this.messages`. Throwing reports the error; the partition
   * goes on. See docs/periodic-ticks.md.
   */
  tick(): Promise<void> | void {}

  /** Surrounds every action (initialized, consume, revoked, shutdown, eofed, tick); override to add context. */
  wrap<T>(_action: ConsumerAction, run: () => Promise<T>): Promise<T> {
    return run();
  }

  /** The batch of the current action (empty outside `consume()`). */
  get messages(): Messages<P> {
    this.#messages ??= Messages.empty<P>(this.topic.name, this.partition);
    return this.#messages;
  }

  /** The routed topic. */
  get topic(): Topic {
    return this.#requireContext().topic;
  }

  /** The partition this instance consumes. */
  get partition(): number {
    return this.#requireContext().partition;
  }

  /** True once the partition is being revoked or was lost: long work should wrap up. */
  get isRevoked(): boolean {
    return this.#requireContext().isRevoked();
  }

  /**
   * Aborts once the partition is being revoked or was lost: hand it to awaitable work so that it stops early
   * (`fetch(url, { signal: this.signal })`, `setTimeout(ms, value, { signal: this.signal })` from
   * `node:timers/promises`). For long-running jobs this is how a job learns at once that its partition moved.
   */
  get signal(): AbortSignal {
    return this.#requireContext().signal;
  }

  /**
   * True while this batch runs collapsed: under virtual partitions, after a batch failed, batches run as one
   * sequential job (in offset order, across keys) until processing is past the failure, then split again.
   */
  get collapsed(): boolean {
    return this.#requireContext().collapsed();
  }

  /** The worker pool (`this.workers.scale(10)`). */
  get workers(): WorkersControl {
    return this.#requireContext().workers;
  }

  /** The app's monitor (to publish or subscribe to events). */
  get monitor(): Monitor {
    return this.#requireContext().monitor;
  }

  /** The app's logger. */
  get logger(): Logger {
    return this.#requireContext().logger;
  }

  /**
   * The producer of this consumer: the partition's own transactional producer when the app has
   * `transactionalProducers`, else the app's producer (built on first use from the app's kafka settings, or the
   * one given to the app).
   */
  get producer(): Producer {
    return this.#requireContext().producer();
  }

  /**
   * Runs `work` in a transaction of `this.producer` (the partition's producer with `transactionalProducers`, or
   * an app producer with a `transactional.id`; see docs/transactions.md). Messages produced and offsets marked
   * inside are committed together, or not at all when `work` throws:
   * ```ts
   * await this.transaction(async (tx) => {
   *   await tx.produceAsync({ topic: 'out', payload: transform(message.payload) });
   *   this.markAsConsumed(message);
   * });
   * ```
   */
  transaction<T>(work: (transaction: Transaction) => Promise<T> | T): Promise<T> {
    return this.#requireContext().transaction(work);
  }

  /**
   * Marks `message` (and everything before it) as consumed; false when the partition is no longer owned.
   * `metadata` is committed with the offset (read back with `offsetMetadata`); without it a mark keeps the
   * partition's current metadata, `null` clears it (see docs/offset-metadata.md).
   */
  markAsConsumed(message: Message<P>, metadata?: string | null): boolean {
    return this.#requireContext().markAsConsumed(message, metadata);
  }

  /** Marks `message` (with `metadata`, as `markAsConsumed`) and commits before resolving; false when not owned. */
  markAsConsumedSync(message: Message<P>, metadata?: string | null): Promise<boolean> {
    return this.#requireContext().markAsConsumedSync(message, metadata);
  }

  /**
   * The offset metadata of this partition (undefined: none): what this process stored with its offset since the
   * partition was assigned, else what was committed (read from the broker once per assignment, so after a
   * restart or a rebalance it is the last committed one). `const state = await this.offsetMetadata;`
   */
  get offsetMetadata(): Promise<string | undefined> {
    return this.#requireContext().offsetMetadata();
  }

  /** Reads the committed offset metadata of this partition from the broker again (undefined: none). */
  refreshOffsetMetadata(): Promise<string | undefined> {
    return this.#requireContext().offsetMetadata(true);
  }

  /** Commits what was marked so far; false when the commit was refused (partition lost). */
  commitOffsets(): Promise<boolean> {
    return this.#requireContext().commitOffsets();
  }

  /**
   * Pauses this partition: no new batch starts and fetching stops for `timeoutMs` (default: the topic's pause
   * timeout; `Infinity`: until `resume()`), then processing goes on from `offset`. The current batch is not
   * marked automatically. A pause does not survive a rebalance.
   */
  pause(offset: number, timeoutMs?: number): void {
    this.#requireContext().pause(offset, timeoutMs);
  }

  /** Ends a pause (or a retry backoff) now. */
  resume(): void {
    this.#requireContext().resume();
  }

  /**
   * Moves this partition to an offset, to the first message at or after a time, or to `'earliest'`/`'latest'`.
   * Fetched data is dropped, the attempt count resets, and the current batch is not marked automatically.
   */
  seek(target: number | Date | 'earliest' | 'latest'): Promise<void> {
    return this.#requireContext().seek(target);
  }

  /** Sends `message` to the topic's dead letter queue, waits for the broker's acknowledgement, then marks it. */
  dispatchToDlq(message: Message<P>): Promise<void> {
    return this.#requireContext().dispatchToDlq(message);
  }

  /** The attempt running now: 1 for the first processing of a batch, 2 for its first retry, ... */
  get attempt(): number {
    return this.#requireContext().attempt();
  }

  /** True when this run retries a batch that failed before. */
  get retrying(): boolean {
    return this.attempt > 1;
  }

  /**
   * Inline insights (topics with `inlineInsights: true`): the partition's latest figures from the client's
   * statistics, as of `takenAt`: `lag`, `committedOffset`, `storedOffset`, `highWatermark`, `lowWatermark`,
   * `fetchState`... (null when the client does not know one). Undefined until the first statistics report after
   * the partition was assigned (reports come every `statistics.interval.ms`, 5 s by default). Throws on a topic
   * without `inlineInsights`. See docs/inline-insights.md.
   */
  get insights(): PartitionInsights | undefined {
    return this.#requireContext().insights?.();
  }

  /** @internal Attaches the partition's context (framework use). */
  [attachContext](context: ConsumerContext): void {
    this.#context = context;
  }

  /** @internal Sets the batch of the next action (framework use). */
  [attachMessages](messages: Messages<P>): void {
    this.#messages = messages;
  }

  /** @internal Keeps the running batch from being marked automatically when `consume()` returns. */
  [keepBatchUnmarked](): void {
    this.#requireContext().keepBatchUnmarked();
  }

  #requireContext(): ConsumerContext {
    if (this.#context === undefined) {
      throw new Error(
        `${this.constructor.name} is not attached to a partition yet: the framework builds consumers; ` +
          "in tests build it with TestKit.consumerFor() from 'karafka-ts/testing' (docs/testing.md)",
      );
    }
    return this.#context;
  }
}
