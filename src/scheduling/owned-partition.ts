/**
 * The base of the time features' built-in consumers: a partition of an internal topic whose owner (the group
 * member it is assigned to) keeps the partition's state in memory and writes through a transactional producer
 * of its own. Taking a partition over goes in three steps:
 *
 * 1. fence: the owner's producer uses a `transactional.id` derived from the group, topic and partition, so
 *    connecting it aborts a transaction a previous owner left open and fences that owner out;
 * 2. mark: it then writes a marker (a tombstone with a key of its own) to the partition;
 * 3. load: it reads the partition from its start (the routes never commit offsets) and is loaded when it reads
 *    its own marker: everything the previous owners committed has then been read.
 *
 * Only then does it act (deliver due messages, run due tasks). The route reads committed data only
 * (`isolation.level: read_committed`, librdkafka's default) and asks for end-of-partition events, so an empty
 * partition's consumer is built too.
 */
import { randomUUID } from 'node:crypto';
import type { App } from '../app/app.js';
import { BaseConsumer } from '../consumer/base-consumer.js';
import type { Message } from '../messages/message.js';
import { Producer } from '../producer/producer.js';
import type { ConsumerClass } from '../routing/consumer-feature.js';

/** Header that marks a load marker (its key is `<prefix><owner id>`). */
export const MARKER_HEADER = 'karafka_owner_marker';
/** Prefix of a load marker's key. */
export const MARKER_KEY_PREFIX = '__karafka_owner_marker__:';

/** What an owner of one partition is given. */
export interface OwnedPartitionContext {
  readonly app: App;
  readonly topic: string;
  readonly partition: number;
  /** Fenced transactional producer of this owner (every produce runs in a transaction). */
  readonly producer: Producer;
  /** Aborts when the partition stops being owned. */
  readonly signal: AbortSignal;
}

/** The feature's logic for one owned partition. */
export interface PartitionOwner {
  /** Applies a message of the partition (before and after loading, in offset order; markers excluded). */
  apply(message: Message<Buffer | null>): void;
  /** The partition is loaded: act from now on. */
  loaded(): void;
  /** The partition is no longer owned (revoked, or the server stops): stop acting, wait for running work. */
  release(): Promise<void>;
}

/** The transactional id of the owner of `topic`/`partition` in `group` (the same in every process). */
export function ownerTransactionalId(group: string, topic: string, partition: number): string {
  return `karafka-owner:${group}:${topic}:${String(partition)}`;
}

/**
 * A consumer class that owns partitions of an internal topic for `createOwner` (one owner per assigned
 * partition, built when the partition's consumer is).
 */
export function ownedPartitionConsumer(
  app: App,
  feature: string,
  createOwner: (context: OwnedPartitionContext) => PartitionOwner,
): ConsumerClass<Buffer | null> {
  return class OwnedPartitionConsumer extends BaseConsumer<Buffer | null> {
    readonly #ownerId = randomUUID();
    #owner: PartitionOwner | undefined;
    #producer: Producer | undefined;
    #starting: Promise<void> | undefined;
    #loaded = false;
    #released: Promise<void> | undefined;
    /** Why the owner could not be built (bad settings): every batch then fails with it, loudly. */
    #failure: unknown;

    override initialized(): void {
      try {
        this.#begin();
      } catch (error) {
        this.#failure = error;
        throw error;
      }
    }

    #begin(): void {
      const producer = new Producer({
        kafka: {
          ...app.settings.kafka,
          'transactional.id': ownerTransactionalId(this.topic.consumerGroup, this.topic.name, this.partition),
          'statistics.interval.ms': 0,
        },
        id: `${app.settings.clientId}-${feature}-${String(this.partition)}`,
        monitor: app.monitor,
        drivers: app.drivers,
        oauthBearerProvider: app.settings.oauthBearerProvider,
      });
      this.#producer = producer;
      this.#owner = createOwner({
        app,
        topic: this.topic.name,
        partition: this.partition,
        producer,
        signal: this.signal,
      });
      this.#starting = this.#start(producer).catch((error: unknown) => {
        this.monitor.instrument('error.occurred', {
          type: `${feature}.takeover.error`,
          error,
          topic: this.topic.name,
          partition: this.partition,
        });
        throw error;
      });
    }

    async consume(): Promise<void> {
      for (const message of this.messages) {
        if (message.key?.startsWith(MARKER_KEY_PREFIX) === true && message.headers[MARKER_HEADER] !== undefined) {
          if (message.key === `${MARKER_KEY_PREFIX}${this.#ownerId}` && !this.#loaded) {
            // The marker is read after the fence, so it was written: no need to wait for #starting here.
            this.#loaded = true;
            this.#owner?.loaded();
          }
          continue;
        }
        this.#owner?.apply(message);
      }
      await this.#takeoverDone();
    }

    override async eofed(): Promise<void> {
      await this.#takeoverDone();
    }

    /** Throws when the takeover failed (the batch or end event is then retried, and the takeover with it). */
    async #takeoverDone(): Promise<void> {
      if (this.#loaded) return;
      if (this.#producer === undefined || this.#starting === undefined) {
        throw new Error(`${feature}: the owner of ${this.topic.name}/${String(this.partition)} could not start`, {
          cause: this.#failure,
        });
      }
      const producer = this.#producer;
      await this.#starting.catch((error: unknown) => {
        this.#starting = this.#start(producer);
        this.#starting.catch(() => undefined);
        throw error;
      });
    }

    override async revoked(): Promise<void> {
      await this.#release();
    }

    override async shutdown(): Promise<void> {
      await this.#release();
    }

    async #start(producer: Producer): Promise<void> {
      await producer.connect();
      await producer.tombstone({
        topic: this.topic.name,
        partition: this.partition,
        key: `${MARKER_KEY_PREFIX}${this.#ownerId}`,
        headers: { [MARKER_HEADER]: this.#ownerId },
      });
    }

    #release(): Promise<void> {
      this.#released ??= (async () => {
        await this.#owner?.release();
        await this.#starting?.catch(() => undefined);
        await this.#producer?.close();
      })();
      return this.#released;
    }
  };
}
