/**
 * Picks a partition's processing strategy from its topic's routing features: a success policy (mark the last
 * message, or leave offsets to the consumer) combined with a failure policy (retry, or retry then dead letter
 * queue), run as one job per batch, or split by key under virtual partitions; with filters applied to each batch
 * first. Every strategy leaves a partition
 * it no longer owns alone after a failure and stops on a critical error. A feature that changes how batches run
 * or what follows them adds its policy or strategy here.
 */
import type { KafkaMessage } from '../../kafka/types.js';
import type { Topic } from '../../routing/topic.js';
import { type BatchDecision, NOTHING } from './batch-decision.js';
import { type BatchPlan, singleJob } from './batch-plan.js';
import { FilteringStrategy } from './filtering-strategy.js';
import { type FailurePolicy, deadLetterAfterRetries, retryWithBackoff } from './failure-policies.js';
import type { ErrorClass, FinishedBatch, ProcessingStrategy } from './processing-strategy.js';
import { type SuccessPolicy, leaveOffsetsToConsumer, markLastMessage } from './success-policies.js';
import { VirtualPartitionsStrategy } from './virtual-partitions-strategy.js';

/** A success policy and a failure policy, around what every strategy shares; one job per batch. */
class CombinedStrategy implements ProcessingStrategy {
  readonly name: string;
  readonly resetsAttemptsOnMark: boolean;
  readonly maxParallelJobs = 1;
  readonly longRunning: boolean;
  readonly #success: SuccessPolicy;
  readonly #failure: FailurePolicy;
  readonly #criticalErrors: readonly ErrorClass[];

  constructor(
    success: SuccessPolicy,
    failure: FailurePolicy,
    criticalErrors: readonly ErrorClass[],
    longRunning: boolean,
  ) {
    this.name = `${success.name}/${failure.name}${longRunning ? '/long-running' : ''}`;
    this.resetsAttemptsOnMark = failure.resetsAttemptsOnMark;
    this.longRunning = longRunning;
    this.#success = success;
    this.#failure = failure;
    this.#criticalErrors = criticalErrors;
  }

  plan(batch: readonly KafkaMessage[]): BatchPlan {
    return singleJob(batch);
  }

  afterBatch(batch: FinishedBatch): BatchDecision {
    const { result } = batch;
    if (!result.failed) return this.#success.afterSuccess(batch);
    // A revoked or lost partition is not retried here: its new owner starts from the committed offset.
    if (!batch.partition.isOwned) return NOTHING;
    if (this.#criticalErrors.some((ErrorType) => result.error instanceof ErrorType)) {
      return { kind: 'stop', error: result.error };
    }
    return this.#failure.afterFailure(batch, result.error);
  }

  afterPlan(): BatchDecision {
    return NOTHING;
  }
}

/** The strategy of a partition of `topic` (a new one for every partition: filters keep state per partition). */
export function selectStrategy(topic: Topic, criticalErrors: readonly ErrorClass[]): ProcessingStrategy {
  const success = topic.manualOffsetManagement ? leaveOffsetsToConsumer : markLastMessage;
  const failure =
    topic.deadLetterQueue === undefined
      ? retryWithBackoff(topic.pause)
      : deadLetterAfterRetries(topic.pause, topic.deadLetterQueue);
  const combined = new CombinedStrategy(success, failure, criticalErrors, topic.longRunningJob);
  const strategy =
    topic.virtualPartitions === undefined
      ? combined
      : new VirtualPartitionsStrategy(combined, topic, topic.virtualPartitions);
  // Filters see the batch first: virtual partitions split only what passed.
  return topic.filtering === undefined ? strategy : new FilteringStrategy(strategy, topic, topic.filtering);
}
