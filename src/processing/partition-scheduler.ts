/**
 * The partitions of one listener and how their fetched data becomes jobs.
 *
 * Order per partition: at most one job per partition is queued or running; the next batch of a partition is
 * scheduled when its previous job finishes, without waiting for a poll and without waiting for other
 * partitions (no head-of-line blocking). Memory: a partition's buffer holds at most `maxBufferedMessages` (or
 * `maxBufferedBytes`) before its fetching pauses in the client, and fetching resumes when half of it was processed.
 * What happens after a batch (marking, retry, dead letter queue) is decided by `ConsumeOutcome`.
 */
import type { Settings } from '../config/settings.js';
import type { ConsumerContext, WorkersControl } from '../consumer/consumer-context.js';
import type { Logger } from '../instrumentation/logger.js';
import type { Monitor } from '../instrumentation/monitor.js';
import type { ConsumerDriver } from '../kafka/consumer-driver.js';
import type { KafkaMessage, TopicPartition } from '../kafka/types.js';
import type { Producer } from '../producer/producer.js';
import type { SubscriptionGroup } from '../routing/subscription-group.js';
import { ConsumeOutcome } from './consume-outcome.js';
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
  /** Called when a consumer threw one of the settings' `criticalErrors`: the server stops. */
  readonly onCriticalError: (error: unknown) => void;
}

/** Where a seek goes: an offset, a time, or either end. */
export type SeekTarget = number | Date | 'earliest' | 'latest';

const EARLIEST = -2;
const LATEST = -1;
const key = (topic: string, partition: number): string => `${topic}\u0000${String(partition)}`;

/** Coordinators of one listener and the jobs made from them. */
export class PartitionScheduler {
  readonly #options: PartitionSchedulerOptions;
  readonly #coordinators = new Map<string, PartitionCoordinator>();
  readonly #executor: Executor;
  readonly #outcome: ConsumeOutcome;
  readonly #timers = new Map<PartitionCoordinator, NodeJS.Timeout>();
  #acceptingWork = true;

