/**
 * Periodic ticks of a listener's partitions (topics routed with `periodic`): a partition that had no job for its
 * topic's interval gets a tick job, which runs `tick()` on its consumer. A tick is a job of the partition like a
 * consume: it is queued only when the partition has no job, so it never runs beside a consume of the same
 * partition, and a batch fetched meanwhile waits for it.
 *
 * One timer serves every partition of the listener: it wakes at the earliest time a partition may be due (no
 * sooner than a tenth of the shortest interval after the previous wake, so partitions due at nearly the same
 * time share a wake), ticks every due partition that may tick now, and sets itself again. Each partition only
 * records when its last job ended. Ticks stop for a partition when it stops being owned (revocation, loss) and
 * for all of them when the listener stops taking work.
 */
import type { PartitionCoordinator } from './partition-coordinator.js';

/** Least and most time between two wakes of the timer, in ms (see `#resolution`). */
const MIN_RESOLUTION_MS = 10;
const MAX_RESOLUTION_MS = 1_000;

/** What periodic ticks need from the scheduler. */
export interface PeriodicTicksOptions {
  /** Queues a job of the partition (the scheduler's queueing, so it is ordered with the partition's other jobs). */
  readonly enqueue: (coordinator: PartitionCoordinator, description: string, work: () => Promise<void>) => void;
  /** Runs `tick()` on the partition's consumers (the executor's). */
  readonly run: (coordinator: PartitionCoordinator) => Promise<void>;
  /** Whether the timer queues ticks by itself (default true; the testing toolkit turns it off and ticks on demand). */
  readonly timer?: boolean;
}

/** When partitions of one listener are due a tick, and the one timer that queues their tick jobs. */
export class PeriodicTicks {
  readonly #options: PeriodicTicksOptions;
  /** Partitions that tick, and when their last job ended (or when they were assigned), in ms since the epoch. */
  readonly #lastActive = new Map<PartitionCoordinator, number>();
  #timer: NodeJS.Timeout | undefined;
  #timerAt = Infinity;
  #stopped = false;

  /** @param options how a tick job is queued and run */
  constructor(options: PeriodicTicksOptions) {
    this.#options = options;
  }

  /** Number of partitions that tick. */
  get size(): number {
    return this.#lastActive.size;
  }

  /** A partition was assigned: it ticks when its topic has periodic ticks, first after one interval. */
  track(coordinator: PartitionCoordinator, now = Date.now()): void {
    const periodic = coordinator.topic.periodic;
    if (this.#stopped || periodic === undefined) return;
    this.#lastActive.set(coordinator, now);
    this.#arm(now + periodic.interval, now);
  }

  /** A job of the partition ended at `now`: its next tick is at least one interval away. */
  jobEnded(coordinator: PartitionCoordinator, now = Date.now()): void {
    if (this.#lastActive.has(coordinator)) this.#lastActive.set(coordinator, now);
  }

  /** The partition ticks no more (it was revoked or lost and is forgotten). */
  untrack(coordinator: PartitionCoordinator): void {
    this.#lastActive.delete(coordinator);
    if (this.#lastActive.size === 0) this.#disarm();
  }

  /** No partition ticks any more (the listener stops taking work). */
  stop(): void {
    this.#stopped = true;
    this.#lastActive.clear();
    this.#disarm();
  }

  /**
   * Queues a tick job of the partition if it may tick now (see `mayTick`; never after `stop()`); returns whether
   * it did. The timer calls it for partitions that are due; the testing toolkit may call it at any time. The job
   * runs `tick()` unless the partition stopped being owned or ticks stopped before it started, so no tick follows
   * `revoked()` or `shutdown()`.
   */
  tick(coordinator: PartitionCoordinator, now = Date.now()): boolean {
    if (this.#stopped || !PeriodicTicks.mayTick(coordinator, now)) return false;
    this.#options.enqueue(coordinator, `tick ${coordinator.id}`, async () => {
      if (coordinator.isOwned && !this.#stopped) await this.#options.run(coordinator);
    });
    return true;
  }

  /**
   * True when the partition may tick now: it is owned, has no job, and is not held (a pause only when the topic
   * ticks during pauses, a retry backoff only when it ticks during retries); not held, it has no fetched
   * message waiting (a consume job comes instead).
   */
  static mayTick(coordinator: PartitionCoordinator, now = Date.now()): boolean {
    const periodic = coordinator.topic.periodic;
    if (periodic === undefined || !coordinator.isOwned || coordinator.busy) return false;
    if (coordinator.heldUntil > now) return coordinator.paused ? periodic.duringPause : periodic.duringRetry;
    return coordinator.bufferedMessages === 0;
  }

  #wake(): void {
    this.#timer = undefined;
    this.#timerAt = Infinity;
    const now = Date.now();
    let next = Infinity;
    let shortest = Infinity;
    for (const [coordinator, last] of this.#lastActive) {
      const { interval } = coordinator.topic.periodic!;
      shortest = Math.min(shortest, interval);
      let due = last + interval;
      if (due <= now) {
        // Ticked or not (busy, held, data waiting), look again one interval later; a job that ends sooner
        // moves the partition's next tick to one interval after it.
        if (this.tick(coordinator, now)) this.#lastActive.set(coordinator, now);
        due = now + interval;
      }
      next = Math.min(next, due);
    }
    if (next !== Infinity) this.#arm(Math.max(next, now + this.#resolution(shortest)), now);
  }

  /** Partitions due within this much of each other share a wake: a tenth of the shortest interval, bounded. */
  #resolution(shortestInterval: number): number {
    return Math.min(MAX_RESOLUTION_MS, Math.max(MIN_RESOLUTION_MS, Math.floor(shortestInterval / 10)));
  }

  /** Sets the timer to wake at `at`, unless it is stopped or already wakes sooner. */
  #arm(at: number, now: number): void {
    if (this.#stopped || this.#options.timer === false || at >= this.#timerAt) return;
    this.#disarm();
    this.#timerAt = at;
    this.#timer = setTimeout(() => this.#wake(), Math.max(0, at - now));
    // The listener's fetch loop keeps the process alive; a pending tick alone must not.
    this.#timer.unref();
  }

  #disarm(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerAt = Infinity;
  }
}
