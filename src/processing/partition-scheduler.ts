/**
 * The partitions of one listener and how their fetched data becomes jobs.
 *
 * Order per partition: a partition's next batch is planned only when every job of its previous one finished,
 * without waiting for a poll and without waiting for other partitions (no head-of-line blocking). A batch is
 * one job, unless the strategy splits it into virtual partitions (jobs of one batch side by side, each key's
 * messages in order in one of them). Memory: a partition's buffer holds at most `maxBufferedMessages` (or
 * `maxBufferedBytes`) before its fetching pauses in the client, and fetching resumes when half of it was
 * processed. What follows a batch is decided by the partition's strategy (`strategies/`) and carried out by the
 * `DecisionRunner`; client operations go through `PartitionOperations`, pauses and seeks through
 * `PartitionFlow`.
 */
import type { BaseConsumer } from '../consumer/base-consumer.js';
import type { FetchedRun, TopicPartition } from '../kafka/types.js';
import { ConsumeRunner } from './consume-runner.js';
import type { Executor } from './executor.js';
import { Job, type JobKind } from './job.js';
import { PartitionCoordinator } from './partition-coordinator.js';
import type { PartitionFlow, SeekTarget } from './partition-flow.js';
import type { PartitionInsightsStore } from './partition-insights.js';
import type { PartitionOperations } from './partition-operations.js';
import { fenceOnAssign } from './partition-producers.js';
import type { PeriodicTicks } from './periodic-ticks.js';
import { type PartitionSchedulerOptions, buildSchedulerParts } from './scheduler-parts.js';
import { selectStrategy } from './strategies/select-strategy.js';

export type { PartitionSchedulerOptions } from './scheduler-parts.js';

const key = (topic: string, partition: number): string => `${topic}\u0000${String(partition)}`;

/** Coordinators of one listener and the jobs made from them. */
export class PartitionScheduler {
  readonly #options: PartitionSchedulerOptions;
  readonly #coordinators = new Map<string, PartitionCoordinator>();
  readonly #operations: PartitionOperations;
  readonly #flow: PartitionFlow;
  readonly #executor: Executor;
  readonly #consumeRunner: ConsumeRunner;
  readonly #ticks: PeriodicTicks;
  /** The partitions' latest statistics figures, kept when a topic has inline insights. */
  readonly #insights: PartitionInsightsStore | undefined;
  #acceptingWork = true;

  /** @param options the listener's context */
  constructor(options: PartitionSchedulerOptions) {
    this.#options = options;
    const parts = buildSchedulerParts(options, {
      schedule: (c) => this.schedule(c),
      enqueueTick: (c, description, work) => this.#enqueue(c, 'tick', description, 0, work),
    });
    this.#operations = parts.operations;
    this.#flow = parts.flow;
    this.#executor = parts.executor;
    this.#consumeRunner = parts.consumeRunner;
    this.#ticks = parts.ticks;
    this.#insights = parts.insights;
  }

