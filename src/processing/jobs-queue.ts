/**
 * Jobs waiting for a worker, shared by every listener. Lifecycle jobs (revoked, shutdown, eofed) go ahead of
 * consume jobs, so a rebalance or a stop is never stuck behind a backlog.
 */
import type { Job } from './job.js';

/** Counts of the queue. */
export interface JobsQueueStatistics {
  /** Jobs a worker is running. */
  readonly busy: number;
  /** Jobs waiting for a worker. */
  readonly enqueued: number;
}

/** FIFO queues of jobs, with per-subscription-group accounting. */
export class JobsQueue {
  readonly #urgent: Job[] = [];
  readonly #consume: Job[] = [];
  readonly #busy = new Set<Job>();
  readonly #pendingPerGroup = new Map<string, number>();
  readonly #groupWaiters = new Map<string, (() => void)[]>();
  #onAvailable: () => void = () => undefined;

  /** Called whenever a job is pushed (the worker pool dispatches). */
  onAvailable(callback: () => void): void {
    this.#onAvailable = callback;
  }

  /** Adds a job. */
  push(job: Job): void {
    (job.kind === 'consume' ? this.#consume : this.#urgent).push(job);
    this.#pendingPerGroup.set(job.groupId, (this.#pendingPerGroup.get(job.groupId) ?? 0) + 1);
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
    const lane = job.kind === 'consume' ? this.#consume : this.#urgent;
    const index = lane.indexOf(job);
    if (index < 0) return false;
    lane.splice(index, 1);
    this.#decrement(job.groupId);
    return true;
  }

  /** Records that a worker finished `job`. */
  complete(job: Job): void {
    if (!this.#busy.delete(job)) return;
    this.#decrement(job.groupId);
  }

  /** Drops the jobs of `groupId` that no worker took yet, and returns them. */
  clear(groupId: string): Job[] {
    const dropped: Job[] = [];
    for (const lane of [this.#urgent, this.#consume]) {
      for (let i = lane.length - 1; i >= 0; i -= 1) {
        const job = lane[i]!;
        if (job.groupId === groupId) {
          lane.splice(i, 1);
          dropped.unshift(job);
        }
      }
    }
    for (const job of dropped) this.#decrement(job.groupId);
    return dropped;
  }

  /** Resolves when no job of `groupId` waits or runs. */
  waitForGroup(groupId: string): Promise<void> {
    if ((this.#pendingPerGroup.get(groupId) ?? 0) === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.#groupWaiters.set(groupId, [...(this.#groupWaiters.get(groupId) ?? []), resolve]);
    });
  }

  /** Jobs a worker is running now. */
  busyJobs(): Job[] {
    return [...this.#busy];
  }

  /** Busy and enqueued counts. */
  get statistics(): JobsQueueStatistics {
    return { busy: this.#busy.size, enqueued: this.#urgent.length + this.#consume.length };
  }

  /** Busy and enqueued counts of one subscription group. */
  pendingFor(groupId: string): number {
    return this.#pendingPerGroup.get(groupId) ?? 0;
  }

  #decrement(groupId: string): void {
    const left = (this.#pendingPerGroup.get(groupId) ?? 1) - 1;
    if (left > 0) {
      this.#pendingPerGroup.set(groupId, left);
      return;
    }
    this.#pendingPerGroup.delete(groupId);
    const waiters = this.#groupWaiters.get(groupId) ?? [];
    this.#groupWaiters.delete(groupId);
    for (const resolve of waiters) resolve();
  }
}
