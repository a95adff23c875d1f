/**
 * A processing strategy: how a partition's batches run and what happens after each, decided from the topic's
 * routing features once, when the partition's coordinator is created (`selectStrategy`). A strategy only reads;
 * it returns a `BatchPlan` before a batch and a `BatchDecision` after it, and the scheduler carries them out.
 */
import type { KafkaMessage } from '../../kafka/types.js';
import type { BatchDecision } from './batch-decision.js';
import type { BatchPlan, PlannedPart } from './batch-plan.js';
import type { FilteredBatch } from './filtered-batch.js';

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
   * seek target, else the first offset received since assignment. Under virtual partitions: the lowest offset
   * not done in any virtual partition.
   */
  readonly restartOffset: number | undefined;
  /** False once revocation started or the partition was lost. */
  readonly isOwned: boolean;
  /** True when the consumer paused, seeked or asked to keep its batch unmarked during the batch. */
  readonly batchKeptUnmarked: boolean;
  /** Virtual partitions: batches starting below this offset run collapsed; undefined when not collapsed. */
  readonly collapsedUntil?: number;
}

/** A batch (or one job of a split batch) that ran, and how. */
export interface FinishedBatch {
  /** The messages `consume()` got (never empty). */
  readonly messages: readonly KafkaMessage[];
  readonly result: ConsumeResult;
  readonly partition: PartitionView;
  /** How many jobs the batch was split into (1 without virtual partitions). */
  readonly splitInto?: number;
}

/** A planned batch once every job of it finished. */
export interface SettledBatch {
  readonly plan: BatchPlan;
  /** The jobs whose `consume()` threw. */
  readonly failedParts: readonly PlannedPart[];
}

/** Decides how each batch of a partition runs and what follows it. */
export interface ProcessingStrategy {
  /** Which policies it combines, e.g. `mark-last/dead-letter`. */
  readonly name: string;
  /**
   * True when a mark from a running batch restarts the attempt count (retries counted per message, not per
   * batch).
   */
  readonly resetsAttemptsOnMark: boolean;
  /** Most jobs of the partition that may run at once (1: one batch at a time, in order). */
  readonly maxParallelJobs: number;
  /**
   * Long-running jobs: fetching pauses while a job runs, a job may outlive `max.poll.interval.ms`, and a
   * revocation releases the partition at once instead of waiting for the running job.
   */
  readonly longRunning: boolean;
  /**
   * Filters (`filtering` feature): what of `batch` (taken off the partition's buffer) is consumed, at time `now`,
   * before `plan` is called with it. Throws what a filter threw. Absent: every message is consumed.
   */
  beforeBatch?(batch: readonly KafkaMessage[], partition: PartitionView, now: number): FilteredBatch;
  /** The jobs `batch` (taken off the partition's buffer, offset order) becomes. */
  plan(batch: readonly KafkaMessage[], partition: PartitionView): BatchPlan;
  /** The decision after one job of a batch. */
  afterBatch(batch: FinishedBatch): BatchDecision;
  /** The decision once every job of a planned batch finished (after each job's own). */
  afterPlan(batch: SettledBatch, partition: PartitionView): BatchDecision;
}
