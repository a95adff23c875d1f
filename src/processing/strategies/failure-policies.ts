/**
 * What a strategy does after a failed batch (not a critical error, partition still owned): retry from the
 * last marked position after a backoff, or, with a dead letter queue, dispatch the failing message once its
 * retries are used up and go on after it.
 */
import type { TopicDeadLetterQueue, TopicPause } from '../../routing/topic.js';
import { backoffDelay } from '../backoff.js';
import type { BatchDecision, RetryDecision } from './batch-decision.js';
import type { FinishedBatch } from './processing-strategy.js';

/** The failure half of a strategy. */
export interface FailurePolicy {
  readonly name: string;
  /** True when a mark from a running batch restarts the attempt count. */
  readonly resetsAttemptsOnMark: boolean;
  afterFailure(batch: FinishedBatch, error: unknown): BatchDecision;
}

/** The retry after `batch` failed: from the last marked position, after the backoff of the next attempt. */
function retry(pause: TopicPause, { messages, partition }: FinishedBatch): RetryDecision {
  const attempt = partition.attempt + 1;
  return {
    kind: 'retry',
    from: partition.restartOffset ?? messages[0]!.offset,
    attempt,
    delayMs: backoffDelay(pause, attempt),
  };
}

/** Retries the batch from the last marked position, after a backoff growing with the attempts. */
export function retryWithBackoff(pause: TopicPause): FailurePolicy {
  return {
    name: 'retry',
    resetsAttemptsOnMark: false,
    afterFailure: (batch) => retry(pause, batch),
  };
}

/**
 * Retries like `retryWithBackoff`; once an attempt beyond `maxRetries` fails, the first unmarked message is
 * dispatched to the dead letter queue and processing goes on after it. With `independent`, every mark during
 * a batch restarts the count (retries count per message).
 */
export function deadLetterAfterRetries(pause: TopicPause, dlq: TopicDeadLetterQueue): FailurePolicy {
  return {
    name: dlq.independent ? 'dead-letter-independent' : 'dead-letter',
    resetsAttemptsOnMark: dlq.independent,
    afterFailure: (batch, error) => {
      const otherwise = retry(pause, batch);
      if (otherwise.attempt <= dlq.maxRetries) return otherwise;
      const failing = batch.messages.find((m) => m.offset >= otherwise.from);
      if (failing === undefined) return otherwise;
      return { kind: 'deadLetter', message: failing, error, attempt: otherwise.attempt, otherwise };
    },
  };
}
