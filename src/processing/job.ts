/**
 * A unit of work for the worker pool: one consumer hook run for one topic-partition.
 */

/** What a job does: run `consume()`, `revoked()`, `shutdown()`, `eofed()` or `tick()`. */
export type JobKind = 'consume' | 'revoked' | 'shutdown' | 'eofed' | 'tick';

/** One scheduled hook run. */
export class Job {
  readonly kind: JobKind;
  /** Subscription group id (`consumerGroup/subscriptionGroup`) the job belongs to. */
  readonly groupId: string;
  readonly topic: string;
  readonly partition: number;
  /** Class name of the consumer whose hook runs. */
  readonly consumer: string | undefined;
  /** One line for dumps and reports, e.g. `consume events/0 offsets 10..19 (10 messages)`. */
  readonly description: string;
  /** When the job was created (ms since the epoch). */
  readonly createdAt = Date.now();
  readonly #work: () => Promise<void>;

  /** @param work what to run; it reports its own errors (the pool reports anything that escapes) */
  constructor(
    kind: JobKind,
    target: { groupId: string; topic: string; partition: number; consumer?: string },
    description: string,
    work: () => Promise<void>,
  ) {
    this.kind = kind;
    this.groupId = target.groupId;
    this.topic = target.topic;
    this.partition = target.partition;
    this.consumer = target.consumer;
    this.description = description;
    this.#work = work;
  }

  /** Runs the job. */
  run(): Promise<void> {
    return this.#work();
  }
}
