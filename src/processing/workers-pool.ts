/**
 * The worker pool: `concurrency` async job slots shared by every listener. JavaScript runs one thread, so a
 * worker is a slot that runs one job at a time; CPU parallelism comes from swarm mode.
 */
import type { Monitor } from '../instrumentation/monitor.js';
import type { Job } from './job.js';
import type { JobsQueue } from './jobs-queue.js';

/** One slot and what it runs now. */
export interface WorkerState {
  readonly id: number;
  /** The job it runs, if any. */
  readonly job: Job | undefined;
  /** When that job started (ms since the epoch), if any. */
  readonly since: number | undefined;
}

interface Slot {
  id: number;
  job: Job | undefined;
  since: number | undefined;
}

/** Runs jobs from a queue in at most `size` concurrent slots. */
export class WorkersPool {
  readonly #queue: JobsQueue;
  readonly #monitor: Monitor;
  readonly #slots: Slot[] = [];
  #size: number;
  #running = 0;
  #stopped = false;
  #idleWaiters: (() => void)[] = [];

  /** @param size number of slots (at least 1) */
  constructor(queue: JobsQueue, size: number, monitor: Monitor) {
    this.#queue = queue;
    this.#monitor = monitor;
    this.#size = WorkersPool.#checkSize(size);
    queue.onAvailable(() => this.#dispatch());
  }

  static #checkSize(size: number): number {
    if (!Number.isInteger(size) || size < 1) {
      throw new RangeError(`workers.scale() needs an integer of at least 1, got ${String(size)}`);
    }
    return size;
  }

  /** Number of slots. */
  get size(): number {
    return this.#size;
  }

  /** Changes the number of slots; running jobs finish, extra slots take jobs at once. */
  scale(size: number): void {
    this.#size = WorkersPool.#checkSize(size);
    this.#dispatch();
  }

  /** Number of jobs running. */
  get busy(): number {
    return this.#running;
  }

  /** Every slot that exists now, with its job. */
  get workers(): WorkerState[] {
    return this.#slots.map(({ id, job, since }) => ({ id, job, since }));
  }

  /** Stops taking jobs (running jobs finish). */
  stop(): void {
    this.#stopped = true;
  }

  /** Resolves when no job runs. */
  idle(): Promise<void> {
    if (this.#running === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #dispatch(): void {
    while (!this.#stopped && this.#running < this.#size) {
      const job = this.#queue.take();
      if (job === undefined) return;
      const slot = this.#freeSlot();
      slot.job = job;
      slot.since = Date.now();
      this.#running += 1;
      void this.#run(slot, job);
    }
  }

  #freeSlot(): Slot {
    const free = this.#slots.find((s) => s.job === undefined && s.id <= this.#size);
    if (free !== undefined) return free;
    const slot: Slot = { id: this.#slots.length + 1, job: undefined, since: undefined };
    this.#slots.push(slot);
    return slot;
  }

  async #run(slot: Slot, job: Job): Promise<void> {
    const payload = { workerId: slot.id, job: job.kind, topic: job.topic, partition: job.partition };
    try {
      await this.#monitor.instrument('worker.processed', payload, () => {
        this.#monitor.instrument('worker.process', payload);
        return job.run();
      });
    } catch (error) {
      this.#monitor.instrument('error.occurred', { type: 'worker.process.error', error, job: job.description });
    } finally {
      slot.job = undefined;
      slot.since = undefined;
      this.#running -= 1;
      this.#queue.complete(job);
      this.#monitor.instrument('worker.completed', payload);
      if (this.#size < this.#slots.length) this.#trimSlots();
      if (this.#running === 0) {
        const waiters = this.#idleWaiters;
        this.#idleWaiters = [];
        for (const resolve of waiters) resolve();
      }
      this.#dispatch();
    }
  }

  #trimSlots(): void {
    while (this.#slots.length > this.#size && this.#slots.at(-1)?.job === undefined) this.#slots.pop();
  }
}