  /** Coordinators of the partitions assigned now. */
  get coordinators(): PartitionCoordinator[] {
    return [...this.#coordinators.values()];
  }

  /** The coordinator of a partition, if assigned. */
  get(topic: string, partition: number): PartitionCoordinator | undefined {
    return this.#coordinators.get(key(topic, partition));
  }

  /** Messages fetched and not yet handed to a consumer, over every assigned partition. */
  get bufferedMessages(): number {
    let total = 0;
    for (const coordinator of this.#coordinators.values()) total += coordinator.bufferedMessages;
    return total;
  }

  /** False once the listener quiets: fetched data is dropped and no job starts. */
  get acceptingWork(): boolean {
    return this.#acceptingWork;
  }

  /**
   * Creates coordinators (each with the strategy its topic's features call for) for newly assigned partitions.
   * A partition assigned again gets a fresh one; the previous one, if still there, counts as lost.
   */
  assign(partitions: readonly TopicPartition[]): PartitionCoordinator[] {
    const created: PartitionCoordinator[] = [];
    for (const { topic: name, partition } of partitions) {
      const topic = this.#options.subscriptionGroup.topic(name);
      if (topic === undefined) continue;
      const strategy = selectStrategy(topic, this.#options.settings.criticalErrors);
      const coordinator = new PartitionCoordinator(topic, partition, this.#options.subscriptionGroup.id, strategy);
      const previous = this.#coordinators.get(key(name, partition));
      if (previous?.isOwned === true) previous.ownership.lose();
      this.#coordinators.set(key(name, partition), coordinator);
      this.#ticks.track(coordinator);
      this.#insights?.forget(name, partition);
      const { transactionalProducer } = this.#options;
      if (transactionalProducer !== undefined) fenceOnAssign(transactionalProducer, coordinator, this.#options.monitor);
      created.push(coordinator);
    }
    return created;
  }

  /**
   * The partition's consumer (virtual partition 0), built now as the first batch would build it (`initialized()`
   * runs) unless it exists: the testing toolkit builds it before any message.
   */
  consumerOf(coordinator: PartitionCoordinator): Promise<BaseConsumer> {
    return this.#executor.consumerOf(coordinator, 0);
  }

  /** Cancels the timer that would wake a held partition (the testing toolkit decides when time passes). */
  cancelWake(coordinator: PartitionCoordinator): void {
    this.#flow.cancelWake(coordinator);
  }

  /** Forgets a partition (after it was revoked and its hooks ran). */
  remove(coordinator: PartitionCoordinator): void {
    if (this.#coordinators.get(key(coordinator.topic.name, coordinator.partition)) === coordinator) {
      this.#coordinators.delete(key(coordinator.topic.name, coordinator.partition));
    }
    this.#flow.cancelWake(coordinator);
    this.#ticks.untrack(coordinator);
  }

  /** Hands a poll's runs to their partitions, pauses fetching of full buffers and schedules jobs. */
  distribute(runs: readonly FetchedRun[]): void {
    if (!this.#acceptingWork) return;
    for (const run of runs) {
      const coordinator = this.#coordinators.get(key(run.topic, run.partition));
      if (coordinator === undefined || !coordinator.accept(run)) continue;
      this.#operations.reconcileFetch(coordinator);
      this.schedule(coordinator);
    }
  }

  /** Records an end-of-partition; `eofed()` runs once the partition's fetched data was processed. */
  eof(coordinator: PartitionCoordinator, offset: number): void {
    if (!coordinator.topic.eofed) return;
    coordinator.reachedEnd(offset);
    this.schedule(coordinator);
  }

  /** Queues the partition's next jobs (a batch, split by its strategy, or `eofed()`) if it may run them now. */
  schedule(coordinator: PartitionCoordinator): void {
    if (coordinator.busy || !coordinator.isOwned || !this.#acceptingWork) return;
    if (coordinator.pendingSeek !== undefined) return;
    const now = Date.now();
    if (coordinator.heldUntil > now) {
      this.#flow.wakeAt(coordinator, coordinator.heldUntil);
      return;
    }
    if (coordinator.bufferedMessages === 0) {
      this.#scheduleEofed(coordinator);
      return;
    }
    const plan = this.#consumeRunner.plan(coordinator, coordinator.takeBatch(), now);
    // Undefined: the filters let nothing through (what follows was done at once): fetch again if the buffer was
    // full, and go on with the rest.
    if (plan === undefined) {
      this.#operations.reconcileFetch(coordinator);
      return this.schedule(coordinator);
    }
    const attempt = coordinator.attempt;
    for (const part of plan.parts) {
      this.#enqueue(coordinator, 'consume', ConsumeRunner.describe(coordinator, plan, part), part.index, () =>
        this.#consumeRunner.run(coordinator, plan, part, attempt, now),
      );
    }
    this.#operations.reconcileFetch(coordinator);
  }

  #scheduleEofed(coordinator: PartitionCoordinator): void {
    const eof = coordinator.takeEnd();
    // No end pending, or new messages arrived after it: a later end-of-partition will come.
    if (eof === undefined || coordinator.nextFetchOffset > eof) return;
    this.#enqueue(coordinator, 'eofed', `eofed ${coordinator.id}`, 0, () => this.#executor.eofed(coordinator));
  }

  #enqueue(
    coordinator: PartitionCoordinator,
    kind: JobKind,
    description: string,
    part: number,
    work: () => Promise<void>,
  ): void {
    const { topic, partition } = coordinator;
    const target = {
      groupId: coordinator.groupId,
      topic: topic.name,
      partition,
      ...(topic.consumer === undefined ? {} : { consumer: topic.consumer.name }),
    };
    const job: Job = new Job(kind, target, description, async () => {
      coordinator.jobs.start(job);
      try {
        await work();
      } finally {
        coordinator.jobs.remove(job);
        this.#ticks.jobEnded(coordinator);
        this.schedule(coordinator);
        this.#operations.reconcileFetch(coordinator);
      }
    });
    coordinator.jobs.add(job, part);
    this.#options.jobsQueue.push(job);
  }

  /** A statistics report of the listener's client: the partitions' figures, kept for inline insights. */
  statisticsEmitted(statistics: Readonly<Record<string, unknown>>): void {
    this.#insights?.record(statistics);
  }

  /** Queues a tick job of a `periodic` topic's partition if it may tick now (see `PeriodicTicks.tick`). */
  tick(coordinator: PartitionCoordinator): boolean {
    return this.#ticks.tick(coordinator);
  }

  /**
   * Pauses the partition for `timeoutMs` (Infinity: until `resume`), then goes on from `offset` (see
   * `PartitionFlow.pause`).
   */
  pause(coordinator: PartitionCoordinator, offset: number, timeoutMs: number): void {
    this.#flow.pause(coordinator, offset, timeoutMs);
  }

  /** Ends a pause or a retry backoff at once. */
  resume(coordinator: PartitionCoordinator): void {
    this.#flow.resume(coordinator);
  }

  /** Moves the partition to `target` as a consumer's `seek()` does (see `PartitionFlow.seek`). */
  seek(coordinator: PartitionCoordinator, target: SeekTarget): Promise<void> {
    return this.#flow.seek(coordinator, target);
  }

  /** Seeks asked for since the last poll; the listener applies them with the client, then calls `seekApplied`. */
  pendingSeeks(): PartitionCoordinator[] {
    return this.coordinators.filter((c) => c.pendingSeek !== undefined && c.isOwned);
  }

  /** After the client applied a seek: data may flow again. */
  seekApplied(coordinator: PartitionCoordinator, offset: number): void {
    coordinator.seekApplied(offset);
    this.#operations.reconcileFetch(coordinator);
    this.schedule(coordinator);
  }

  /**
   * A partition with a job running since before `ageMs` ago, if any. Long-running jobs do not count: they may
   * run past `max.poll.interval.ms`.
   */
  overdue(ageMs: number): PartitionCoordinator | undefined {
    const limit = Date.now() - ageMs;
    return this.coordinators.find((c) => {
      const startedAt = c.jobs.oldestStart;
      return !c.strategy.longRunning && startedAt !== undefined && startedAt < limit;
    });
  }

  /** Drops data not handed to a job yet and removes queued (not started) jobs of these partitions. */
  cancelPending(coordinators: readonly PartitionCoordinator[]): void {
    for (const coordinator of coordinators) {
      coordinator.dropFetched();
      this.#flow.cancelWake(coordinator);
      for (const job of coordinator.jobs.queued) {
        if (this.#options.jobsQueue.remove(job)) coordinator.jobCancelled(job);
      }
    }
  }

  /** Stops taking work: drops fetched data and queued jobs; running jobs finish. */
  stopAcceptingWork(): void {
    this.#acceptingWork = false;
    this.#ticks.stop();
    this.#operations.stopControllingFetching();
    this.cancelPending(this.coordinators);
  }

  /**
   * Runs `revoked()` or `shutdown()` on each partition's built consumers (after its running jobs) and waits for
   * all.
   */
  async runLifecycle(kind: 'revoked' | 'shutdown', coordinators: readonly PartitionCoordinator[]): Promise<void> {
    await Promise.all(
      coordinators.map(async (coordinator) => {
        await coordinator.idle();
        if (coordinator.consumers.length === 0) return;
        this.#enqueue(coordinator, kind, `${kind} ${coordinator.id}`, 0, () =>
          kind === 'revoked' ? this.#executor.revoked(coordinator) : this.#executor.shutdown(coordinator),
        );
        await coordinator.idle();
      }),
    );
  }
}
