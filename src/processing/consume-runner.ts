/**
 * How a batch is planned into consume jobs, and what one consume job does: run `consume()` on its part of the
 * batch, carry out the
 * strategy's decision after it, and, when it is the last part of the batch to finish, the strategy's decision
 * after the whole batch (virtual partitions: collapse and retry after a failure). Without virtual partitions a
 * batch has one part, so both happen in the one job.
 */
import type { Monitor } from '../instrumentation/monitor.js';
import type { KafkaMessage } from '../kafka/types.js';
import type { DecisionRunner } from './decision-runner.js';
import { consumerEventPayload } from './event-payload.js';
import type { Executor } from './executor.js';
import type { PartitionCoordinator } from './partition-coordinator.js';
import type { BatchPlan, PlannedPart } from './strategies/batch-plan.js';
import type { PartitionView, SettledBatch } from './strategies/processing-strategy.js';

/** Runs the consume jobs of a listener's partitions. */
export class ConsumeRunner {
  readonly #monitor: Monitor;
  readonly #executor: Executor;
  readonly #decisions: DecisionRunner;

  /** @param executor runs the hooks; @param decisions carries out what the strategy decides */
  constructor(monitor: Monitor, executor: Executor, decisions: DecisionRunner) {
    this.#monitor = monitor;
    this.#executor = executor;
    this.#decisions = decisions;
  }

  /**
   * Plans `batch` (just taken off the partition's buffer) with the partition's strategy and starts the plan; a
   * partitioner that threw is reported (the batch then runs as one job).
   */
  plan(coordinator: PartitionCoordinator, batch: readonly KafkaMessage[]): BatchPlan {
    const plan = coordinator.strategy.plan(batch, coordinator);
    if (plan.partitionerError !== undefined) {
      this.#monitor.instrument('error.occurred', {
        type: 'consumer.virtual_partitions.partitioner.error',
        error: plan.partitionerError,
        ...consumerEventPayload(coordinator.topic, coordinator.partition, batch),
      });
    }
    coordinator.planned(batch, plan);
    return plan;
  }

  /** A short description of a part, for dumps and reports. */
  static describe(coordinator: PartitionCoordinator, plan: BatchPlan, part: PlannedPart): string {
    const { messages } = part;
    const range = `offsets ${String(messages[0]!.offset)}..${String(messages.at(-1)!.offset)} (${String(messages.length)} messages)`;
    const virtual = plan.parts.length > 1 ? `, virtual partition ${String(part.index)}` : '';
    return `consume ${coordinator.id} ${range}${virtual}${plan.collapsed ? ', collapsed' : ''}`;
  }

  /**
   * Runs part `part` of `plan` (scheduled at `scheduledAt`, `attempt` failed attempts before it) and what
   * follows it.
   */
  async run(
    coordinator: PartitionCoordinator,
    plan: BatchPlan,
    part: PlannedPart,
    attempt: number,
    scheduledAt: number,
  ): Promise<void> {
    let settled: SettledBatch | undefined;
    let failed = true;
    try {
      if (attempt > 0 && part === plan.parts[0]) {
        this.#monitor.instrument('consumer.consuming.retry', {
          ...consumerEventPayload(coordinator.topic, coordinator.partition, plan.messages),
          attempt: attempt + 1,
          offset: plan.messages[0]!.offset,
        });
      }
      const result = await this.#executor.consume(coordinator, part, scheduledAt);
      failed = result.failed;
      if (!result.failed) coordinator.batchSucceeded();
      const { strategy } = coordinator;
      const partition = plan.parts.length === 1 ? coordinator : viewOfPart(coordinator, part.index);
      const decision = strategy.afterBatch({
        messages: part.messages,
        result,
        partition,
        splitInto: plan.parts.length,
      });
      await this.#decisions.carryOut(coordinator, part.messages, decision, part.index);
    } finally {
      settled = coordinator.progress.partFinished(part.index, failed);
    }
    if (settled !== undefined) {
      const decision = coordinator.strategy.afterPlan(settled, coordinator);
      await this.#decisions.carryOut(coordinator, settled.plan.messages, decision);
    }
  }
}

/** What a strategy sees of the partition after part `index` of a split batch. */
function viewOfPart(coordinator: PartitionCoordinator, index: number): PartitionView {
  const { attempt, restartOffset, isOwned, collapsedUntil } = coordinator;
  return { attempt, restartOffset, isOwned, collapsedUntil, batchKeptUnmarked: coordinator.partKeptUnmarked(index) };
}
