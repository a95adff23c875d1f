/**
 * Picks a partition's processing strategy from its topic's routing features: a success policy (mark the last
 * message, or leave offsets to the consumer) combined with a failure policy (retry, or retry then dead letter
 * queue). Every strategy leaves a partition it no longer owns alone after a failure and stops on a critical
 * error. A feature that changes what follows a batch adds its policy here.
 */
import type { Topic } from '../../routing/topic.js';
import { type BatchDecision, NOTHING } from './batch-decision.js';
import { type FailurePolicy, deadLetterAfterRetries, retryWithBackoff } from './failure-policies.js';
import type { ErrorClass, FinishedBatch, ProcessingStrategy } from './processing-strategy.js';
import { type SuccessPolicy, leaveOffsetsToConsumer, markLastMessage } from './success-policies.js';

/** A success policy and a failure policy, around what every strategy shares. */
class CombinedStrategy implements ProcessingStrategy {
  readonly name: string;
  readonly resetsAttemptsOnMark: boolean;
  readonly #success: SuccessPolicy;
  readonly #failure: FailurePolicy;
  readonly #criticalErrors: readonly ErrorClass[];

  constructor(success: SuccessPolicy, failure: FailurePolicy, criticalErrors: readonly ErrorClass[]) {
    this.name = `${success.name}/${failure.name}`;
    this.resetsAttemptsOnMark = failure.resetsAttemptsOnMark;
    this.#success = success;
    this.#failure = failure;
    this.#criticalErrors = criticalErrors;
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
}

/** The strategy of a partition of `topic`. */
export function selectStrategy(topic: Topic, criticalErrors: readonly ErrorClass[]): ProcessingStrategy {
  const success = topic.manualOffsetManagement ? leaveOffsetsToConsumer : markLastMessage;
  const failure =
    topic.deadLetterQueue === undefined
      ? retryWithBackoff(topic.pause)
      : deadLetterAfterRetries(topic.pause, topic.deadLetterQueue);
  return new CombinedStrategy(success, failure, criticalErrors);
}
