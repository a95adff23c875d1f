/**
 * State of one assigned topic-partition inside a listener, with one writer: other modules read it through
 * queries and change it only through the named transitions below.
 *
 * It holds the partition's ownership (a state machine, `PartitionOwnership`), fetched data (a
 * `PartitionBuffer`), the job queued or running (at most one: order is kept), the consumer instance, where a
 * retry restarts, the failed attempts, two separate holds (a retry backoff after a failure; a pause the
 * consumer or a strategy asked for), a pending seek and a pending end-of-partition.
 */
import type { BaseConsumer } from '../consumer/base-consumer.js';
import type { KafkaMessage } from '../kafka/types.js';
import type { Topic } from '../routing/topic.js';
import type { Job } from './job.js';
import { PartitionBuffer } from './partition-buffer.js';
import { PartitionOwnership } from './partition-ownership.js';
import type { PartitionView, ProcessingStrategy } from './strategies/processing-strategy.js';

/** One topic-partition of a listener. */
export class PartitionCoordinator implements PartitionView {
  readonly topic: Topic;
  readonly partition: number;
  /** Subscription group id of the owning listener. */
  readonly groupId: string;
  /** What follows each batch of this partition (chosen from the topic's features when it was assigned). */
  readonly strategy: ProcessingStrategy;
  /** Where the partition stands in a rebalance (the rebalance handler moves it). */
  readonly ownership: PartitionOwnership;
  readonly #buffer = new PartitionBuffer();
  #job: Job | undefined;
  #jobStartedAt: number | undefined;
  #consumer: BaseConsumer | undefined;
  #restartOffset: number | undefined;
  #attempt = 0;
  /** No job starts before this time (ms since the epoch) after a failure; 0: no backoff. */
  #backoffUntil = 0;
  /** Paused (fetching stopped, no job) until this time; Infinity: until `resume()`; undefined: not paused. */
  #pausedUntil: number | undefined;
  #pendingSeek: number | undefined;
  #keepBatchUnmarked = false;
  #fetchPaused = false;
  #eofOffset: number | undefined;
  readonly #idleWaiters: (() => void)[] = [];

