/**
 * State of one assigned topic-partition inside a listener, with one writer: other modules read it through
 * queries and change it only through named transitions, here or on its parts (each a small state with its own
 * transitions): ownership (a state machine, `PartitionOwnership`), queued and running jobs (`PartitionJobs`:
 * one at a time, so order is kept, unless the strategy splits batches into virtual partitions), how far its
 * batches got (`BatchProgress`) and two separate holds (`PartitionHolds`: a retry backoff after a failure; a
 * pause the consumer or a strategy asked for). Here: fetched data (a `PartitionBuffer`), its consumer instances
 * (one per virtual partition), where a retry restarts, the failed attempts, a pending seek and a pending
 * end-of-partition, and the transitions that touch several parts.
 */
import type { BaseConsumer } from '../consumer/base-consumer.js';
import type { FetchedRun, KafkaMessage } from '../kafka/types.js';
import type { Topic } from '../routing/topic.js';
import { BatchProgress } from './batch-progress.js';
import type { Job } from './job.js';
import { PartitionBuffer } from './partition-buffer.js';
import { PartitionHolds } from './partition-holds.js';
import { PartitionJobs } from './partition-jobs.js';
import { PartitionOwnership } from './partition-ownership.js';
import type { BatchPlan } from './strategies/batch-plan.js';
import type { PartitionView, ProcessingStrategy } from './strategies/processing-strategy.js';

/** One topic-partition of a listener. */
export class PartitionCoordinator implements PartitionView {
  readonly topic: Topic;
  readonly partition: number;
  /** Subscription group id of the owning listener. */
  readonly groupId: string;
  /** How batches of this partition run and what follows each (chosen from the topic's features when assigned). */
  readonly strategy: ProcessingStrategy;
  /** Where the partition stands in a rebalance (the rebalance handler moves it). */
  readonly ownership: PartitionOwnership;
  /** Its queued and running jobs (the scheduler adds, starts and removes them). */
  readonly jobs: PartitionJobs;
  /** How far its batches got: the running plan, done offsets, a collapse. */
  readonly progress: BatchProgress;
  /**
   * What keeps it from starting jobs: a retry backoff (see `backOff`) and a pause (no job starts, fetching
   * stops, the running batch is not marked automatically).
   */
  readonly holds = new PartitionHolds();
  readonly #buffer = new PartitionBuffer();
  readonly #consumers: BaseConsumer[] = [];
  #restartOffset: number | undefined;
  #lastStored: number | undefined;
  #attempt = 0;
  #pendingSeek: number | undefined;
  #fetchPaused = false;
  #eofOffset: number | undefined;

  /** @param groupId subscription group id; @param strategy how batches run and what follows each */
  constructor(topic: Topic, partition: number, groupId: string, strategy: ProcessingStrategy) {
    this.topic = topic;
    this.partition = partition;
    this.groupId = groupId;
    this.strategy = strategy;
    this.ownership = new PartitionOwnership(this.id);
    this.jobs = new PartitionJobs(this.id, strategy.maxParallelJobs);
    this.progress = new BatchProgress(strategy.maxParallelJobs > 1);
  }

  /** `topic/partition`. */
  get id(): string {
    return `${this.topic.name}/${String(this.partition)}`;
  }

  /** True until revocation starts or the partition is lost: it takes data and runs jobs. */
  get isOwned(): boolean {
    return this.ownership.isOwned;
  }

  /** True while offsets may still be stored: owned, or being revoked cleanly (not lost, not released). */
  get canMark(): boolean {
    return this.ownership.canMark;
  }

  /** Messages fetched and not handed to a job yet. */
  get bufferedMessages(): number {
    return this.#buffer.count;
  }

  /** Key and value bytes of the fetched messages not handed to a job yet. */
  get bufferedBytes(): number {
    return this.#buffer.bytes;
  }

  /** Offset the next fetched message is expected at (-1 before any data). */
  get nextFetchOffset(): number {
    return this.#buffer.nextFetchOffset;
  }

