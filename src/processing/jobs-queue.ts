/**
 * Jobs waiting for a worker, shared by every listener. Lifecycle jobs (revoked, shutdown, eofed) go ahead of
 * consume jobs, so a rebalance or a stop is never stuck behind a backlog. Periodic ticks wait with consume jobs.
 */
import type { Job } from './job.js';

/** Counts of the queue. */
export interface JobsQueueStatistics {
  /** Jobs a worker is running. */
  readonly busy: number;
  /** Jobs waiting for a worker. */
  readonly enqueued: number;
}

/** FIFO queues of jobs: lifecycle jobs first, then consume jobs. */
export class JobsQueue {
  readonly #urgent: Job[] = [];
  readonly #consume: Job[] = [];
  readonly #busy = new Set<Job>();
  #onAvailable: () => void = () => undefined;

  /** Called whenever a job is pushed (the worker pool dispatches). */
  onAvailable(callback: () => void): void {
    this.#onAvailable = callback;
  }

  /** Adds a job. */
  push(job: Job): void {
    this.#laneOf(job).push(job);
    this.#onAvailable();
  }

  /** Takes the next job for a worker (lifecycle jobs first), or undefined when none waits. */
  take(): Job | undefined {
    const job = this.#urgent.shift() ?? this.#consume.shift();
    if (job !== undefined) this.#busy.add(job);
    return job;
  }

  /** Removes `job` if no worker took it yet; returns whether it was removed. */
  remove(job: Job): boolean {
    const lane = this.#laneOf(job);
    const index = lane.indexOf(job);
    if (index < 0) return false;
    lane.splice(index, 1);
    return true;
  }

  /** Records that a worker finished `job`. */
  complete(job: Job): void {
    this.#busy.delete(job);
  }

  /** Busy and enqueued counts. */
  get statistics(): JobsQueueStatistics {
    return { busy: this.#busy.size, enqueued: this.#urgent.length + this.#consume.length };
  }

  #laneOf(job: Job): Job[] {
    return job.kind === 'consume' || job.kind === 'tick' ? this.#consume : this.#urgent;
  }
}
