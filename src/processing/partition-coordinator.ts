/**
 * State of one assigned topic-partition inside a listener: fetched-but-unprocessed messages, the job in
 * flight, the consumer instance, offsets marked, retry and pause state, a pending seek and the revoked flag.
 */
import type { KafkaMessage } from '../kafka/types.js';
import type { Topic } from '../routing/topic.js';
import type { BaseConsumer } from '../consumer/base-consumer.js';
import type { Job } from './job.js';

/** Bytes a message holds in memory (key and value). */
function bytesOf(message: KafkaMessage): number {
  return (message.value?.length ?? 0) + (message.key?.length ?? 0);
}

/** Where a partition stands in a rebalance. */
export type Ownership = 'owned' | 'revoking' | 'lost' | 'released';

/** One topic-partition of a listener. */
export class PartitionCoordinator {
  readonly topic: Topic;
  readonly partition: number;
  /** Subscription group id of the owning listener. */
  readonly groupId: string;
  /** Fetched messages not yet handed to a job, in offset order (change it only through the methods below). */
  buffer: KafkaMessage[] = [];
  /** Key and value bytes of `buffer`. */
  bufferedBytes = 0;
  /** Offsets below this were already taken (or seeked past): a fetched message below it is stale. */
  nextFetchOffset = -1;
  /** The job queued or running for this partition (at most one: order is kept). */
  job: Job | undefined;
  /** When the running job started (ms since the epoch), if one runs. */
  jobStartedAt: number | undefined;
  /** Consumer instance, built lazily before its first hook. */
  consumer: BaseConsumer | undefined;
  ownership: Ownership = 'owned';
  /** Next offset to read as last stored for commit, if anything was marked. */
  markedOffset: number | undefined;
  /**
   * Where a retry restarts: the last marked position (even an older one: marking back rewinds), else the last
   * seek target, else the first offset received since assignment.
   */
  restartOffset: number | undefined;
  /** Failed attempts of the current batch (0 when the last attempt succeeded). */
  attempt = 0;
  /** No job may start before this time (ms since the epoch): retry backoff or pause. */
  retryAt = 0;
  /** A pause the consumer asked for (until `retryAt`, or until resume() when `retryAt` is Infinity). */
  manualPause = false;
  /** Offset fetching must restart from; the listener applies it between polls. Data is dropped until then. */
  pendingSeek: number | undefined;
  /** Set when the consumer paused or seeked during the running job: its batch is not marked automatically. */
  skipAutoMark = false;
  /** True while fetching of this partition is paused in the client. */
  fetchPaused = false;
  /** End offset of an end-of-partition event not handled yet. */
  eofOffset: number | undefined;
  readonly #idleWaiters: (() => void)[] = [];

  /** @param groupId subscription group id */
  constructor(topic: Topic, partition: number, groupId: string) {
    this.topic = topic;
    this.partition = partition;
    this.groupId = groupId;
  }

  /** `topic/partition`. */
  get id(): string {
    return `${this.topic.name}/${String(this.partition)}`;
  }

  /** True once revocation started or the partition was lost. */
  get revoked(): boolean {
    return this.ownership !== 'owned';
  }

  /** True while offsets may still be stored: owned, or being revoked cleanly (not lost, not released). */
  get canMark(): boolean {
    return this.ownership === 'owned' || this.ownership === 'revoking';
  }

  /** True while a job of this partition runs (not just waits in the queue). */
  get running(): boolean {
    return this.jobStartedAt !== undefined;
  }

  /** Appends fetched messages, dropping stale ones (below `nextFetchOffset`). Returns how many were kept. */
  accept(messages: readonly KafkaMessage[]): number {
    let kept = 0;
    for (const message of messages) {
      if (message.offset < this.nextFetchOffset) continue;
      this.restartOffset ??= message.offset;
      this.buffer.push(message);
      this.bufferedBytes += bytesOf(message);
      this.nextFetchOffset = message.offset + 1;
      kept += 1;
    }
    return kept;
  }

  /** Takes the next batch (up to the topic's `maxMessages`) off the buffer. */
  takeBatch(): KafkaMessage[] {
    const batch = this.buffer.splice(0, this.topic.maxMessages);
    for (const message of batch) this.bufferedBytes -= bytesOf(message);
    return batch;
  }

  /** Puts messages of a failed batch back at the front, skipping those below `restartOffset`. */
  giveBack(messages: readonly KafkaMessage[]): void {
    const from = this.restartOffset ?? -1;
    const kept = messages.filter((m) => m.offset >= from);
    this.buffer.unshift(...kept);
    for (const message of kept) this.bufferedBytes += bytesOf(message);
  }

  /** Drops every fetched message not handed to a job yet. */
  dropBuffer(): void {
    this.buffer = [];
    this.bufferedBytes = 0;
  }

  /** Drops fetched data and asks the listener to restart fetching at `offset` (-2 earliest, -1 latest). */
  requestSeek(offset: number): void {
    this.dropBuffer();
    this.pendingSeek = offset;
    this.eofOffset = undefined;
  }

  /** Records that the client now fetches from `offset`. */
  seekApplied(offset: number): void {
    if (this.pendingSeek === offset) this.pendingSeek = undefined;
    this.nextFetchOffset = offset >= 0 ? offset : -1;
    this.restartOffset = offset >= 0 ? offset : undefined;
  }

  /** Marks the job as running. */
  startJob(): void {
    this.jobStartedAt = Date.now();
  }

  /** Clears the job and wakes whoever waits for the partition to be idle. */
  finishJob(): void {
    this.job = undefined;
    this.jobStartedAt = undefined;
    this.skipAutoMark = false;
    for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }

  /** Resolves when no job of this partition is queued or running. */
  idle(): Promise<void> {
    if (this.job === undefined) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }
}
