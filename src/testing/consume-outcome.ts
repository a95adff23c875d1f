/**
 * What one run of a test consumer did, gathered from the app's monitor (the events the server publishes for
 * the same steps): batches handed to the consumer, errors, pauses, seeks, retry backoffs, dead letters, and
 * what was produced meanwhile.
 */
import type { Monitor } from '../instrumentation/monitor.js';
import type { InMemoryCluster } from './in-memory-cluster.js';
import { type ProducedMessage, producedMessage } from './produced-message.js';

/** One batch handed to `consume()` (or one virtual partition's part of it). */
export interface ConsumedBatch {
  readonly firstOffset: number;
  readonly lastOffset: number;
  readonly count: number;
}

/** An error the framework reported for this partition (what a hook threw, a failed commit...). */
export interface ReportedError {
  /** The `error.occurred` type: `consumer.consume.error`, `consumer.revoked.error`... */
  readonly type: string;
  readonly error: unknown;
}

/** A pause the consumer asked for (`this.pause(offset, timeoutMs)`). */
export interface RequestedPause {
  /** Offset processing goes on from. */
  readonly offset: number;
  /** How long, in ms (Infinity: until `resume()`). */
  readonly timeoutMs: number;
}

/** A seek the consumer asked for (`this.seek(target)`). */
export interface RequestedSeek {
  /** As asked: an offset, a time (ms since the epoch), 'earliest' or 'latest'. */
  readonly target: number | string;
  /** Offset fetching goes on from (-2: earliest, -1: latest). */
  readonly offset: number;
}

/** The backoff after a failed batch: the server would retry from `from` after `delayMs`. */
export interface RetryBackoff {
  readonly from: number;
  readonly delayMs: number;
  /** Failed attempts so far. */
  readonly attempt: number;
}

/** A message sent to the dead letter queue (or skipped, for a route with `deadLetterQueue.topic: false`). */
export interface DeadLetter {
  /** Offset of the message in its source partition. */
  readonly sourceOffset: number;
  /** Attempts made before it was dispatched. */
  readonly attempts: number;
  /** The dead letter topic, or false when the route skips such messages without a copy. */
  readonly topic: string | false;
  /** The copy produced to the dead letter topic (undefined when skipped). */
  readonly message: ProducedMessage | undefined;
}

/** What a run of the test consumer did; offsets are read after it. */
export interface ConsumeOutcome {
  /** Batches handed to `consume()`, in order. */
  readonly batches: readonly ConsumedBatch[];
  /** The last error a hook threw (undefined when none did). */
  readonly error: unknown;
  /** Every error reported for this partition during the run. */
  readonly errors: readonly ReportedError[];
  /** The offset stored for commit (next to read: the last marked message's offset + 1), if any. */
  readonly markedOffset: number | undefined;
  /** The committed offset (next to read) of the consumer group, if any was committed. */
  readonly committedOffset: number | undefined;
  /** The last pause the consumer asked for during the run. */
  readonly pause: RequestedPause | undefined;
  /** The last seek the consumer asked for during the run. */
  readonly seek: RequestedSeek | undefined;
  /** The backoff after a failure (the batch runs again on the next `consume()`, as the server's retry). */
  readonly retry: RetryBackoff | undefined;
  /** Messages dispatched to (or skipped for) the dead letter queue during the run. */
  readonly deadLetters: readonly DeadLetter[];
  /** Messages produced during the run (outside transactions, or in committed ones). */
  readonly produced: readonly ProducedMessage[];
  /** A critical error (settings' `criticalErrors`): the server would stop. */
  readonly criticalError: unknown;
}

/** Where a recorder listens. */
export interface RecorderTarget {
  readonly monitor: Monitor;
  readonly cluster: InMemoryCluster;
  readonly consumerGroup: string;
  readonly topic: string;
  readonly partition: number;
}

/** Records the events of one partition while a run lasts. */
export class ConsumeRecorder {
  readonly #target: RecorderTarget;
  readonly #batches: ConsumedBatch[] = [];
  readonly #errors: ReportedError[] = [];
  readonly #deadLetters: DeadLetter[] = [];
  readonly #producedBefore: number;
  #pause: RequestedPause | undefined;
  #seek: RequestedSeek | undefined;
  #retry: RetryBackoff | undefined;
  #criticalError: unknown;
  readonly #stop: () => void;

  /** Starts listening. */
  constructor(target: RecorderTarget) {
    this.#target = target;
    this.#producedBefore = target.cluster.produced.length;
    const { monitor } = target;
    const ours = (p: { readonly consumerGroup?: unknown; readonly topic?: unknown; readonly partition?: unknown }) =>
      p.consumerGroup === target.consumerGroup && p.topic === target.topic && p.partition === target.partition;
    const stops = [
      monitor.subscribe('consumer.consume', (p) => {
        if (ours(p) && p.firstOffset !== undefined && p.lastOffset !== undefined) {
          this.#batches.push({ firstOffset: p.firstOffset, lastOffset: p.lastOffset, count: p.messages });
        }
      }),
      monitor.subscribe('error.occurred', (p) => {
        const context = p as { readonly topic?: unknown; readonly partition?: unknown };
        if (context.topic === target.topic && context.partition === target.partition) {
          this.#errors.push({ type: p.type, error: p.error });
        }
      }),
      monitor.subscribe('consumer.consuming.pause', (p) => {
        if (!ours(p)) return;
        if (p.manual) this.#pause = { offset: p.offset, timeoutMs: p.timeout };
        else this.#retry = { from: p.offset, delayMs: p.timeout, attempt: p.attempt };
      }),
      monitor.subscribe('consumer.consuming.seek', (p) => {
        if (ours(p)) this.#seek = { target: p.target, offset: p.offset };
      }),
      monitor.subscribe('dead_letter_queue.dispatched', (p) => {
        if (!ours(p)) return;
        const { deadLetterTopic, deadLetterPartition, deadLetterOffset } = p;
        const stored =
          deadLetterTopic === false || deadLetterPartition === undefined || deadLetterOffset === undefined
            ? undefined
            : target.cluster.log(deadLetterTopic, deadLetterPartition)[deadLetterOffset];
        this.#deadLetters.push({
          sourceOffset: p.offset,
          attempts: p.attempts,
          topic: deadLetterTopic,
          message: stored === undefined ? undefined : producedMessage(stored, undefined),
        });
      }),
    ];
    this.#stop = () => {
      for (const stop of stops) stop();
    };
  }

  /** A critical error stopped the partition's processing (the server would stop). */
  critical(error: unknown): void {
    this.#criticalError = error;
  }

  /** Stops listening and sums up the run with the offsets `read` now. */
  finish(offsets: {
    readonly markedOffset: number | undefined;
    readonly committedOffset: number | undefined;
  }): ConsumeOutcome {
    this.#stop();
    const errors = [...this.#errors];
    return {
      batches: [...this.#batches],
      error: errors.at(-1)?.error,
      errors,
      ...offsets,
      pause: this.#pause,
      seek: this.#seek,
      retry: this.#retry,
      deadLetters: [...this.#deadLetters],
      produced: this.#target.cluster.produced.slice(this.#producedBefore),
      criticalError: this.#criticalError,
    };
  }
}
