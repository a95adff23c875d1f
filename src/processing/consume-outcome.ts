/**
 * What happens after a batch: on success the last message is marked (unless offsets are managed by hand or the
 * consumer paused or seeked); on failure the partition backs off and retries from the last marked position,
 * sends the failing message to the dead letter queue once retries are exhausted, or stops the server for a
 * critical error.
 */
import type { ConsumerEventPayload } from '../instrumentation/events.js';
import type { Monitor } from '../instrumentation/monitor.js';
import type { KafkaMessage } from '../kafka/types.js';
import type { Message } from '../messages/message.js';
import type { Producer } from '../producer/producer.js';
import { backoffDelay } from './backoff.js';
import { dispatchDeadLetter } from './dead-letter-queue.js';
import type { PartitionCoordinator } from './partition-coordinator.js';

/** An error class (`criticalErrors` setting). */
export type ErrorClass = abstract new (...args: never[]) => Error;

/** Result of running `consume()`. */
export type ConsumeResult = { readonly failed: false } | { readonly failed: true; readonly error: unknown };

/** What the outcome needs from the scheduler. */
export interface ConsumeOutcomeOptions {
  readonly monitor: Monitor;
  readonly producer: () => Producer;
  readonly criticalErrors: readonly ErrorClass[];
  readonly onCriticalError: (error: unknown) => void;
  /** Stores `offset` (next to read); false when the partition may not be marked. */
  readonly store: (coordinator: PartitionCoordinator, offset: number) => boolean;
  /** Makes fetching restart at `offset` before the next poll. */
  readonly seek: (coordinator: PartitionCoordinator, offset: number) => void;
}

/** Decides what follows each batch. */
export class ConsumeOutcome {
  readonly #options: ConsumeOutcomeOptions;

  /** @param options callbacks into the scheduler */
  constructor(options: ConsumeOutcomeOptions) {
    this.#options = options;
  }

  /** Event payload for a partition and batch. */
  payload(coordinator: PartitionCoordinator, batch: readonly KafkaMessage[]): ConsumerEventPayload {
    return {
      consumerGroup: coordinator.topic.consumerGroup,
      topic: coordinator.topic.name,
      partition: coordinator.partition,
      messages: batch.length,
      ...(batch.length > 0 ? { firstOffset: batch[0]!.offset, lastOffset: batch.at(-1)!.offset } : {}),
    };
  }

  /** Applies the result of `consume()` on `batch`. */
  async settle(
    coordinator: PartitionCoordinator,
    batch: readonly KafkaMessage[],
    result: ConsumeResult,
  ): Promise<void> {
    if (!result.failed) {
      this.#succeeded(coordinator, batch);
      return;
    }
    await this.#failed(coordinator, batch, result.error);
  }

  #succeeded(coordinator: PartitionCoordinator, batch: readonly KafkaMessage[]): void {
    coordinator.attempt = 0;
    if (!coordinator.manualPause) coordinator.retryAt = 0;
    if (coordinator.topic.manualOffsetManagement || coordinator.skipAutoMark || coordinator.manualPause) return;
    const last = batch.at(-1);
    if (last !== undefined) this.#options.store(coordinator, last.offset + 1);
  }

  async #failed(coordinator: PartitionCoordinator, batch: readonly KafkaMessage[], error: unknown): Promise<void> {
    // A revoked or lost partition is not retried here: its new owner starts from the committed offset.
    if (coordinator.revoked || batch.length === 0) return;
    if (this.#options.criticalErrors.some((ErrorType) => error instanceof ErrorType)) {
      this.#options.onCriticalError(error);
      return;
    }
    coordinator.attempt += 1;
    const dlq = coordinator.topic.deadLetterQueue;
    const from = coordinator.restartOffset ?? batch[0]!.offset;
    const failing = batch.find((m) => m.offset >= from);
    if (dlq !== undefined && failing !== undefined && coordinator.attempt > dlq.maxRetries) {
      if (await this.#deadLetter(coordinator, failing, error, coordinator.attempt)) {
        coordinator.attempt = 0;
        coordinator.retryAt = 0;
        coordinator.giveBack(batch.filter((m) => m.offset > failing.offset));
        return;
      }
    }
    const delay = backoffDelay(coordinator.topic.pause, coordinator.attempt);
    coordinator.retryAt = Date.now() + delay;
    if (coordinator.pendingSeek === undefined && !coordinator.manualPause) {
      // Restart from the last marked position: from the buffer when the batch holds it, else by seeking back.
      if (from < batch[0]!.offset) this.#options.seek(coordinator, from);
      else coordinator.giveBack(batch);
    }
    this.#options.monitor.instrument('consumer.consuming.pause', {
      ...this.payload(coordinator, batch),
      manual: false,
      offset: from,
      timeout: delay,
      attempt: coordinator.attempt,
    });
  }

  /** `dispatchToDlq(message)` from a consumer: dispatches (or skips, for `topic: false`) and marks. */
  async dispatchManually(coordinator: PartitionCoordinator, message: Message<unknown>): Promise<void> {
    if (coordinator.topic.deadLetterQueue === undefined) {
      throw new Error(`Topic '${coordinator.topic.name}' has no deadLetterQueue: add one to its route to dispatch`);
    }
    const ok = await this.#deadLetter(
      coordinator,
      message.raw,
      new Error('dispatched by the consumer'),
      coordinator.attempt,
    );
    if (!ok) throw new Error(`Could not dispatch ${coordinator.id}@${String(message.offset)} to the dead letter queue`);
  }

  /** Dispatches `message` (unless the DLQ topic is false), then marks it. False when the dispatch failed. */
  async #deadLetter(
    coordinator: PartitionCoordinator,
    message: KafkaMessage,
    error: unknown,
    attempts: number,
  ): Promise<boolean> {
    const dlq = coordinator.topic.deadLetterQueue!;
    const base = { ...this.payload(coordinator, [message]), offset: message.offset, attempts };
    try {
      if (dlq.topic === false) {
        this.#options.monitor.instrument('dead_letter_queue.dispatched', { ...base, deadLetterTopic: false });
      } else {
        const report = await dispatchDeadLetter(
          this.#options.producer(),
          dlq.topic,
          coordinator,
          message,
          error,
          attempts,
        );
        this.#options.monitor.instrument('dead_letter_queue.dispatched', {
          ...base,
          deadLetterTopic: dlq.topic,
          deadLetterPartition: report.partition,
          deadLetterOffset: report.offset,
        });
      }
    } catch (dispatchError) {
      this.#options.monitor.instrument('error.occurred', {
        type: 'dead_letter_queue.dispatch.error',
        error: dispatchError,
        ...base,
      });
      return false;
    }
    this.#options.store(coordinator, message.offset + 1);
    return true;
  }
}
