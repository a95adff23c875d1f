/**
 * The jobs of one partition that are queued or running, when each started, and who waits for none to be left.
 * Without virtual partitions a partition has at most one; a split batch has one per virtual partition.
 */
import type { Job } from './job.js';

interface Entry {
  /** The part of the plan (virtual partition) a consume job runs; 0 for other jobs. */
  readonly part: number;
  /** When it started running (ms since the epoch). */
  startedAt: number | undefined;
}

/** Queued and running jobs of a partition. */
export class PartitionJobs {
  readonly #partition: string;
  readonly #limit: number;
  readonly #jobs = new Map<Job, Entry>();
  readonly #idleWaiters: (() => void)[] = [];

  /** @param partition `topic/partition`, for errors; @param limit most jobs at once (the strategy's) */
  constructor(partition: string, limit: number) {
    this.#partition = partition;
    this.#limit = limit;
  }

  /** Number of jobs queued or running. */
  get size(): number {
    return this.#jobs.size;
  }

  /** The oldest job queued or running, if any. */
  get first(): Job | undefined {
    return this.#jobs.keys().next().value;
  }

  /** Every job queued or running, oldest first. */
  get all(): Job[] {
    return [...this.#jobs.keys()];
  }

  /** Jobs waiting in the queue (not started). */
  get queued(): Job[] {
    return [...this.#jobs].filter(([, entry]) => entry.startedAt === undefined).map(([job]) => job);
  }

  /** True while any job runs (not just waits). */
  get running(): boolean {
    for (const entry of this.#jobs.values()) if (entry.startedAt !== undefined) return true;
    return false;
  }

  /** When the job running longest started, if one runs. */
  get oldestStart(): number | undefined {
    let oldest: number | undefined;
    for (const { startedAt } of this.#jobs.values()) {
      if (startedAt !== undefined && (oldest === undefined || startedAt < oldest)) oldest = startedAt;
    }
    return oldest;
  }

  /** The part `job` runs, if it is queued or running. */
  partOf(job: Job): number | undefined {
    return this.#jobs.get(job)?.part;
  }

  /** `job` (running part `part` of the partition's plan) was queued; throws past the limit. */
  add(job: Job, part = 0): void {
    if (this.#jobs.size >= this.#limit) {
      throw new Error(`Partition ${this.#partition} already has a job: ${this.first!.description}`);
    }
    this.#jobs.set(job, { part, startedAt: undefined });
  }

  /** `job` started running. */
  start(job: Job): void {
    const entry = this.#jobs.get(job);
    if (entry !== undefined) entry.startedAt = Date.now();
  }

  /** `job` finished or was taken off the queue; wakes idle waiters when none is left. Returns whether it was here. */
  remove(job: Job): boolean {
    if (!this.#jobs.delete(job)) return false;
    if (this.#jobs.size === 0) for (const resolve of this.#idleWaiters.splice(0)) resolve();
    return true;
  }

  /** Resolves when no job is queued or running. */
  idle(): Promise<void> {
    if (this.#jobs.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }
}
