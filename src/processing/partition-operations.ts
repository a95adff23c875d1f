/**
 * What a listener's client does for one partition, in one place: store an offset for commit, commit, pause or
 * resume fetching (back-pressure and pauses), look an offset up by time, and send offsets with a transaction.
 * Each operation checks the partition may still do it (marks are refused once it is lost or released) and
 * records the result in the coordinator.
 */
import type { Settings } from '../config/settings.js';
import type { Monitor } from '../instrumentation/monitor.js';
import type { ConsumerDriver } from '../kafka/consumer-driver.js';
import type { TopicPartitionOffset } from '../kafka/types.js';
import type { Transaction } from '../producer/transaction.js';
import { type MarkMetadata, PartitionOffsetMetadata } from './offset-metadata.js';
import type { PartitionCoordinator } from './partition-coordinator.js';

/** What the operations need from their listener. */
export interface PartitionOperationsOptions {
  /** The listener's current client (it changes after a reset; undefined while there is none). */
  readonly driver: () => ConsumerDriver | undefined;
  readonly monitor: Monitor;
  readonly settings: Pick<Settings, 'maxBufferedMessages' | 'maxBufferedBytes'>;
}

/** Offset of the earliest message (seek target). */
export const EARLIEST = -2;
/** Offset after the latest message (seek target). */
export const LATEST = -1;
/** How long reading a partition's committed offset may take. */
const COMMITTED_TIMEOUT_MS = 10_000;

/** Client operations on the partitions of one listener. */
export class PartitionOperations {
  readonly #options: PartitionOperationsOptions;
  #controlsFetching = true;
  /** Offset metadata per partition assignment (a coordinator lives for one assignment). */
  readonly #metadata = new WeakMap<PartitionCoordinator, PartitionOffsetMetadata>();

  /** @param options the listener's client and settings */
  constructor(options: PartitionOperationsOptions) {
    this.#options = options;
  }

  /**
   * Marks `offset` (next to read) from virtual partition `index` (0 without them) and stores for commit what
   * the mark allows: the offset itself, or under virtual partitions the lowest offset not done yet (possibly
   * nothing new), with the offset metadata of the highest mark it covers (see `PartitionOffsetMetadata`; a mark
   * without metadata keeps the current one). False when the partition may not be marked any more.
   */
  store(coordinator: PartitionCoordinator, offset: number, index = 0, metadata?: MarkMetadata): boolean {
    const driver = this.#options.driver();
    if (!coordinator.canMark || driver === undefined) return false;
    const offsetMetadata = this.#metadataOf(coordinator);
    offsetMetadata.marked(offset, metadata);
    const target = coordinator.markTarget(offset, index);
    if (target === undefined) return true;
    const { name: topic } = coordinator.topic;
    const stored = offsetMetadata.storing(target);
    const position = { topic, partition: coordinator.partition, offset: target };
    if (!driver.storeOffsets([stored === undefined ? position : { ...position, metadata: stored }])) return false;
    coordinator.recordStored(target);
    return true;
  }

  /** The offset and metadata stored last for the partition (undefined before its first store). */
  lastStored(coordinator: PartitionCoordinator): TopicPartitionOffset | undefined {
    const offset = coordinator.lastStored;
    if (offset === undefined) return undefined;
    const metadata = this.#metadataOf(coordinator).current;
    const position = { topic: coordinator.topic.name, partition: coordinator.partition, offset };
    return metadata === undefined ? position : { ...position, metadata };
  }

  /**
   * The partition's offset metadata: what this member stored with its offset in this assignment, else what was
   * committed (read from the broker once; `refresh` reads it again). Undefined: none.
   */
  async offsetMetadata(coordinator: PartitionCoordinator, refresh = false): Promise<string | undefined> {
    const state = this.#metadataOf(coordinator);
    if (state.known && !refresh) return state.current;
    const driver = this.#options.driver();
    if (driver === undefined) throw new Error(`Cannot read the offset metadata of ${coordinator.id}: no client`);
    const tp = { topic: coordinator.topic.name, partition: coordinator.partition };
    const [committed] = await driver.committed([tp], COMMITTED_TIMEOUT_MS);
    const metadata = committed?.metadata ?? undefined;
    state.committedRead(metadata);
    return refresh ? metadata : state.current;
  }

