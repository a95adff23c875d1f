/**
 * The consumer side of the driver: one Kafka group member. The framework's listeners own exactly one each.
 */
import type { KafkaDriverError } from './driver-error.js';
import type { OAuthBearerOptions } from './oauth-bearer.js';
import type {
  KafkaSettings,
  PollResult,
  RebalanceEvent,
  TopicPartition,
  TopicPartitionOffset,
  Watermarks,
} from './types.js';

/** What a consumer driver reports back to its owner. */
export interface ConsumerDriverHooks {
  /**
   * Called for every assignment change before the driver applies it. The driver applies the change (assign or
   * unassign) only when the returned promise settles, so revoked work can finish before another member gets
   * the partitions. Events are delivered one at a time, in order. Newly assigned partitions start fetching
   * (they never inherit a pause from an earlier assignment).
   */
  readonly onRebalance?: (event: RebalanceEvent) => Promise<void> | void;
  /** Errors raised by the client outside of any call (broker down, fatal errors...). */
  readonly onError?: (error: KafkaDriverError) => void;
  /** librdkafka statistics, parsed, every `statistics.interval.ms`. */
  readonly onStatistics?: (statistics: Readonly<Record<string, unknown>>) => void;
}

/** Options to create a consumer driver. */
export interface ConsumerDriverOptions extends ConsumerDriverHooks, OAuthBearerOptions {
  /** Client properties; must include `bootstrap.servers` and `group.id`. */
  readonly settings: KafkaSettings;
}

/**
 * One Kafka consumer (group member).
 *
 * Ordering rules enforced by every implementation: at most one `poll` at a time; `close` first stops
 * polling (waits for an in-flight poll), then commits stored offsets, then disconnects, never concurrently.
 */
export interface ConsumerDriver {
  /**
   * Creates the client. Resolves without waiting for a broker: while none is reachable the client keeps
   * reconnecting with backoff and reports its failures through `onError`.
   */
  connect(): Promise<void>;
  /** Subscribes to topics (replacing any previous subscription); assignment arrives through `onRebalance`. */
  subscribe(topics: readonly string[]): void;
  /**
   * Reads the given partitions from the given offsets without joining the group: no subscription, no
   * rebalances (`onRebalance` is not called). For tools that read a partition directly (admin `readTopic`) and
   * directly assigned routes. An offset of -1001 starts from the group's committed offset, else from
   * `auto.offset.reset`. Stored offsets are still committed to `group.id`; `close` commits, then unassigns.
   */
  assign(positions: readonly TopicPartitionOffset[]): void;
  /**
   * Fetches up to `maxMessages`, waiting at most `timeoutMs` for the first one. Errors of a topic or partition
   * (unknown topic, offset out of range) go to `onError` and give an empty result; only fatal errors reject.
   */
  poll(maxMessages: number, timeoutMs: number): Promise<PollResult>;
  /**
   * Stores offsets (next offset to read) to be committed by the next commit. Returns false for a partition
   * this member does not own any more; throws on other errors.
   */
  storeOffsets(offsets: readonly TopicPartitionOffset[]): boolean;
  /** Commits stored offsets (or the given ones) and resolves when the broker confirmed. No-op while closing. */
  commit(offsets?: readonly TopicPartitionOffset[]): Promise<void>;
  /** Stops fetching these partitions. Data already fetched but not yet polled is discarded by the client. */
  pause(partitions: readonly TopicPartition[]): void;
  /** Resumes fetching these partitions from their current position. */
  resume(partitions: readonly TopicPartition[]): void;
  /** Moves the fetch position of one assigned partition. */
  seek(position: TopicPartitionOffset, timeoutMs: number): Promise<void>;
  /** Partitions currently assigned to this member. */
  assignment(): TopicPartition[];
  /** Committed offsets of the given partitions (-1001 where nothing was committed). */
  committed(partitions: readonly TopicPartition[], timeoutMs: number): Promise<TopicPartitionOffset[]>;
  /** Low and high watermarks of one partition, asked of the broker. */
  watermarks(topic: string, partition: number, timeoutMs: number): Promise<Watermarks>;
  /** First offsets with a timestamp at or after the given one (`offset` holds the timestamp in ms). */
  offsetsForTimes(query: readonly TopicPartitionOffset[], timeoutMs: number): Promise<TopicPartitionOffset[]>;
  /**
   * Asks any broker for metadata; resolves once one answered within `timeoutMs`, rejects with a
   * `KafkaDriverError` (code `allBrokersDown`, naming the last connection failure) otherwise.
   */
  probe(timeoutMs: number): Promise<void>;
  /** The given topics that do not exist in the cluster (asked of a broker). */
  missingTopics(topics: readonly string[], timeoutMs: number): Promise<string[]>;
  /** How many partitions each of the given topics has (asked of a broker); a topic that does not exist is absent. */
  partitionCounts(topics: readonly string[], timeoutMs: number): Promise<Map<string, number>>;
  /** Stops polling, commits stored offsets, leaves the group and disconnects. Safe to call more than once. */
  close(): Promise<void>;
  /** Disconnects without committing, for a forceful shutdown. Safe to call more than once. */
  forceClose(): Promise<void>;
}
