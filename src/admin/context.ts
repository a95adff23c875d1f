/**
 * What the admin operations share: the admin driver, the options, deadlines, topic look-ups that fail with
 * a clear error, and short-lived consumers for what the admin client cannot do itself.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { AdminDriver, TopicDescription } from '../kafka/admin-driver.js';
import type { ConsumerDriver } from '../kafka/consumer-driver.js';
import { KafkaDriverError } from '../kafka/driver-error.js';
import type { KafkaSettings } from '../kafka/types.js';
import { TopicNotFoundError } from './errors.js';
import type { ResolvedAdminOptions } from './options.js';

/** Kafka's UNKNOWN_TOPIC_OR_PARTITION. */
const UNKNOWN_TOPIC = 3;
/** librdkafka's timed-out code, used for the admin's own waits too. */
const TIMED_OUT = -185;

/** A point in time by which an admin call must be done. */
export class Deadline {
  readonly #at: number;

  /** @param timeoutMs from now */
  constructor(timeoutMs: number) {
    this.#at = Date.now() + timeoutMs;
  }

  /** Milliseconds left (at least 1, so it can be passed on as a timeout). */
  get remaining(): number {
    return Math.max(1, this.#at - Date.now());
  }

  /** True once the time is up. */
  get passed(): boolean {
    return Date.now() >= this.#at;
  }
}

/** Shared state of one `Admin`. */
export class AdminContext {
  /** The admin client. */
  readonly driver: AdminDriver;
  /** Resolved options. */
  readonly options: ResolvedAdminOptions;

  /** Creates the admin client. */
  constructor(options: ResolvedAdminOptions) {
    this.options = options;
    this.driver = options.drivers.admin({ settings: options.kafka });
  }

  /** A deadline `options.timeout` from now. */
  deadline(): Deadline {
    return new Deadline(this.options.timeout);
  }

  /** Describes topics; a missing topic fails with `TopicNotFoundError`. */
  async describeTopics(names: readonly string[], deadline: Deadline): Promise<TopicDescription[]> {
    if (names.length === 0) return [];
    try {
      return await this.driver.describeTopics(names, deadline.remaining);
    } catch (error) {
      if (error instanceof KafkaDriverError && error.code === UNKNOWN_TOPIC) {
        const missing = names.find((name) => error.message.includes(name)) ?? names.join(', ');
        throw new TopicNotFoundError(missing);
      }
      throw error;
    }
  }

  /** Describes one topic; fails with `TopicNotFoundError` when it does not exist. */
  async describeTopic(name: string, deadline: Deadline): Promise<TopicDescription> {
    const [topic] = await this.describeTopics([name], deadline);
    if (topic === undefined) throw new TopicNotFoundError(name);
    return topic;
  }

  /**
   * A connected consumer that never subscribes (so never joins its group): for reading partitions by
   * assignment and for committing a group's offsets. Close it with `forceClose()`.
   */
  async consumer(groupId: string, extra: KafkaSettings = {}): Promise<ConsumerDriver> {
    const consumer = this.options.drivers.consumer({
      settings: { ...this.options.kafka, 'group.id': groupId, 'enable.auto.commit': false, ...extra },
    });
    try {
      await consumer.connect();
    } catch (error) {
      await consumer.forceClose();
      throw error;
    }
    return consumer;
  }

  /** Polls `condition` every 100 ms until it holds; fails naming `what` at the deadline. */
  async waitFor(condition: () => Promise<boolean>, deadline: Deadline, what: string): Promise<void> {
    for (;;) {
      if (await condition()) return;
      if (deadline.passed) {
        throw new KafkaDriverError(`Timed out after ${String(this.options.timeout)} ms waiting for ${what}`, TIMED_OUT);
      }
      await delay(100);
    }
  }
}
