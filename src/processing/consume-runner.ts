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
import { NOTHING } from './strategies/batch-decision.js';
import type { BatchPlan, PlannedPart } from './strategies/batch-plan.js';
import type { FilteredBatch } from './strategies/filtered-batch.js';
import type { PartitionView, SettledBatch } from './strategies/processing-strategy.js';

/** Runs the consume jobs of a listener's partitions. */
export class ConsumeRunner {
  readonly #monitor: Monitor;
  readonly #executor: Executor;
  readonly #decisions: DecisionRunner;
  /** When the first job of each running split batch started (`performance.now()`). */
  readonly #splitStarts = new WeakMap<BatchPlan, number>();

  /** @param executor runs the hooks; @param decisions carries out what the strategy decides */
  constructor(monitor: Monitor, executor: Executor, decisions: DecisionRunner) {
    this.#monitor = monitor;
    this.#executor = executor;
    this.#decisions = decisions;
  }

  /**
   * Plans `batch` (just taken off the partition's buffer at `now`) with the partition's strategy and starts the
   * plan: filters first (what they did is reported), then the split into jobs (a partitioner that threw is
   * reported; the batch then runs as one job). Undefined when the filters let nothing through: their decision
   * (mark what was dropped, pause, seek) or a filter's failure (retry after the backoff) is carried out at once.
   */
  plan(coordinator: PartitionCoordinator, batch: readonly KafkaMessage[], now: number): BatchPlan | undefined {
    const filtered = this.#filter(coordinator, batch, now);
    if (filtered === undefined) return undefined;
    const plan = coordinator.strategy.plan(filtered.messages, coordinator);
    if (plan.partitionerError !== undefined) {
      this.#monitor.instrument('error.occurred', {
        type: 'consumer.virtual_partitions.partitioner.error',
        error: plan.partitionerError,
        ...consumerEventPayload(coordinator.topic, coordinator.partition, batch),
      });
    }
    // The deferred messages go back to the buffer (as would the rest of a plan that took only the front).
    coordinator.planned(
      filtered.deferred.length === 0 ? filtered.messages : [...filtered.messages, ...filtered.deferred],
      plan,
    );
    if (filtered.outcome !== undefined && plan.messages.length === filtered.messages.length) {
      coordinator.progress.filteredThrough(filtered.end);
    }
    return plan;
  }

  /** Applies the strategy's filters, if any; undefined when nothing is left to consume (what follows is done). */
  #filter(coordinator: PartitionCoordinator, batch: readonly KafkaMessage[], now: number): FilteredBatch | undefined {
    const { strategy } = coordinator;
    if (strategy.beforeBatch === undefined)
      return { messages: batch, deferred: [], end: batch.at(-1)!.offset + 1, decision: NOTHING, outcome: undefined };
    let filtered: FilteredBatch;
    try {
      filtered = strategy.beforeBatch(batch, coordinator, now);
    } catch (error) {
      const payload = consumerEventPayload(coordinator.topic, coordinator.partition, batch);
      this.#monitor.instrument('error.occurred', { type: 'consumer.filter.error', error, ...payload });
      // Retried like a failed consume (never dead-lettered: the message is not at fault).
      const decision = strategy.afterBatch({
        messages: batch,
        result: { failed: true, error },
        partition: coordinator,
      });
      this.#decisions.carryOutNow(coordinator, batch, decision.kind === 'deadLetter' ? decision.otherwise : decision);
      return undefined;
    }
    const { outcome } = filtered;
    if (outcome !== undefined) {
      const { action } = outcome;
      this.#monitor.instrument('consumer.filtered', {
        ...consumerEventPayload(coordinator.topic, coordinator.partition, batch),
        passed: outcome.passed.length,
        dropped: outcome.dropped,
        deferred: outcome.deferred.length,
        filters: outcome.by,
        ...(action === undefined
          ? {}
          : { action: action.kind, offset: action.kind === 'pause' ? action.from : action.offset }),
        ...(action?.kind === 'pause' ? { until: action.until } : {}),
      });
    }
    if (filtered.messages.length > 0) return filtered;
    coordinator.progress.filteredThrough(filtered.end);
    this.#decisions.carryOutNow(coordinator, batch, filtered.decision);
    return undefined;
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
    const split = plan.parts.length > 1;
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
      if (split && !this.#splitStarts.has(plan)) this.#splitStarts.set(plan, performance.now());
      const result = await this.#executor.consume(coordinator, part, scheduledAt, split);
      failed = result.failed;
      if (!result.failed) coordinator.batchSucceeded();
      const { strategy } = coordinator;
      const partition = split ? viewOfPart(coordinator, part.index) : coordinator;
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
      if (split) this.#splitBatchConsumed(coordinator, settled);
      const decision = coordinator.strategy.afterPlan(settled, coordinator);
      await this.#decisions.carryOut(coordinator, settled.plan.messages, decision);
    }
  }

  /** Every job of a split batch finished: one event for the whole batch. */
  #splitBatchConsumed(coordinator: PartitionCoordinator, settled: SettledBatch): void {
    const { plan, failedParts } = settled;
    const started = this.#splitStarts.get(plan);
    this.#splitStarts.delete(plan);
    this.#monitor.instrument('consumer.virtual_partitions.consumed', {
      ...consumerEventPayload(coordinator.topic, coordinator.partition, plan.messages),
      virtualPartitions: plan.parts.length,
      failed: failedParts.length,
      time: started === undefined ? 0 : performance.now() - started,
    });
  }
}

/** What a strategy sees of the partition after part `index` of a split batch. */
function viewOfPart(coordinator: PartitionCoordinator, index: number): PartitionView {
  const { attempt, restartOffset, isOwned, collapsedUntil } = coordinator;
  return { attempt, restartOffset, isOwned, collapsedUntil, batchKeptUnmarked: coordinator.partKeptUnmarked(index) };
}
