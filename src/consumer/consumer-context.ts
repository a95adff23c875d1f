/**
 * What the processing layer gives each consumer instance: its partition, offset operations and services.
 * Users never build one; the framework attaches it before the first hook runs.
 */
import type { Logger } from '../instrumentation/logger.js';
import type { Monitor } from '../instrumentation/monitor.js';
import type { PartitionInsights } from '../instrumentation/partition-statistics.js';
import type { Message } from '../messages/message.js';
import type { Producer } from '../producer/producer.js';
import type { Transaction } from '../producer/transaction.js';
import type { Topic } from '../routing/topic.js';

/** The worker pool, as a consumer may steer it. */
export interface WorkersControl {
  /** Number of job slots now. */
  readonly size: number;
  /** Changes the number of job slots (at least 1); running jobs finish undisturbed. */
  scale(size: number): void;
}

/** Services and operations of one assigned topic-partition. */
export interface ConsumerContext {
  readonly topic: Topic;
  readonly partition: number;
  /** True once the partition is being revoked or was lost. */
  isRevoked(): boolean;
  /** Aborts once the partition is being revoked or was lost. */
  readonly signal: AbortSignal;
  /** True while the running batch runs collapsed (virtual partitions, after a failure). */
  collapsed(): boolean;
  /**
   * Stores `message.offset + 1` to be committed, with `metadata` (undefined: keep the current metadata; null:
   * none); false when the partition is no longer owned.
   */
  markAsConsumed(message: Message<unknown>, metadata?: string | null): boolean;
  /** Like `markAsConsumed`, then commits and resolves when the broker confirmed (false if it refused). */
  markAsConsumedSync(message: Message<unknown>, metadata?: string | null): Promise<boolean>;
  /**
   * The partition's offset metadata: what this member stored with its offset in this assignment, else what was
   * committed (read once); with `refresh`, what is committed now, read from the broker.
   */
  offsetMetadata(refresh?: boolean): Promise<string | undefined>;
  /** Commits everything stored so far; false when the commit was refused (partition lost). */
  commitOffsets(): Promise<boolean>;
  /** Pauses the partition for `timeoutMs` (default: the topic's pause timeout; Infinity: until resume), then goes on from `offset`. */
  pause(offset: number, timeoutMs?: number): void;
  /** Ends a pause now. */
  resume(): void;
  /** Moves the partition to an offset, the first message at or after a time, or either end. */
  seek(target: number | Date | 'earliest' | 'latest'): Promise<void>;
  /** Sends `message` to the topic's dead letter queue (synchronously) and marks it. */
  dispatchToDlq(message: Message<unknown>): Promise<void>;
  /**
   * The running batch is not marked automatically when `consume()` returns (marks made so far stay): for a
   * consumer that stopped part-way through its batch.
   */
  keepBatchUnmarked(): void;
  /** The attempt running now: 1 for the first processing of a batch, 2 for its first retry... */
  attempt(): number;
  /**
   * The partition's latest statistics figures (inline insights); undefined before the first report since it was
   * assigned. Throws when the topic does not have `inlineInsights`. Contexts built outside the processing core may
   * leave it out.
   */
  insights?(): PartitionInsights | undefined;
  /**
   * Runs `work` in a transaction of the partition's producer (`producer()`); offsets marked inside are
   * committed with the transaction, and only if it commits (consume-transform-produce exactly once).
   */
  transaction<T>(work: (transaction: Transaction) => Promise<T> | T): Promise<T>;
  /** The partition's own transactional producer with `transactionalProducers`, else the app's producer. */
  producer(): Producer;
  readonly workers: WorkersControl;
  readonly monitor: Monitor;
  readonly logger: Logger;
}

/** Key under which the framework attaches the context to a consumer. */
export const attachContext: unique symbol = Symbol('karafka-ts.consumer.attachContext');

/** Key under which the framework sets the batch of the next hook. */
export const attachMessages: unique symbol = Symbol('karafka-ts.consumer.attachMessages');

/** Key of the consumer method that keeps the running batch from being marked automatically (framework use). */
export const keepBatchUnmarked: unique symbol = Symbol('karafka-ts.consumer.keepBatchUnmarked');
