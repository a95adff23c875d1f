/**
 * Commits of a consumer whose partitions were assigned directly (`assign()`, no subscription). The binding stores
 * offsets in librdkafka only for a subscribed consumer, so librdkafka's interval auto-commit has nothing to send:
 * the driver keeps the stored offsets itself (`StoredOffsets`) and this sends those that moved, every
 * `auto.commit.interval.ms` (librdkafka's default 5 000 ms; `enable.auto.commit: false` turns it off). The broker
 * keeps them under `group.id` like a member's commits. Close commits once more, confirmed, before unassigning.
 */
import type { KafkaSettings, TopicPartition, TopicPartitionOffset } from '../types.js';

/** librdkafka's default `auto.commit.interval.ms`. */
const DEFAULT_INTERVAL_MS = 5_000;

/** What the periodic commit needs from its consumer. */
export interface DirectCommitsOptions {
  readonly settings: KafkaSettings;
  /** The stored offsets of the partitions assigned now. */
  readonly stored: () => readonly TopicPartitionOffset[];
  /** Sends a commit (not waiting for the broker's confirmation). */
  readonly commit: (offsets: readonly TopicPartitionOffset[]) => Promise<void>;
  /** Gives the assigned partitions up (on close, after the last commit). */
  readonly unassign: () => void;
  /** A commit or the unassign failed (`action` says which). */
  readonly onError: (error: unknown, action: string) => void;
}

const key = (o: TopicPartition): string => `${o.topic}\u0000${String(o.partition)}`;

/** Whether every one of `offsets` is of a partition in `assignment` (a store for another one is refused). */
export function allAssigned(offsets: readonly TopicPartitionOffset[], assignment: readonly TopicPartition[]): boolean {
  const assigned = new Set(assignment.map(key));
  return offsets.every((o) => assigned.has(key(o)));
}

/** The interval commit of a directly assigned consumer. */
export class DirectCommits {
  readonly #options: DirectCommitsOptions;
  readonly #sent = new Map<string, number>();
  #timer: NodeJS.Timeout | undefined;
  #inFlight: Promise<void> | undefined;

  /** @param options the consumer's settings, stored offsets and commit */
  constructor(options: DirectCommitsOptions) {
    this.#options = options;
  }

  /** Starts committing on the interval (once; not when `enable.auto.commit` is false). */
  start(): void {
    const { settings } = this.#options;
    if (this.#timer !== undefined || String(settings['enable.auto.commit']) === 'false') return;
    const interval = Number(settings['auto.commit.interval.ms'] ?? DEFAULT_INTERVAL_MS);
    const every = Number.isFinite(interval) && interval > 0 ? interval : DEFAULT_INTERVAL_MS;
    this.#timer = setInterval(() => {
      this.#inFlight ??= this.#commitMoved().finally(() => {
        this.#inFlight = undefined;
      });
    }, every);
    this.#timer.unref();
  }

  /** Stops the interval; resolves once a commit in flight settled. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#inFlight;
  }

  /** Unassigns the partitions (close, after its commit); a failure is reported, not thrown. */
  release(): void {
    try {
      this.#options.unassign();
    } catch (error) {
      this.#options.onError(error, 'Unassigning partitions on close');
    }
  }

  /** Remembers offsets committed elsewhere (a synchronous commit), so they are not sent again. */
  committed(offsets: readonly TopicPartitionOffset[]): void {
    for (const o of offsets) this.#sent.set(key(o), o.offset);
  }

  async #commitMoved(): Promise<void> {
    const moved = this.#options.stored().filter((o) => this.#sent.get(key(o)) !== o.offset);
    if (moved.length === 0) return;
    try {
      await this.#options.commit(moved);
      this.committed(moved);
    } catch (error) {
      this.#options.onError(error, 'Committing offsets');
    }
  }
}
