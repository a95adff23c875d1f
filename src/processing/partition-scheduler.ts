/**
 * The partitions of one listener and how their fetched data becomes jobs.
 *
 * Order per partition: at most one job per partition is queued or running; the next batch of a partition is
 * scheduled when its previous job finishes, without waiting for a poll and without waiting for other
 * partitions (no head-of-line blocking). Memory: a partition's buffer holds at most `maxBufferedMessages`
 * before its fetching pauses in the client, and fetching resumes when half of it was processed.
 */
import type { Settings } from '../config/settings.js';
import type { Logger } from '../instrumentation/logger.js';
import type { ConsumerContext, WorkersControl } from '../consumer/consumer-context.js';
import type { Monitor } from '../instrumentation/monitor.js';
import type { ConsumerDriver } from '../kafka/consumer-driver.js';
import type { KafkaMessage, TopicPartition } from '../kafka/types.js';
import type { Producer } from '../producer/producer.js';
import type { SubscriptionGroup } from '../routing/subscription-group.js';
import { backoffDelay } from './backoff.js';
import { Executor } from './executor.js';
import { Job, type JobKind } from './job.js';
import type { JobsQueue } from './jobs-queue.js';
import { PartitionCoordinator } from './partition-coordinator.js';
import { createPartitionContext } from './partition-context.js';

/** What the scheduler needs from its listener and the server. */
export interface PartitionSchedulerOptions {
  readonly subscriptionGroup: SubscriptionGroup;
  readonly settings: Settings;
  readonly monitor: Monitor;
  readonly logger: Logger;
  readonly jobsQueue: JobsQueue;
  readonly workers: WorkersControl;
  /** The listener's current client (it changes after a reset). */
  readonly driver: () => ConsumerDriver | undefined;
  /** The app's producer. */
  readonly producer: () => Producer;
}

const key = (topic: string, partition: number): string => `${topic}\u0000${String(partition)}`;

/** Coordinators of one listener and the jobs made from them. */
export class PartitionScheduler {
  readonly #options: PartitionSchedulerOptions;
  readonly #coordinators = new Map<string, PartitionCoordinator>();
  readonly #executor: Executor;
  readonly #retryTimers = new Map<PartitionCoordinator, NodeJS.Timeout>();
  #acceptingWork = true;

  /** @param options the listener's context */
  constructor(options: PartitionSchedulerOptions) {
    this.#options = options;
    this.#executor = new Executor(options.monitor, (c) => this.#contextFor(c));
  }

  /** Coordinators of the partitions assigned now. */
  get coordinators(): PartitionCoordinator[] {
    return [...this.#coordinators.values()];
  }

  /** The coordinator of a partition, if assigned. */
  get(topic: string, partition: number): PartitionCoordinator | undefined {
    return this.#coordinators.get(key(topic, partition));
  }

  /** False once the listener quiets: fetched data is dropped and no job starts. */
  get acceptingWork(): boolean {
    return this.#acceptingWork;
  }

  /** Creates coordinators for newly assigned partitions (a regained partition gets a fresh one). */
  assign(partitions: readonly TopicPartition[]): PartitionCoordinator[] {
    const created: PartitionCoordinator[] = [];
    for (const { topic: name, partition } of partitions) {
      const topic = this.#options.subscriptionGroup.topic(name);
      if (topic === undefined) continue;
      const coordinator = new PartitionCoordinator(topic, partition, this.#options.subscriptionGroup.id);
      this.#coordinators.set(key(name, partition), coordinator);
      created.push(coordinator);
    }
    return created;
  }

  /** Forgets a partition (after it was revoked and its hooks ran). */
  remove(coordinator: PartitionCoordinator): void {
    if (this.#coordinators.get(key(coordinator.topic.name, coordinator.partition)) === coordinator) {
      this.#coordinators.delete(key(coordinator.topic.name, coordinator.partition));
    }
    this.#clearRetryTimer(coordinator);
  }

  /** Hands a poll's messages to their partitions, pauses fetching of full buffers and schedules jobs. */
  distribute(messages: readonly KafkaMessage[]): void {
    if (messages.length === 0) return;
    let run: KafkaMessage[] = [];
    let current: PartitionCoordinator | undefined;
    const flush = (): void => {
      if (current !== undefined && run.length > 0) this.#receive(current, run);
      run = [];
    };
    for (const message of messages) {
      const coordinator = this.#coordinators.get(key(message.topic, message.partition));
      if (coordinator !== current) {
        flush();
        current = coordinator;
      }
      if (coordinator !== undefined) run.push(message);
    }
    flush();
  }

  #receive(coordinator: PartitionCoordinator, messages: KafkaMessage[]): void {
    if (!this.#acceptingWork || coordinator.revoked) return;
    coordinator.accept(messages);
    if (coordinator.buffer.length >= this.#options.settings.maxBufferedMessages && !coordinator.fetchPaused) {
      coordinator.fetchPaused = true;
      this.#options.driver()?.pause([{ topic: coordinator.topic.name, partition: coordinator.partition }]);
    }
    this.schedule(coordinator);
  }

  /** Queues the partition's next batch if it has one and nothing of it is queued or running. */
  schedule(coordinator: PartitionCoordinator): void {
    if (coordinator.job !== undefined || coordinator.revoked || !this.#acceptingWork) return;
    if (coordinator.buffer.length === 0) return;
    const now = Date.now();
    if (coordinator.retryAt > now) {
      this.#armRetryTimer(coordinator, coordinator.retryAt - now);
      return;
    }
    const batch = coordinator.takeBatch();
    const description = `consume ${coordinator.id} offsets ${String(batch[0]!.offset)}..${String(batch.at(-1)!.offset)} (${String(batch.length)} messages)`;
    this.#enqueue(coordinator, 'consume', description, async () => {
      const ok = await this.#executor.consume(coordinator, batch, now);
      this.#afterConsume(coordinator, batch, ok);
    });
    this.#resumeFetchIfDrained(coordinator);
  }

  #enqueue(coordinator: PartitionCoordinator, kind: JobKind, description: string, work: () => Promise<void>): Job {
    const job = new Job(
      kind,
      { groupId: coordinator.groupId, topic: coordinator.topic.name, partition: coordinator.partition },
      description,
      async () => {
        try {
          await work();
        } finally {
          if (coordinator.job === job) coordinator.finishJob();
          this.schedule(coordinator);
        }
      },
    );
    coordinator.job = job;
    this.#options.jobsQueue.push(job);
    return job;
  }

