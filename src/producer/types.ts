/**
 * What users hand to the producer and what they get back.
 */

/** Message headers: each name maps to a value, or to several values (Kafka headers may repeat a name). */
export type ProducerHeaders = Readonly<Record<string, string | Buffer | readonly (string | Buffer)[]>>;

/** A message to produce. */
export interface ProducerMessage {
  /** Topic to write to. */
  readonly topic: string;
  /** The value: a string (written as UTF-8), raw bytes, or null (a tombstone). */
  readonly payload: string | Buffer | null;
  /** The key; the default partitioner (`murmur2_random`, as Java's) places keyed messages by it. */
  readonly key?: string | Buffer | null;
  /** Explicit partition (0-based). */
  readonly partition?: number;
  /**
   * Chooses the partition without setting the key: `murmur2(partitionKey) % partitions`, as Kafka's Java
   * client and librdkafka's `murmur2_random` do for keys. Cannot be combined with `partition`.
   */
  readonly partitionKey?: string;
  readonly headers?: ProducerHeaders;
  /** Create time; omitted means now. */
  readonly timestamp?: Date | number;
  /** Anything, handed back in the delivery report and the `message.acknowledged` event (never sent to Kafka). */
  readonly label?: unknown;
}

/** A tombstone: a null payload for `key`, which log compaction turns into a deletion of that key. */
export interface TombstoneMessage {
  readonly topic: string;
  readonly key: string | Buffer;
  /** The partition that holds the key; omitted means the partitioner places it by key. */
  readonly partition?: number;
  readonly partitionKey?: string;
  readonly headers?: ProducerHeaders;
  readonly label?: unknown;
}

/** Where a produced message landed. */
export interface MessageReport {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  /** Timestamp the broker stored, when it reported one. */
  readonly timestamp?: number;
  /** The message's `label`. */
  readonly label?: unknown;
}

/** A message handed to the client by `produceAsync`: wait for its delivery only when you need to. */
export interface DeliveryHandle {
  readonly topic: string;
  readonly label?: unknown;
  /** Resolves when the broker acknowledged the message; rejects when its delivery failed. */
  wait(): Promise<MessageReport>;
}

/** Changes (returns a new or the same message) or rejects (throws) a message before it is validated. */
export type ProducerMiddleware = (message: ProducerMessage) => ProducerMessage;

/** Life of a producer: `initial` until the first use (or `connect()`), then forward only. */
export type ProducerStatus = 'initial' | 'connecting' | 'connected' | 'closing' | 'closed';