  /** @param options the listener's context */
  constructor(options: PartitionSchedulerOptions) {
    this.#options = options;
    this.#executor = new Executor(options.monitor, (c) => this.#contextFor(c));
    this.#outcome = new ConsumeOutcome({
      monitor: options.monitor,
      producer: options.producer,
      criticalErrors: options.settings.criticalErrors,
      onCriticalError: options.onCriticalError,
      store: (c, offset) => this.store(c, offset),
      seek: (c, offset) => this.#requestSeek(c, offset),
    });
  }

  /** Coordinators of the partitions assigned now. */
  get coordinators(): PartitionCoordinator[] {
    return [...this.#coordinators.values()];
  }

  /** The coordinator of a partition, if assigned. */
  get(topic: string, partition: number): PartitionCoordinator | undefined {
    return this.#coordinators.get(key(topic, partition));
  }

  /** Messages fetched and not yet handed to a consumer, over every assigned partition. */
  get bufferedMessages(): number {
    let total = 0;
    for (const coordinator of this.#coordinators.values()) total += coordinator.buffer.length;
    return total;
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
    this.#clearTimer(coordinator);
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
    // Messages come in runs of one partition: look the coordinator up only when the partition changes.
    let topic: string | undefined;
    let partition = -1;
    for (const message of messages) {
      if (message.partition !== partition || message.topic !== topic) {
        topic = message.topic;
        partition = message.partition;
        flush();
        current = this.#coordinators.get(key(topic, partition));
      }
      if (current !== undefined) run.push(message);
    }
    flush();
  }

  #receive(coordinator: PartitionCoordinator, messages: KafkaMessage[]): void {
    // Data of a revoked partition, or fetched before a pending seek, must never reach a consumer.
    if (!this.#acceptingWork || coordinator.revoked || coordinator.pendingSeek !== undefined) return;
    coordinator.accept(messages);
    this.#reconcileFetch(coordinator);
    this.schedule(coordinator);
  }

  /** Records an end-of-partition; `eofed()` runs once the partition's fetched data was processed. */
  eof(coordinator: PartitionCoordinator, offset: number): void {
    if (!coordinator.topic.eofed) return;
    coordinator.eofOffset = offset;
    this.schedule(coordinator);
  }

  /** Queues the partition's next job (a batch, or `eofed()`) if it may run one now. */
  schedule(coordinator: PartitionCoordinator): void {
    if (coordinator.job !== undefined || coordinator.revoked || !this.#acceptingWork) return;
    if (coordinator.pendingSeek !== undefined) return;
    const now = Date.now();
    if (coordinator.retryAt > now) {
      if (coordinator.retryAt !== Infinity) this.#armTimer(coordinator, coordinator.retryAt - now);
      return;
    }
    if (coordinator.buffer.length === 0) {
      this.#scheduleEofed(coordinator);
      return;
    }
    const batch = coordinator.takeBatch();
    const first = batch[0]!;
    const last = batch.at(-1)!;
    const description = `consume ${coordinator.id} offsets ${String(first.offset)}..${String(last.offset)} (${String(batch.length)} messages)`;
    const retrying = coordinator.attempt > 0;
    this.#enqueue(coordinator, 'consume', description, async () => {
      if (retrying) {
        this.#options.monitor.instrument('consumer.consuming.retry', {
          ...this.#outcome.payload(coordinator, batch),
          attempt: coordinator.attempt + 1,
          offset: first.offset,
        });
      }
      const error = await this.#executor.consume(coordinator, batch, now);
      await this.#outcome.settle(coordinator, batch, error);
    });
    this.#reconcileFetch(coordinator);
  }

  #scheduleEofed(coordinator: PartitionCoordinator): void {
    const eof = coordinator.eofOffset;
    if (eof === undefined) return;
    coordinator.eofOffset = undefined;
    // New messages arrived after the end was reached: a later end-of-partition will come.
    if (coordinator.nextFetchOffset > eof) return;
    this.#enqueue(coordinator, 'eofed', `eofed ${coordinator.id}`, () => this.#executor.eofed(coordinator));
  }

  #enqueue(coordinator: PartitionCoordinator, kind: JobKind, description: string, work: () => Promise<void>): Job {
    const job = new Job(
      kind,
      {
        groupId: coordinator.groupId,
        topic: coordinator.topic.name,
        partition: coordinator.partition,
        ...(coordinator.topic.consumer === undefined ? {} : { consumer: coordinator.topic.consumer.name }),
      },
      description,
      async () => {
        coordinator.startJob();
        try {
          await work();
        } finally {
          if (coordinator.job === job) coordinator.finishJob();
          this.#reconcileFetch(coordinator);
          this.schedule(coordinator);
        }
      },
    );
    coordinator.job = job;
    this.#options.jobsQueue.push(job);
    return job;
  }

  /**
   * Pauses or resumes fetching of a partition in the client: fetch while owned, accepting work, not paused by
   * the consumer and with room in the buffer (resume only once half of a full buffer was processed).
   */
  #reconcileFetch(coordinator: PartitionCoordinator): void {
    const driver = this.#options.driver();
    if (driver === undefined || coordinator.revoked || !this.#acceptingWork) return;
    const { maxBufferedMessages, maxBufferedBytes } = this.#options.settings;
    const count = coordinator.buffer.length;
    const bytes = coordinator.bufferedBytes;
    const full = count >= maxBufferedMessages || bytes >= maxBufferedBytes;
    const drained = count <= maxBufferedMessages / 2 && bytes <= maxBufferedBytes / 2;
    const wantPaused = coordinator.manualPause || full || (coordinator.fetchPaused && !drained);
    if (wantPaused === coordinator.fetchPaused) return;
    const tp = [{ topic: coordinator.topic.name, partition: coordinator.partition }];
    try {
      if (wantPaused) driver.pause(tp);
      else driver.resume(tp);
      coordinator.fetchPaused = wantPaused;
    } catch (error) {
      this.#options.monitor.instrument('error.occurred', {
        type: 'connection.client.pause.error',
        error,
        topic: coordinator.topic.name,
        partition: coordinator.partition,
      });
    }
  }

  #armTimer(coordinator: PartitionCoordinator, delayMs: number): void {
    if (this.#timers.has(coordinator)) return;
    const timer = setTimeout(() => {
      this.#timers.delete(coordinator);
      if (coordinator.manualPause && coordinator.retryAt <= Date.now()) this.resume(coordinator);
      else this.schedule(coordinator);
    }, delayMs);
    this.#timers.set(coordinator, timer);
  }

  #clearTimer(coordinator: PartitionCoordinator): void {
    const timer = this.#timers.get(coordinator);
    if (timer !== undefined) clearTimeout(timer);
    this.#timers.delete(coordinator);
  }

  /** Stores `offset` (next to read) for commit; false when the partition may not be marked any more. */
  store(coordinator: PartitionCoordinator, offset: number): boolean {
    const driver = this.#options.driver();
    if (!coordinator.canMark || driver === undefined) return false;
    if (this.#coordinators.get(key(coordinator.topic.name, coordinator.partition)) !== coordinator) return false;
    const stored = driver.storeOffsets([{ topic: coordinator.topic.name, partition: coordinator.partition, offset }]);
    if (!stored) return false;
    coordinator.markedOffset = offset;
    coordinator.restartOffset = offset;
    if (coordinator.topic.deadLetterQueue?.independent === true && coordinator.running) coordinator.attempt = 0;
    return true;
  }

  /**
   * Pauses the partition (no job starts, fetching stops) for `timeoutMs` (Infinity: until `resume`), then goes
   * on from `offset`. The running batch is not marked automatically.
   */
  pause(coordinator: PartitionCoordinator, offset: number, timeoutMs: number): void {
    if (coordinator.revoked) return;
    this.#clearTimer(coordinator);
    coordinator.manualPause = true;
    coordinator.retryAt = Date.now() + timeoutMs;
    if (coordinator.running) coordinator.skipAutoMark = true;
    this.#requestSeek(coordinator, offset);
    this.#reconcileFetch(coordinator);
    this.#options.monitor.instrument('consumer.consuming.pause', {
      ...this.#outcome.payload(coordinator, []),
      manual: true,
      offset,
      timeout: timeoutMs,
      attempt: 0,
    });
    if (timeoutMs !== Infinity) this.#armTimer(coordinator, timeoutMs);
  }

  /** Ends a pause at once (a retry backoff as well). */
  resume(coordinator: PartitionCoordinator): void {
    if (coordinator.revoked) return;
    this.#clearTimer(coordinator);
    const wasPaused = coordinator.manualPause || coordinator.retryAt > Date.now();
    coordinator.manualPause = false;
    coordinator.retryAt = 0;
    this.#reconcileFetch(coordinator);
    if (wasPaused)
      this.#options.monitor.instrument('consumer.consuming.resume', this.#outcome.payload(coordinator, []));
    this.schedule(coordinator);
  }

  /**
   * Moves the partition to `target`: fetched data is dropped, the attempt count resets, and the running batch
   * is not marked automatically. The listener applies the seek before its next poll.
   */
  async seek(coordinator: PartitionCoordinator, target: SeekTarget): Promise<void> {
    if (coordinator.revoked) return;
    let offset: number;
    if (target === 'earliest') offset = EARLIEST;
    else if (target === 'latest') offset = LATEST;
    else if (target instanceof Date) offset = await this.#offsetAt(coordinator, target);
    else if (Number.isInteger(target) && target >= 0) offset = target;
    else throw new RangeError(`seek() takes an offset >= 0, a Date, 'earliest' or 'latest', got ${String(target)}`);
    coordinator.attempt = 0;
    if (coordinator.running) coordinator.skipAutoMark = true;
    this.#requestSeek(coordinator, offset);
    this.#options.monitor.instrument('consumer.consuming.seek', {
      ...this.#outcome.payload(coordinator, []),
      target: target instanceof Date ? target.getTime() : target,
      offset,
    });
  }

  async #offsetAt(coordinator: PartitionCoordinator, time: Date): Promise<number> {
    const driver = this.#options.driver();
    if (driver === undefined) throw new Error(`Cannot seek ${coordinator.id}: the consumer is not connected`);
    const [found] = await driver.offsetsForTimes(
      [{ topic: coordinator.topic.name, partition: coordinator.partition, offset: time.getTime() }],
      10_000,
    );
    // Past the last message's time there is no offset: continue at the end.
    return found === undefined || found.offset < 0 ? LATEST : found.offset;
  }

  #requestSeek(coordinator: PartitionCoordinator, offset: number): void {
    coordinator.requestSeek(offset);
  }

  /** Seeks asked for since the last poll; the listener applies them with the client, then calls `seekApplied`. */
  pendingSeeks(): PartitionCoordinator[] {
    return this.coordinators.filter((c) => c.pendingSeek !== undefined && !c.revoked);
  }

  /** After the client applied a seek: data may flow again. */
  seekApplied(coordinator: PartitionCoordinator, offset: number): void {
    coordinator.seekApplied(offset);
    this.#reconcileFetch(coordinator);
    this.schedule(coordinator);
  }

  /** The partition whose running job started longest ago, if it started before `ageMs` ago. */
  overdue(ageMs: number): PartitionCoordinator | undefined {
    const limit = Date.now() - ageMs;
    return this.coordinators.find((c) => c.jobStartedAt !== undefined && c.jobStartedAt < limit);
  }

  /** Drops data not handed to a job yet and removes queued (not started) jobs of these partitions. */
  cancelPending(coordinators: readonly PartitionCoordinator[]): void {
    for (const coordinator of coordinators) {
      coordinator.dropBuffer();
      coordinator.eofOffset = undefined;
      this.#clearTimer(coordinator);
      const job = coordinator.job;
      if (job !== undefined && this.#options.jobsQueue.remove(job)) coordinator.finishJob();
    }
  }

  /** Stops taking work: drops fetched data and queued jobs; running jobs finish. */
  stopAcceptingWork(): void {
    this.#acceptingWork = false;
    this.cancelPending(this.coordinators);
  }

  /** Runs `revoked()` or `shutdown()` for each built consumer (after its running job) and waits for all. */
  async runLifecycle(kind: 'revoked' | 'shutdown', coordinators: readonly PartitionCoordinator[]): Promise<void> {
    await Promise.all(
      coordinators.map(async (coordinator) => {
        await coordinator.idle();
        if (coordinator.consumer === undefined) return;
        this.#enqueue(coordinator, kind, `${kind} ${coordinator.id}`, () =>
          kind === 'revoked' ? this.#executor.revoked(coordinator) : this.#executor.shutdown(coordinator),
        );
        await coordinator.idle();
      }),
    );
  }

  #contextFor(coordinator: PartitionCoordinator): ConsumerContext {
    return createPartitionContext(coordinator, {
      ...this.#options,
      store: (c, offset) => this.store(c, offset),
      pause: (c, offset, timeout) => this.pause(c, offset, timeout ?? c.topic.pause.timeout),
      resume: (c) => this.resume(c),
      seek: (c, target) => this.seek(c, target),
      dispatchToDlq: (c, message) => this.#outcome.dispatchManually(c, message),
    });
  }
}
