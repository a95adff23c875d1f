/**
 * Flow control of a listener's partitions: pauses (asked for by a consumer or by a strategy), their end, seeks
 * asked for by a consumer, and the timers that wake a held partition (pause or retry backoff) when its time
 * is up. Every change goes through the coordinator's transitions; the scheduler is woken to run what may run.
 */
import type { Monitor } from '../instrumentation/monitor.js';
import { consumerEventPayload } from './event-payload.js';
import type { PartitionCoordinator } from './partition-coordinator.js';
import { EARLIEST, LATEST, type PartitionOperations } from './partition-operations.js';

/** Where a seek goes: an offset, a time, or either end. */
export type SeekTarget = number | Date | 'earliest' | 'latest';

/** Pauses, resumes, seeks and wake-up timers of one listener's partitions. */
export class PartitionFlow {
  readonly #monitor: Monitor;
  readonly #operations: PartitionOperations;
  readonly #wake: (coordinator: PartitionCoordinator) => void;
  readonly #timers = new Map<PartitionCoordinator, NodeJS.Timeout>();

  /** @param wake runs what the partition may run now (the scheduler's `schedule`) */
  constructor(monitor: Monitor, operations: PartitionOperations, wake: (coordinator: PartitionCoordinator) => void) {
    this.#monitor = monitor;
    this.#operations = operations;
    this.#wake = wake;
  }

  /**
   * Pauses the partition (no job starts, fetching stops) for `timeoutMs` (Infinity: until `resume`), then goes
   * on from `offset`. The running batch is not marked automatically. `manual` (default true): asked for by the
   * consumer; `filter`: the filter that asked for it.
   */
  pause(
    coordinator: PartitionCoordinator,
    offset: number,
    timeoutMs: number,
    by: { readonly manual: boolean; readonly filter?: string } = { manual: true },
  ): void {
    if (!coordinator.isOwned) return;
    this.cancelWake(coordinator);
    coordinator.holds.pauseUntil(Date.now() + timeoutMs);
    coordinator.requestSeek(offset);
    this.#operations.reconcileFetch(coordinator);
    this.#monitor.instrument('consumer.consuming.pause', {
      ...consumerEventPayload(coordinator.topic, coordinator.partition, []),
      manual: by.manual,
      ...(by.filter === undefined ? {} : { filter: by.filter }),
      offset,
      timeout: timeoutMs,
      attempt: 0,
    });
    if (timeoutMs !== Infinity) this.wakeAt(coordinator, Date.now() + timeoutMs);
  }

  /** Ends a pause (a retry backoff as well) at once. */
  resume(coordinator: PartitionCoordinator): void {
    if (!coordinator.isOwned) return;
    this.cancelWake(coordinator);
    const wasHeld = coordinator.holds.resume(Date.now());
    this.#operations.reconcileFetch(coordinator);
    if (wasHeld) {
      this.#monitor.instrument(
        'consumer.consuming.resume',
        consumerEventPayload(coordinator.topic, coordinator.partition, []),
      );
    }
    this.#wake(coordinator);
  }

  /**
   * Moves the partition to `target`: fetched data is dropped, the attempt count resets, and the running batch
   * (its part `index`, asked from a virtual partition) is not marked automatically. The listener applies the
   * seek before its next poll.
   */
  async seek(coordinator: PartitionCoordinator, target: SeekTarget, index = 0): Promise<void> {
    if (!coordinator.isOwned) return;
    let offset: number;
    if (target === 'earliest') offset = EARLIEST;
    else if (target === 'latest') offset = LATEST;
    else if (target instanceof Date) offset = await this.#operations.offsetAt(coordinator, target);
    else if (Number.isInteger(target) && target >= 0) offset = target;
    else throw new RangeError(`seek() takes an offset >= 0, a Date, 'earliest' or 'latest', got ${String(target)}`);
    coordinator.seekedByConsumer(offset, index);
    this.#monitor.instrument('consumer.consuming.seek', {
      ...consumerEventPayload(coordinator.topic, coordinator.partition, []),
      target: target instanceof Date ? target.getTime() : target,
      offset,
    });
  }

  /**
   * Wakes the partition at `time` (ms since the epoch) unless a wake-up is already set; a pause whose time is
   * up then ends (`resume`), a backoff lets the next job run.
   */
  wakeAt(coordinator: PartitionCoordinator, time: number): void {
    if (this.#timers.has(coordinator) || time === Infinity) return;
    const timer = setTimeout(
      () => {
        this.#timers.delete(coordinator);
        if (coordinator.holds.pauseOver(Date.now())) this.resume(coordinator);
        else this.#wake(coordinator);
      },
      Math.max(0, time - Date.now()),
    );
    this.#timers.set(coordinator, timer);
  }

  /** Cancels the partition's wake-up, if any. */
  cancelWake(coordinator: PartitionCoordinator): void {
    const timer = this.#timers.get(coordinator);
    if (timer !== undefined) clearTimeout(timer);
    this.#timers.delete(coordinator);
  }
}
