/**
 * Carries out what a strategy decided after a batch, through the partition's transitions and the client
 * operations: store an offset, back off and rewind for a retry, dispatch to the dead letter queue and go on,
 * pause, seek, collapse virtual partitions, or stop the server.
 */
import type { Monitor } from '../instrumentation/monitor.js';
import type { KafkaMessage } from '../kafka/types.js';
import type { DeadLetterDispatcher } from './dead-letter-queue.js';
import { consumerEventPayload } from './event-payload.js';
import type { PartitionCoordinator } from './partition-coordinator.js';
import type { PartitionFlow } from './partition-flow.js';
import type { PartitionOperations } from './partition-operations.js';
import type { BatchDecision, DeadLetterDecision, RetryDecision } from './strategies/batch-decision.js';

/** What carrying decisions out needs. */
export interface DecisionRunnerOptions {
  readonly monitor: Monitor;
  readonly operations: PartitionOperations;
  readonly flow: PartitionFlow;
  readonly deadLetters: DeadLetterDispatcher;
  /** Called for a critical error: the server stops. */
  readonly onCriticalError: (error: unknown) => void;
}

/** Carries out batch decisions. */
export class DecisionRunner {
  readonly #options: DecisionRunnerOptions;

  /** @param options the listener's operations and services */
  constructor(options: DecisionRunnerOptions) {
    this.#options = options;
  }

  /** Carries out `decision`, taken after `batch` of `coordinator` (run by its virtual partition `index`). */
  async carryOut(
    coordinator: PartitionCoordinator,
    batch: readonly KafkaMessage[],
    decision: BatchDecision,
    index = 0,
  ): Promise<void> {
    switch (decision.kind) {
      case 'mark':
        this.#options.operations.store(coordinator, decision.offset, index);
        return;
      case 'retry':
        this.#retry(coordinator, batch, decision);
        return;
      case 'deadLetter':
        await this.#deadLetter(coordinator, batch, decision, index);
        return;
      case 'pause':
        this.#options.flow.pause(coordinator, decision.from, Math.max(0, decision.until - Date.now()), {
          manual: false,
          ...(decision.filter === undefined ? {} : { filter: decision.filter }),
        });
        return;
      case 'seek':
        coordinator.requestSeek(decision.offset);
        return;
      case 'collapse':
        coordinator.progress.collapseUntil(decision.until);
        return;
      case 'stop':
        this.#options.onCriticalError(decision.error);
        return;
      case 'nothing':
        return;
      case 'sequence':
        for (const step of decision.steps) await this.carryOut(coordinator, batch, step, index);
        return;
    }
  }

  /**
   * Carries out at once (synchronously) a decision that waits for nothing: anything but a dead letter dispatch
   * (for a batch filtered to nothing, before the partition's next batch is planned).
   */
  carryOutNow(coordinator: PartitionCoordinator, batch: readonly KafkaMessage[], decision: BatchDecision): void {
    if (decision.kind === 'deadLetter') throw new TypeError('A dead letter dispatch cannot be carried out at once');
    if (decision.kind !== 'sequence') void this.carryOut(coordinator, batch, decision);
    else for (const step of decision.steps) this.carryOutNow(coordinator, batch, step);
  }

  /** Backs off, and restarts from `from` unless the consumer moved the partition itself (pause or seek). */
  #retry(coordinator: PartitionCoordinator, batch: readonly KafkaMessage[], decision: RetryDecision): void {
    coordinator.backOff(Date.now() + decision.delayMs, decision.attempt);
    if (coordinator.pendingSeek === undefined && !coordinator.paused) coordinator.rewind(batch, decision.from);
    this.#options.monitor.instrument('consumer.consuming.pause', {
      ...consumerEventPayload(coordinator.topic, coordinator.partition, batch),
      manual: false,
      offset: decision.from,
      timeout: decision.delayMs,
      attempt: decision.attempt,
    });
  }

  /** Dispatches, marks and goes on after the message; retries instead when the dispatch failed. */
  async #deadLetter(
    coordinator: PartitionCoordinator,
    batch: readonly KafkaMessage[],
    decision: DeadLetterDecision,
    index: number,
  ): Promise<void> {
    const { message } = decision;
    if (!(await this.#options.deadLetters.dispatch(coordinator, message, decision.error, decision.attempt))) {
      this.#retry(coordinator, batch, decision.otherwise);
      return;
    }
    this.#options.operations.store(coordinator, message.offset + 1, index);
    coordinator.deadLettered();
    coordinator.giveBack(batch, message.offset + 1);
  }
}
