/**
 * The project's own vocabulary for talking to Kafka. Nothing here names the client library: the rest
 * of the framework speaks these types, so it can be tested with an in-memory fake driver and a second
 * client library can be added without touching processing code.
 */

/** librdkafka-style configuration properties (`bootstrap.servers`, `group.id`, ...). */
export type KafkaSettings = Readonly<Record<string, string | number | boolean>>;

/** A partition of a topic. */
export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** A partition with an offset. For commits and stores, `offset` is the next offset to read. */
export interface TopicPartitionOffset extends TopicPartition {
  readonly offset: number;
  /** Commit metadata, when committing. */
  readonly metadata?: string | null;
  /** Leader epoch the offset was read under, when known. */
  readonly leaderEpoch?: number;
}

/** One message header. Kafka headers are ordered and keys may repeat. */
export interface KafkaHeader {
  readonly key: string;
  readonly value: Buffer;
}

/** A message exactly as fetched from Kafka, before any deserialization. */
export interface KafkaMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: readonly KafkaHeader[];
  /** Milliseconds since the epoch (create or log-append time, as the topic is configured). */
  readonly timestamp: number;
  /** Size of the value in bytes. */
  readonly size: number;
  readonly leaderEpoch?: number;
}

/**
 * Consecutive fetched messages of one partition, offsets increasing, that need not be objects yet: a driver may
 * keep them as fetched (packed) until a job takes them, so data waiting in a buffer costs no object per message.
 */
export interface FetchedRun {
  readonly topic: string;
  readonly partition: number;
  /** Messages in the run (at least one). */
  readonly length: number;
  /** Offset of the message at `index`. */
  offsetAt(index: number): number;
  /** Key and value bytes of the messages at indexes `from` (included) to `to` (excluded). */
  bytesBetween(from: number, to: number): number;
  /** The messages at indexes `from` (included) to `to` (excluded), as objects. */
  slice(from: number, to: number): KafkaMessage[];
}

/** What one poll returned: messages in fetch order, and partitions that reached their end. */
export interface PollResult {
  readonly messages: readonly KafkaMessage[];
  /**
   * The same messages as runs per partition, when the driver keeps them packed (then `messages` makes objects
   * only when read). Listeners take these; without them the framework groups `messages`.
   */
  readonly runs?: readonly FetchedRun[];
  /** Partitions at end-of-partition, with the offset of the end (only with `enable.partition.eof`). */
  readonly eofs: readonly TopicPartitionOffset[];
}

/** How the group hands out partitions: everything at once (eager) or incrementally (cooperative, KIP-848). */
export type RebalanceProtocol = 'EAGER' | 'COOPERATIVE' | 'NONE';

/** A change of this member's assignment, delivered before the driver applies it. */
export type RebalanceEvent =
  | {
      readonly kind: 'assign';
      readonly partitions: readonly TopicPartition[];
      readonly protocol: RebalanceProtocol;
    }
  | {
      readonly kind: 'revoke';
      readonly partitions: readonly TopicPartition[];
      readonly protocol: RebalanceProtocol;
      /** True when the partitions were lost (session expired, fenced) rather than handed over cleanly. */
      readonly lost: boolean;
    };

/** Low and high watermarks of a partition. `high` is the offset the next produced message gets. */
export interface Watermarks {
  readonly low: number;
  readonly high: number;
}

/** Where a produced message landed. */
export interface DeliveryReport {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp?: number;
}

/** A message to produce, already validated and serialized by the producer layer. */
export interface OutgoingMessage {
  readonly topic: string;
  readonly value: Buffer | null;
  readonly key?: Buffer | string | null;
  /** Explicit partition; omitted means the partitioner chooses (by key when there is one). */
  readonly partition?: number;
  readonly headers?: readonly KafkaHeader[];
  /** Milliseconds since the epoch; omitted means now. */
  readonly timestamp?: number;
}
