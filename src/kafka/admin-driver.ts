/**
 * The admin side of the driver: topics, offsets and groups.
 */
import type { KafkaDriverError } from './driver-error.js';
import type { KafkaSettings, TopicPartition, TopicPartitionOffset } from './types.js';

/** Options to create an admin driver. */
export interface AdminDriverOptions {
  /** Client properties; must include `bootstrap.servers`. */
  readonly settings: KafkaSettings;
  /** Errors raised by the client outside of any call. */
  readonly onError?: (error: KafkaDriverError) => void;
}

/** A topic to create. */
export interface NewTopicSpec {
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  /** Topic-level configs (`cleanup.policy`, `retention.ms`, ...). */
  readonly configs?: Readonly<Record<string, string>>;
}

/** One partition of a described topic. */
export interface PartitionDescription {
  readonly partition: number;
  /** Broker id of the leader, or -1 when there is none. */
  readonly leader: number;
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
}

/** A described topic. */
export interface TopicDescription {
  readonly name: string;
  readonly internal: boolean;
  readonly partitions: readonly PartitionDescription[];
}

/** Which offset to look up: the first, the next to be written, or the first at or after a time (ms). */
export type OffsetSpec = 'earliest' | 'latest' | { readonly timestamp: number };

/** An offset look-up for one partition. */
export interface OffsetQuery extends TopicPartition {
  readonly spec: OffsetSpec;
}

/** One Kafka admin client. */
export interface AdminDriver {
  /** Creates a topic; resolves when the controller accepted it. */
  createTopic(spec: NewTopicSpec, timeoutMs: number): Promise<void>;
  /** Deletes a topic. */
  deleteTopic(name: string, timeoutMs: number): Promise<void>;
  /** Raises a topic's partition count to `total`. */
  createPartitions(name: string, total: number, timeoutMs: number): Promise<void>;
  /** Names of all topics, internal ones included. */
  listTopics(timeoutMs: number): Promise<string[]>;
  /** Partition layout of the given topics. */
  describeTopics(names: readonly string[], timeoutMs: number): Promise<TopicDescription[]>;
  /** Offsets by spec (earliest, latest, by time). A time past the end gives -1. */
  listOffsets(queries: readonly OffsetQuery[], timeoutMs: number): Promise<TopicPartitionOffset[]>;
  /** Committed offsets of a group (all its partitions, or the given ones; -1 where none). */
  groupOffsets(
    groupId: string,
    partitions: readonly TopicPartition[] | undefined,
    timeoutMs: number,
  ): Promise<TopicPartitionOffset[]>;
  /** Deletes consumer groups (they must have no active members). */
  deleteGroups(groupIds: readonly string[], timeoutMs: number): Promise<void>;
  /** Disconnects. Safe to call more than once. */
  close(): Promise<void>;
}