  #metadataOf(coordinator: PartitionCoordinator): PartitionOffsetMetadata {
    let state = this.#metadata.get(coordinator);
    if (state === undefined) {
      state = new PartitionOffsetMetadata();
      this.#metadata.set(coordinator, state);
    }
    return state;
  }

  /** Commits `offsets` (default: everything stored); false when refused (the error is reported). */
  async commit(coordinator: PartitionCoordinator, offsets?: TopicPartitionOffset[]): Promise<boolean> {
    const driver = this.#options.driver();
    if (driver === undefined || !coordinator.canMark) return false;
    try {
      await driver.commit(offsets);
      return true;
    } catch (error) {
      this.#options.monitor.instrument('error.occurred', {
        type: 'consumer.commit.error',
        error,
        topic: coordinator.topic.name,
        partition: coordinator.partition,
      });
      return false;
    }
  }

  /**
   * Sends `offset` of the partition with `transaction` (with `metadata`, or the current offset metadata when
   * undefined); throws when the partition was lost.
   */
  async sendOffsets(
    coordinator: PartitionCoordinator,
    transaction: Transaction,
    offset: number,
    metadata?: MarkMetadata,
  ): Promise<void> {
    const driver = this.#options.driver();
    if (driver === undefined || !coordinator.canMark) {
      throw new Error(`Cannot commit offsets of ${coordinator.id} in the transaction: the partition was lost`);
    }
    const sent = metadata === undefined ? this.#metadataOf(coordinator).current : (metadata ?? undefined);
    const position = { topic: coordinator.topic.name, partition: coordinator.partition, offset };
    await transaction.sendOffsets([sent === undefined ? position : { ...position, metadata: sent }], driver);
  }

  /** The offset of the first message at or after `time` (LATEST past the last message). */
  async offsetAt(coordinator: PartitionCoordinator, time: Date): Promise<number> {
    const driver = this.#options.driver();
    if (driver === undefined) throw new Error(`Cannot seek ${coordinator.id}: the consumer is not connected`);
    const [found] = await driver.offsetsForTimes(
      [{ topic: coordinator.topic.name, partition: coordinator.partition, offset: time.getTime() }],
      10_000,
    );
    return found === undefined || found.offset < 0 ? LATEST : found.offset;
  }

  /**
   * Pauses or resumes fetching of a partition in the client: fetch while owned, not paused, not running a
   * long-running job and with room in the buffer (resume only once half of a full buffer was processed).
   */
  reconcileFetch(coordinator: PartitionCoordinator): void {
    const driver = this.#options.driver();
    if (driver === undefined || !coordinator.isOwned || !this.#controlsFetching) return;
    const { maxBufferedMessages, maxBufferedBytes } = this.#options.settings;
    const count = coordinator.bufferedMessages;
    const bytes = coordinator.bufferedBytes;
    const full = count >= maxBufferedMessages || bytes >= maxBufferedBytes;
    const drained = count <= maxBufferedMessages / 2 && bytes <= maxBufferedBytes / 2;
    // A long-running job's partition fetches nothing while its job runs.
    const longJob = coordinator.strategy.longRunning && coordinator.busy;
    const wantPaused = coordinator.paused || longJob || full || (coordinator.fetchPaused && !drained);
    if (wantPaused === coordinator.fetchPaused) return;
    const tp = [{ topic: coordinator.topic.name, partition: coordinator.partition }];
    try {
      if (wantPaused) driver.pause(tp);
      else driver.resume(tp);
      coordinator.fetchPausedChanged(wantPaused);
    } catch (error) {
      this.#options.monitor.instrument('error.occurred', {
        type: 'connection.client.pause.error',
        error,
        topic: coordinator.topic.name,
        partition: coordinator.partition,
      });
    }
  }

  /** The listener quiets and pauses every partition itself: fetching is left alone from now on. */
  stopControllingFetching(): void {
    this.#controlsFetching = false;
  }
}
