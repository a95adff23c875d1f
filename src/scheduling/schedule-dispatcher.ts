/**
 * The dispatcher of one partition of the schedules topic: keeps the pending schedules of the partition in
 * memory and, once the partition is loaded, delivers each at or after its time. A delivery is one transaction
 * of the owner's fenced producer: the message to its target topic and a tombstone of the schedule. The next
 * owner reads that tombstone (or the transaction was aborted and it delivers the schedule itself), so a
 * schedule is delivered once for consumers that read committed data.
 */
import './events.js';
import type { OwnedPartitionContext, PartitionOwner } from './owned-partition.js';
import type { Message } from '../messages/message.js';
import { type ScheduleEntry, decodeSchedule, deliveredTombstone, deliveryMessage } from './scheduled-message-format.js';

/** Longest wait of the timer (the process checks again after it, whatever is pending). */
const MAX_WAIT_MS = 60_000;
/** Wait before a failed delivery is tried again. */
const RETRY_MS = 1_000;

/** Settings of a dispatcher. */
export interface DispatcherSettings {
  /** Most schedules delivered in one transaction. */
  readonly batchSize: number;
}

/** Delivers the schedules of one owned partition. */
export class ScheduleDispatcher implements PartitionOwner {
  readonly #context: OwnedPartitionContext;
  readonly #settings: DispatcherSettings;
  readonly #pending = new Map<string, ScheduleEntry>();
  #loaded = false;
  #released = false;
  #timer: NodeJS.Timeout | undefined;
  #delivering: Promise<void> | undefined;

  /** @param context the owned partition; @param settings batch size */
  constructor(context: OwnedPartitionContext, settings: DispatcherSettings) {
    this.#context = context;
    this.#settings = settings;
  }

  /** Schedules waiting for their time. */
  get pending(): number {
    return this.#pending.size;
  }

  apply(message: Message<Buffer | null>): void {
    const record = decodeSchedule(message.raw);
    if (record.kind === 'schedule') {
      this.#pending.set(record.entry.id, record.entry);
    } else if (record.kind === 'tombstone') {
      const entry = this.#pending.get(record.id);
      // A delivery tombstone removes only the schedule it delivered (not one written again under the same id).
      if (entry !== undefined && (record.deliveredOffset === undefined || entry.offset <= record.deliveredOffset)) {
        this.#pending.delete(record.id);
      }
    } else {
      this.#context.app.monitor.instrument('error.occurred', {
        type: 'schedules.message.invalid',
        error: new Error(
          `Schedules topic ${message.topic}/${String(message.partition)} offset ${String(message.offset)}: ` +
            `not a schedule (${record.problem}); it is left alone`,
        ),
        topic: message.topic,
        partition: message.partition,
        offset: message.offset,
      });
    }
    if (this.#loaded) this.#arm();
  }

  loaded(): void {
    this.#loaded = true;
    this.#context.app.monitor.instrument('schedules.loaded', {
      topic: this.#context.topic,
      partition: this.#context.partition,
      pending: this.#pending.size,
    });
    this.#arm();
  }

  async release(): Promise<void> {
    this.#released = true;
    clearTimeout(this.#timer);
    await this.#delivering;
  }

  /** Sets the timer for the earliest schedule (unless a delivery runs: it arms the timer when it ends). */
  #arm(delayMs?: number): void {
    if (this.#released || this.#delivering !== undefined) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    let earliest = Number.POSITIVE_INFINITY;
    for (const entry of this.#pending.values()) earliest = Math.min(earliest, entry.at);
    if (earliest === Number.POSITIVE_INFINITY) return;
    const wait = delayMs ?? Math.min(Math.max(0, earliest - Date.now()), MAX_WAIT_MS);
    this.#timer = setTimeout(() => this.#deliverDue(), wait);
  }

  #deliverDue(): void {
    this.#timer = undefined;
    let retryIn: number | undefined;
    this.#delivering = this.#deliverAll()
      .catch((error: unknown) => {
        retryIn = RETRY_MS;
        this.#context.app.monitor.instrument('error.occurred', {
          type: 'schedules.dispatch.error',
          error,
          topic: this.#context.topic,
          partition: this.#context.partition,
        });
      })
      .finally(() => {
        this.#delivering = undefined;
        this.#arm(retryIn);
      });
  }

  async #deliverAll(): Promise<void> {
    const { producer, topic, partition, app } = this.#context;
    for (;;) {
      if (this.#released || this.#context.signal.aborted) return;
      const now = Date.now();
      const due = [...this.#pending.values()]
        .filter((entry) => entry.at <= now)
        .sort((a, b) => a.at - b.at || a.offset - b.offset)
        .slice(0, this.#settings.batchSize);
      if (due.length === 0) return;
      await producer.transaction(async (tx) => {
        const deliveries = await tx.produceManyAsync(due.map(deliveryMessage));
        const tombstones = due.map((entry) => tx.tombstone(deliveredTombstone(topic, partition, entry)));
        await Promise.all([...deliveries.map((d) => d.wait()), ...tombstones]);
      });
      for (const entry of due) if (this.#pending.get(entry.id) === entry) this.#pending.delete(entry.id);
      app.monitor.instrument('schedules.dispatched', { topic, partition, ids: due.map((entry) => entry.id) });
    }
  }
}
