/**
 * The admin side of the driver: topics, offsets, groups and topic configs.
 */
import type { KafkaDriverError } from './driver-error.js';
import type { OAuthBearerOptions } from './oauth-bearer.js';
import type { KafkaSettings, TopicPartition, TopicPartitionOffset } from './types.js';

/** Options to create an admin driver. */
export interface AdminDriverOptions extends OAuthBearerOptions {
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

/** State of a consumer group, as the coordinator reports it. */
export type GroupState = 'unknown' | 'preparing_rebalance' | 'completing_rebalance' | 'stable' | 'dead' | 'empty';

/** One member of a consumer group. */
export interface GroupMemberDescription {
  readonly memberId: string;
  readonly clientId: string;
  readonly host: string;
  /** Static membership id (`group.instance.id`), when set. */
  readonly groupInstanceId?: string;
  /** Partitions assigned to the member. */
  readonly assignment: readonly TopicPartition[];
}

/** A described consumer group. A group that does not exist is reported as `dead` with no members. */
export interface GroupDescription {
  readonly groupId: string;
  readonly state: GroupState;
  /** `consumer` for subscribed groups, empty or `simple` for groups that only hold offsets. */
  readonly protocolType: string;
  /** The assignor in use (`range`, `cooperative-sticky`, ...), empty when none. */
  readonly protocol: string;
  /** Group protocol: `classic` or `consumer` (KIP-848). */
  readonly type: 'classic' | 'consumer' | 'unknown';
  readonly members: readonly GroupMemberDescription[];
}

/** A broker of the cluster. */
export interface BrokerDescription {
  readonly id: number;
  readonly host: string;
  readonly port: number;
}

/** Brokers and topics of the cluster, from a metadata request. */
export interface ClusterMetadata {
  readonly brokers: readonly BrokerDescription[];
  /** Id of the broker that answered. */
  readonly originBrokerId: number;
  readonly topics: readonly TopicDescription[];
}

/** Where a config value comes from (Kafka's DescribeConfigs `config_source`). */
export type ConfigSource =
  | 'topic'
  | 'dynamic_broker'
  | 'dynamic_default_broker'
  | 'static_broker'
  | 'default'
  | 'dynamic_broker_logger'
  | 'client_metrics'
  | 'group'
  | 'unknown';

/** One config of a resource (a topic). */
export interface ConfigEntry {
  readonly name: string;
  /** The value; null when sensitive or unset. */
  readonly value: string | null;
  readonly source: ConfigSource;
  /** True when the value is Kafka's default (nothing set on the topic or the broker). */
  readonly isDefault: boolean;
  readonly readOnly: boolean;
  readonly sensitive: boolean;
  /** Where else the value is set, in order of precedence. */
  readonly synonyms: readonly { readonly name: string; readonly value: string | null; readonly source: ConfigSource }[];
}

/**
 * One change to a config: `set` a value, `delete` it (back to the inherited default), or `append` to /
 * `subtract` from a list-valued config.
 */
export interface ConfigChange {
  readonly name: string;
  readonly operation: 'set' | 'delete' | 'append' | 'subtract';
  /** Required by every operation but `delete`. */
  readonly value?: string;
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
  /** State and members of consumer groups, in the order asked. */
  describeGroups(groupIds: readonly string[], timeoutMs: number): Promise<GroupDescription[]>;
  /** Brokers and every topic of the cluster. */
  clusterMetadata(timeoutMs: number): Promise<ClusterMetadata>;
  /** Configs of topics (all of them, or only `names`), in the order asked. */
  describeTopicConfigs(
    topics: readonly string[],
    names: readonly string[] | undefined,
    timeoutMs: number,
  ): Promise<{ topic: string; configs: ConfigEntry[] }[]>;
  /** Changes configs of one topic; with `validateOnly` the broker only checks the changes. */
  alterTopicConfigs(
    topic: string,
    changes: readonly ConfigChange[],
    validateOnly: boolean,
    timeoutMs: number,
  ): Promise<void>;
  /** Disconnects. Safe to call more than once. */
  close(): Promise<void>;
}