  /**
   * Takes a run of fetched messages, unless the partition is not owned or waits for a seek (such data must never
   * reach a consumer); stale ones are dropped. Returns whether any was kept.
   */
  accept(run: FetchedRun): boolean {
    if (!this.isOwned || this.#pendingSeek !== undefined) return false;
    const first = this.#buffer.accept(run);
    if (first === undefined) return false;
    this.#restartOffset ??= first;
    return true;
  }

  /** Takes the next batch (up to the topic's `maxMessages`) off the buffer. */
  takeBatch(): KafkaMessage[] {
    return this.#buffer.take(this.topic.maxMessages);
  }

  /**
   * `plan` (made by the strategy from `batch`) starts: messages of the batch it left out go back to the buffer.
   * Throws when the plan has more jobs than the strategy allows at once.
   */
  planned(batch: readonly KafkaMessage[], plan: BatchPlan): void {
    if (plan.parts.length > this.strategy.maxParallelJobs || this.jobs.size > 0) {
      throw new Error(`Partition ${this.id} cannot run ${String(plan.parts.length)} more jobs now`);
    }
    if (plan.messages.length < batch.length) this.#buffer.giveBack(batch, batch[plan.messages.length]!.offset);
    this.progress.planned(plan);
  }

  /** Batches starting below this offset run collapsed; undefined when not collapsed. */
  get collapsedUntil(): number | undefined {
    return this.progress.collapsedUntil;
  }

  /** Puts the messages of a batch from offset `from` on back at the front of the buffer; processing restarts there. */
  giveBack(batch: readonly KafkaMessage[], from: number): void {
    this.#buffer.giveBack(batch, from);
    this.progress.restartAt(from);
  }

  /**
   * Makes processing restart at `from` after `batch`: from the buffer when the batch holds it, else by seeking
   * back.
   */
  rewind(batch: readonly KafkaMessage[], from: number): void {
    if (batch.length > 0 && from < batch[0]!.offset) this.requestSeek(from);
    else this.giveBack(batch, from);
  }

  /** Drops fetched data and a pending end-of-partition (revocation, quiet). */
  dropFetched(): void {
    this.#buffer.drop();
    this.#eofOffset = undefined;
  }

  /** Offset fetching must restart from, if a seek waits for the listener (data is dropped until then). */
  get pendingSeek(): number | undefined {
    return this.#pendingSeek;
  }

  /** Drops fetched data and asks the listener to restart fetching at `offset` (-2 earliest, -1 latest). */
  requestSeek(offset: number): void {
    this.dropFetched();
    this.#pendingSeek = offset;
    this.progress.restartAt(offset);
  }

  /** The client now fetches from `offset`: data flows again, and a retry restarts there. */
  seekApplied(offset: number): void {
    if (this.#pendingSeek === offset) this.#pendingSeek = undefined;
    this.#buffer.fetchingFrom(offset);
    this.#restartOffset = offset >= 0 ? offset : undefined;
  }

  /** The oldest job queued or running for this partition, if any. */
  get job(): Job | undefined {
    return this.jobs.first;
  }

  /** True while a job of this partition is queued or running: no batch is planned meanwhile. */
  get busy(): boolean {
    return this.jobs.size > 0;
  }
  /** `job` was taken off the queue before it ran: its part of the plan counts as finished, not done. */
  jobCancelled(job: Job): void {
    const part = this.jobs.partOf(job);
    if (!this.jobs.remove(job) || part === undefined || job.kind !== 'consume') return;
    this.progress.partFinished(part, false);
  }

  /** Resolves when no job of this partition is queued or running. */
  idle(): Promise<void> {
    return this.jobs.idle();
  }

  /** The consumer instance of virtual partition `index` (0 without virtual partitions), once built. */
  consumerOf(index = 0): BaseConsumer | undefined {
    return this.#consumers[index];
  }

  /** Every consumer instance built, in virtual partition order. */
  get consumers(): BaseConsumer[] {
    return this.#consumers.filter((c) => c !== undefined);
  }

  /** The consumer instance of virtual partition `index` was built (once per assignment). */
  consumerBuilt(consumer: BaseConsumer, index = 0): void {
    this.#consumers[index] = consumer;
  }

  /** Failed attempts so far (0 when the last attempt succeeded). */
  get attempt(): number {
    return this.#attempt;
  }

  /** Where a retry restarts (see `PartitionView.restartOffset`). */
  get restartOffset(): number | undefined {
    return this.progress.firstNotDone ?? this.#restartOffset;
  }

  /** The offset stored last, if any. */
  get lastStored(): number | undefined {
    return this.#lastStored;
  }

  /** True when the running batch is not to be marked automatically (the consumer paused, seeked or asked). */
  get batchKeptUnmarked(): boolean {
    return this.partKeptUnmarked(0);
  }

  /** True when part `index` of the running batch is not to be marked automatically. */
  partKeptUnmarked(index: number): boolean {
    return this.holds.paused || (this.progress.inFlight?.keptUnmarked(index) ?? false);
  }

  /**
   * A mark of `offset` (next to read) from part `index`: the offset to store now, or undefined when there is
   * nothing new to store (under virtual partitions a mark counts only once everything below it is done).
   */
  markTarget(offset: number, index = 0): number | undefined {
    return this.progress.markTarget(offset, index, this.#lastStored);
  }

  /** `offset` was stored for commit: a retry restarts there (a strategy may restart the attempt count too). */
  recordStored(offset: number): void {
    this.#restartOffset = offset;
    this.#lastStored = offset;
    if (this.strategy.resetsAttemptsOnMark && this.jobs.running) this.#attempt = 0;
  }

  /** The consumer keeps part `index` of the running batch from being marked automatically (marks made stay). */
  keepBatchUnmarked(index = 0): void {
    if (this.jobs.running) this.progress.inFlight?.keepUnmarked(index);
  }

  /** A batch succeeded: the attempt count restarts and a retry backoff ends (a pause stays). */
  batchSucceeded(): void {
    this.#attempt = 0;
    this.holds.endBackoff();
  }

  /** The failing message went to the dead letter queue: the attempt count restarts, no backoff. */
  deadLettered(): void {
    this.batchSucceeded();
  }
  /** The consumer moved the partition (seek): the attempt count restarts; the running batch stays unmarked. */
  seekedByConsumer(offset: number, index = 0): void {
    this.#attempt = 0;
    this.keepBatchUnmarked(index);
    this.requestSeek(offset);
  }

  /** A batch failed for the `attempt`-th time: no job starts before `until`. */
  backOff(until: number, attempt: number): void {
    this.#attempt = attempt;
    this.holds.backOff(until);
  }

  /** True while a pause (not a backoff) holds the partition. */
  get paused(): boolean {
    return this.holds.paused;
  }

  /** The time before which no job may start (0: none; Infinity: until `resume()`). */
  get heldUntil(): number {
    return this.holds.heldUntil;
  }

  /** True while fetching of this partition is paused in the client. */
  get fetchPaused(): boolean {
    return this.#fetchPaused;
  }

  /** Fetching was paused or resumed in the client. */
  fetchPausedChanged(paused: boolean): void {
    this.#fetchPaused = paused;
  }
  /** The partition reached its end at `offset` (handled once the fetched data was processed). */
  reachedEnd(offset: number): void {
    this.#eofOffset = offset;
  }

  /** The pending end-of-partition, taken (it is handled once). */
  takeEnd(): number | undefined {
    const offset = this.#eofOffset;
    this.#eofOffset = undefined;
    return offset;
  }
}
