/**
 * A processing strategy: what happens after each batch of a partition, decided from the topic's routing
 * features once, when the partition's coordinator is created (`selectStrategy`). A strategy only reads; it
 * returns a `BatchDecision` and the scheduler carries it out.
 */
import type { KafkaMessage } from '../../kafka/types.js';
import type { BatchDecision } from './batch-decision.js';

/** An error class (`criticalErrors` setting). */
export type ErrorClass = abstract new (...args: never[]) => Error;

/** Result of running `consume()`. */
export type ConsumeResult = { readonly failed: false } | { readonly failed: true; readonly error: unknown };

/** What a strategy may read of its partition. */
export interface PartitionView {
  /** Failed attempts so far (0 when the last attempt succeeded). */
  readonly attempt: number;
  /**
   * Where a retry restarts: the last marked position (even an older one: marking back rewinds), else the last
   * seek target, else the first offset received since assignment.
   */
  readonly restartOffset: number | undefined;
  /** False once revocation started or the partition was lost. */
  readonly isOwned: boolean;
  /** True when the consumer paused, seeked or asked to keep its batch unmarked during the batch. */
  readonly batchKeptUnmarked: boolean;
}

/** A batch that ran, and how. */
export interface FinishedBatch {
  /** The messages `consume()` got (never empty). */
  readonly messages: readonly KafkaMessage[];
  readonly result: ConsumeResult;
  readonly partition: PartitionView;
}

/** Decides what follows each batch of a partition. */
export interface ProcessingStrategy {
  /** Which policies it combines, e.g. `mark-last/dead-letter`. */
  readonly name: string;
  /**
   * True when a mark from a running batch restarts the attempt count (retries counted per message, not per
   * batch).
   */
  readonly resetsAttemptsOnMark: boolean;
  /** The decision after `batch`. */
  afterBatch(batch: FinishedBatch): BatchDecision;
}