  #afterConsume(coordinator: PartitionCoordinator, batch: readonly KafkaMessage[], ok: boolean): void {
    if (ok) {
      coordinator.attempt = 0;
      coordinator.retryAt = 0;
      const last = batch.at(-1);
      if (last !== undefined) this.#store(coordinator, last.offset + 1);
      return;
    }
    coordinator.attempt += 1;
    coordinator.retryAt = Date.now() + backoffDelay(this.#options.settings.pause, coordinator.attempt);
    if (!coordinator.revoked) coordinator.giveBack(batch);
  }

  #resumeFetchIfDrained(coordinator: PartitionCoordinator): void {
    if (!coordinator.fetchPaused || coordinator.revoked || !this.#acceptingWork) return;
    if (coordinator.buffer.length > this.#options.settings.maxBufferedMessages / 2) return;
    coordinator.fetchPaused = false;
    this.#options.driver()?.resume([{ topic: coordinator.topic.name, partition: coordinator.partition }]);
  }

  #armRetryTimer(coordinator: PartitionCoordinator, delayMs: number): void {
    if (this.#retryTimers.has(coordinator)) return;
    const timer = setTimeout(() => {
      this.#retryTimers.delete(coordinator);
      this.schedule(coordinator);
    }, delayMs);
    this.#retryTimers.set(coordinator, timer);
  }

  #clearRetryTimer(coordinator: PartitionCoordinator): void {
    const timer = this.#retryTimers.get(coordinator);
    if (timer !== undefined) clearTimeout(timer);
    this.#retryTimers.delete(coordinator);
  }

  /** Stores `offset` (next to read) for commit; false when the partition may not be marked any more. */
  #store(coordinator: PartitionCoordinator, offset: number): boolean {
    const driver = this.#options.driver();
    if (!coordinator.canMark || driver === undefined) return false;
    if (this.#coordinators.get(key(coordinator.topic.name, coordinator.partition)) !== coordinator) return false;
    const stored = driver.storeOffsets([{ topic: coordinator.topic.name, partition: coordinator.partition, offset }]);
    if (stored) coordinator.markedOffset = offset;
    return stored;
  }

  /** Drops data not handed to a job yet and removes queued (not started) jobs of these partitions. */
  cancelPending(coordinators: readonly PartitionCoordinator[]): void {
    for (const coordinator of coordinators) {
      coordinator.buffer = [];
      this.#clearRetryTimer(coordinator);
      const job = coordinator.job;
      if (job !== undefined && this.#options.jobsQueue.remove(job)) coordinator.finishJob();
    }
  }

  /** Stops taking work: drops fetched data and queued jobs; running jobs finish. */
  stopAcceptingWork(): void {
    this.#acceptingWork = false;
    this.cancelPending(this.coordinators);
  }

  /** Runs `hook` for each coordinator through the jobs queue (after its running job) and waits for all. */
  async runLifecycle(kind: 'revoked' | 'shutdown', coordinators: readonly PartitionCoordinator[]): Promise<void> {
    await Promise.all(
      coordinators.map(async (coordinator) => {
        await coordinator.idle();
        if (coordinator.consumer === undefined) return;
        const job = this.#enqueue(coordinator, kind, `${kind} ${coordinator.id}`, () =>
          kind === 'revoked' ? this.#executor.revoked(coordinator) : this.#executor.shutdown(coordinator),
        );
        void job;
        await coordinator.idle();
      }),
    );
  }

  /** Runs `eofed()` for a partition that reached its end with nothing buffered. */
  eofed(coordinator: PartitionCoordinator): void {
    if (coordinator.job !== undefined || coordinator.revoked || !this.#acceptingWork || coordinator.buffer.length > 0) {
      return;
    }
    this.#enqueue(coordinator, 'eofed', `eofed ${coordinator.id}`, () => this.#executor.eofed(coordinator));
  }

  #contextFor(coordinator: PartitionCoordinator): ConsumerContext {
    return createPartitionContext(coordinator, {
      ...this.#options,
      store: (c, offset) => this.#store(c, offset),
    });
  }
}
