/**
 * What the admin API returns and accepts.
 */
import type { BrokerDescription, ConfigChange, PartitionDescription } from '../kafka/admin-driver.js';

/** A topic's partition layout. */
export interface TopicInfo {
  readonly name: string;
  readonly partitionCount: number;
  /** True for Kafka's own topics (`__consumer_offsets`, `__transaction_state`, ...). */
  readonly internal: boolean;
  readonly partitions: readonly PartitionDescription[];
}

/** The cluster's brokers and topics. */
export interface ClusterInfo {
  readonly brokers: readonly BrokerDescription[];
  readonly topics: readonly TopicInfo[];
}

/**
 * Where to move a group on a partition: an offset (the next one to read), the first message at or after a
 * time (the end when there is none), or the partition's first or next-to-be-written offset.
 */
export type SeekTarget = number | Date | 'earliest' | 'latest';

/** Seek targets of a group: per topic, one target for every partition, or a target per partition. */
export type GroupSeekTargets = Readonly<Record<string, SeekTarget | Readonly<Record<number, SeekTarget>>>>;

/** A group's position on one partition: committed offset (-1 when none) and lag behind the end (-1 when none). */
export interface LagWithOffset {
  readonly offset: number;
  readonly lag: number;
}

/** Lags by group, then topic, then partition. */
export type LagsWithOffsets = Record<string, Record<string, Record<number, LagWithOffset>>>;

/** Topic config changes: a value to set, or null to delete the topic's own value (back to the default). */
export type TopicConfigChanges = Readonly<Record<string, string | null>> | readonly ConfigChange[];

/** A group's committed position on one partition: the offset (-1 when none) and its metadata (undefined: none). */
export interface CommittedOffset {
  readonly offset: number;
  readonly metadata: string | undefined;
}

/** Committed offsets by topic, then partition. */
export type CommittedOffsets = Record<string, Record<number, CommittedOffset>>;