  /** @param groupId subscription group id; @param strategy what follows each batch */
  constructor(topic: Topic, partition: number, groupId: string, strategy: ProcessingStrategy) {
    this.topic = topic;
    this.partition = partition;
    this.groupId = groupId;
    this.strategy = strategy;
    this.ownership = new PartitionOwnership(this.id);
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
   * Takes fetched messages, unless the partition is not owned or waits for a seek (such data must never reach
   * a consumer); stale ones are dropped. Returns whether any was kept.
   */
  accept(messages: readonly KafkaMessage[]): boolean {
    if (!this.isOwned || this.#pendingSeek !== undefined) return false;
    const first = this.#buffer.accept(messages);
    if (first === undefined) return false;
    this.#restartOffset ??= first;
    return true;
  }

  /** Takes the next batch (up to the topic's `maxMessages`) off the buffer. */
  takeBatch(): KafkaMessage[] {
    return this.#buffer.take(this.topic.maxMessages);
  }

  /** Puts the messages of a batch from offset `from` on back at the front of the buffer. */
  giveBack(batch: readonly KafkaMessage[], from: number): void {
    this.#buffer.giveBack(batch, from);
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
  }

  /** The client now fetches from `offset`: data flows again, and a retry restarts there. */
  seekApplied(offset: number): void {
    if (this.#pendingSeek === offset) this.#pendingSeek = undefined;
    this.#buffer.fetchingFrom(offset);
    this.#restartOffset = offset >= 0 ? offset : undefined;
  }

  /** The job queued or running for this partition, if any. */
  get job(): Job | undefined {
    return this.#job;
  }

  /** When the running job started (ms since the epoch), if one runs. */
  get jobStartedAt(): number | undefined {
    return this.#jobStartedAt;
  }

  /** True while a job of this partition runs (not just waits in the queue). */
  get running(): boolean {
    return this.#jobStartedAt !== undefined;
  }

  /** `job` is queued for this partition. */
  jobQueued(job: Job): void {
    if (this.#job !== undefined) throw new Error(`Partition ${this.id} already has a job: ${this.#job.description}`);
    this.#job = job;
  }

  /** The queued job started. */
  jobStarted(): void {
    this.#jobStartedAt = Date.now();
  }

  /** `job` finished (or was taken off the queue): wakes whoever waits for the partition to be idle. */
  jobFinished(job: Job): void {
    if (this.#job !== job) return;
    this.#job = undefined;
    this.#jobStartedAt = undefined;
    this.#keepBatchUnmarked = false;
    for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }

  /** Resolves when no job of this partition is queued or running. */
  idle(): Promise<void> {
    if (this.#job === undefined) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** The consumer instance, once built. */
  get consumer(): BaseConsumer | undefined {
    return this.#consumer;
  }

  /** The consumer instance was built (once per assignment). */
  consumerBuilt(consumer: BaseConsumer): void {
    this.#consumer = consumer;
  }

  /** Failed attempts so far (0 when the last attempt succeeded). */
  get attempt(): number {
    return this.#attempt;
  }

  /** Where a retry restarts (see `PartitionView.restartOffset`). */
  get restartOffset(): number | undefined {
    return this.#restartOffset;
  }

  /** True when the running batch is not to be marked automatically (the consumer paused, seeked or asked). */
  get batchKeptUnmarked(): boolean {
    return this.#keepBatchUnmarked || this.#pausedUntil !== undefined;
  }

  /** `offset` was stored for commit: a retry restarts there (a strategy may restart the attempt count too). */
  recordStored(offset: number): void {
    this.#restartOffset = offset;
    if (this.strategy.resetsAttemptsOnMark && this.running) this.#attempt = 0;
  }

  /** The consumer keeps the running batch from being marked automatically (marks made so far stay). */
  keepBatchUnmarked(): void {
    if (this.running) this.#keepBatchUnmarked = true;
  }

  /** A batch succeeded: the attempt count restarts and a retry backoff ends (a pause stays). */
  batchSucceeded(): void {
    this.#attempt = 0;
    this.#backoffUntil = 0;
  }

  /** The failing message went to the dead letter queue: the attempt count restarts, no backoff. */
  deadLettered(): void {
    this.batchSucceeded();
  }

  /** The consumer moved the partition (seek): the attempt count restarts; the running batch stays unmarked. */
  seekedByConsumer(offset: number): void {
    this.#attempt = 0;
    this.keepBatchUnmarked();
    this.requestSeek(offset);
  }

  /** A batch failed for the `attempt`-th time: no job starts before `until`. */
  backOff(until: number, attempt: number): void {
    this.#attempt = attempt;
    this.#backoffUntil = until;
  }

  /**
   * Pauses until `until` (Infinity: until `resume()`): no job starts and fetching stops; the running batch is
   * not marked automatically.
   */
  pauseUntil(until: number): void {
    this.#pausedUntil = until;
    this.keepBatchUnmarked();
  }

  /** True while a pause (not a backoff) holds the partition. */
  get paused(): boolean {
    return this.#pausedUntil !== undefined;
  }

  /** True when a timed pause is over by `now`. */
  pauseOver(now: number): boolean {
    return this.#pausedUntil !== undefined && this.#pausedUntil <= now;
  }

  /** The time before which no job may start (0: none; Infinity: until `resume()`). */
  get heldUntil(): number {
    return Math.max(this.#backoffUntil, this.#pausedUntil ?? 0);
  }

  /** Ends a pause and a backoff now; returns whether one held the partition. */
  resume(now: number): boolean {
    const held = this.#pausedUntil !== undefined || this.#backoffUntil > now;
    this.#pausedUntil = undefined;
    this.#backoffUntil = 0;
    return held;
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
