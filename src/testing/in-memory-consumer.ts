/**
 * A consumer driver on the in-memory cluster: one group member. `subscribe` assigns every partition of the
 * subscribed topics at once (one member per group); `assignPartitions` and `revokePartitions` move partitions
 * through the rebalance hook as the group would. Stored offsets are committed by `commit` (and `close`),
 * as librdkafka commits what was stored.
 */
import type { ConsumerDriver, ConsumerDriverOptions } from '../kafka/consumer-driver.js';
import type { KafkaMessage, PollResult, TopicPartition, TopicPartitionOffset, Watermarks } from '../kafka/types.js';
import type { InMemoryCluster } from './in-memory-cluster.js';

const key = (topic: string, partition: number): string => `${topic}\u0000${String(partition)}`;

/** Offset meaning "the earliest message" in a seek. */
const EARLIEST = -2;
/** Offset meaning "after the latest message" in a seek. */
const LATEST = -1;

/** One member of a consumer group on the in-memory cluster. */
export class InMemoryConsumer implements ConsumerDriver {
  readonly #cluster: InMemoryCluster;
  readonly #options: ConsumerDriverOptions;
  readonly #positions = new Map<string, number>();
  readonly #stored = new Map<string, number>();
  readonly #paused = new Set<string>();
  readonly #atEnd = new Set<string>();
  #assignment: TopicPartition[] = [];
  #closed = false;

  /** @param options the settings (`group.id`) and hooks the framework gives every consumer driver */
  constructor(cluster: InMemoryCluster, options: ConsumerDriverOptions) {
    this.#cluster = cluster;
    this.#options = options;
  }

  /** The consumer group (`group.id`). */
  get consumerGroup(): string {
    return String(this.#options.settings['group.id'] ?? '');
  }

  /** Offsets stored for the next commit, by partition. */
  storedOffset(topic: string, partition: number): number | undefined {
    return this.#stored.get(key(topic, partition));
  }

  /** True while fetching of the partition is paused. */
  isPaused(topic: string, partition: number): boolean {
    return this.#paused.has(key(topic, partition));
  }

  /** The offset the next poll reads the partition from. */
  position(topic: string, partition: number): number | undefined {
    return this.#positions.get(key(topic, partition));
  }

  connect(): Promise<void> {
    return Promise.resolve();
  }

  subscribe(topics: readonly string[]): void {
    const partitions = topics.flatMap((topic) =>
      Array.from({ length: this.#cluster.partitionCount(topic) }, (_, partition) => ({ topic, partition })),
    );
    void this.assignPartitions(partitions);
  }

  /**
   * The group assigns `partitions` to this member: the rebalance hook runs first, then fetching starts at the
   * group's committed offset (else at `startAt`, default the earliest message).
   */
  async assignPartitions(
    partitions: readonly TopicPartition[],
    startAt: 'earliest' | 'latest' = 'earliest',
  ): Promise<void> {
    await this.#options.onRebalance?.({ kind: 'assign', partitions, protocol: 'COOPERATIVE' });
    this.#assignment = [...this.#assignment, ...partitions];
    for (const { topic, partition } of partitions) {
      const k = key(topic, partition);
      const committed = this.#cluster.committedOffset(this.consumerGroup, topic, partition);
      const start = startAt === 'earliest' ? 0 : this.#cluster.endOffset(topic, partition);
      this.#positions.set(k, committed ?? start);
      this.#paused.delete(k);
      this.#atEnd.delete(k);
    }
  }

  /**
   * The group takes `partitions` away. Clean: the rebalance hook runs first (its work may still store and
   * commit), then they go. Lost: they go first (stores are refused), then the hook is told.
   */
  async revokePartitions(partitions: readonly TopicPartition[], lost = false): Promise<void> {
    const remove = (): void => {
      this.#assignment = this.#assignment.filter(
        (a) => !partitions.some((p) => p.topic === a.topic && p.partition === a.partition),
      );
      for (const { topic, partition } of partitions) this.#stored.delete(key(topic, partition));
    };
    if (lost) remove();
    await this.#options.onRebalance?.({ kind: 'revoke', partitions, protocol: 'COOPERATIVE', lost });
    if (!lost) remove();
  }

  assign(positions: readonly TopicPartitionOffset[]): void {
    this.#assignment = positions.map(({ topic, partition }) => ({ topic, partition }));
    for (const { topic, partition, offset } of positions) {
      // -1001: from the group's committed offset, else from the first message.
      const start =
        offset === -1001 ? (this.#cluster.committedOffset(this.consumerGroup, topic, partition) ?? 0) : offset;
      this.#positions.set(key(topic, partition), start);
    }
  }

  poll(maxMessages: number): Promise<PollResult> {
    const messages: KafkaMessage[] = [];
    const eofs: TopicPartitionOffset[] = [];
    const reportEof = this.#options.settings['enable.partition.eof'] === true;
    for (const { topic, partition } of this.#assignment) {
      const k = key(topic, partition);
      if (this.#paused.has(k)) continue;
      const position = this.#positions.get(k) ?? 0;
      const read = this.#cluster.read(topic, partition, position, maxMessages - messages.length);
      if (read.length > 0) {
        this.#atEnd.delete(k);
        messages.push(...read);
        this.#positions.set(k, read.at(-1)!.offset + 1);
      }
      const end = this.#cluster.endOffset(topic, partition);
      if (reportEof && (this.#positions.get(k) ?? 0) >= end && !this.#atEnd.has(k)) {
        this.#atEnd.add(k);
        eofs.push({ topic, partition, offset: end });
      }
    }
    return Promise.resolve({ messages, eofs });
  }

  storeOffsets(offsets: readonly TopicPartitionOffset[]): boolean {
    for (const { topic, partition, offset } of offsets) {
      if (!this.#owns(topic, partition)) return false;
      this.#stored.set(key(topic, partition), offset);
    }
    return true;
  }

  commit(offsets?: readonly TopicPartitionOffset[]): Promise<void> {
    if (this.#closed) return Promise.resolve();
    const list =
      offsets ??
      this.#assignment.flatMap(({ topic, partition }) => {
        const offset = this.#stored.get(key(topic, partition));
        const committed = this.#cluster.committedOffset(this.consumerGroup, topic, partition);
        return offset === undefined || offset === committed ? [] : [{ topic, partition, offset }];
      });
    this.#cluster.commit(this.consumerGroup, list);
    return Promise.resolve();
  }

  pause(partitions: readonly TopicPartition[]): void {
    for (const { topic, partition } of partitions) this.#paused.add(key(topic, partition));
  }

  resume(partitions: readonly TopicPartition[]): void {
    for (const { topic, partition } of partitions) this.#paused.delete(key(topic, partition));
  }

  seek(position: TopicPartitionOffset): Promise<void> {
    const { topic, partition, offset } = position;
    const end = this.#cluster.endOffset(topic, partition);
    this.#positions.set(key(topic, partition), offset === EARLIEST ? 0 : offset === LATEST ? end : offset);
    this.#atEnd.delete(key(topic, partition));
    return Promise.resolve();
  }

  assignment(): TopicPartition[] {
    return [...this.#assignment];
  }

  committed(partitions: readonly TopicPartition[]): Promise<TopicPartitionOffset[]> {
    return Promise.resolve(
      partitions.map(({ topic, partition }) => ({
        topic,
        partition,
        offset: this.#cluster.committedOffset(this.consumerGroup, topic, partition) ?? -1001,
      })),
    );
  }

  watermarks(topic: string, partition: number): Promise<Watermarks> {
    return Promise.resolve({ low: 0, high: this.#cluster.endOffset(topic, partition) });
  }

  offsetsForTimes(query: readonly TopicPartitionOffset[]): Promise<TopicPartitionOffset[]> {
    return Promise.resolve(
      query.map((q) => ({
        ...q,
        offset: this.#cluster.log(q.topic, q.partition).find((m) => m.timestamp >= q.offset)?.offset ?? -1,
      })),
    );
  }

  probe(): Promise<void> {
    return Promise.resolve();
  }

  missingTopics(topics: readonly string[]): Promise<string[]> {
    const known = new Set(this.#cluster.topics);
    return Promise.resolve(topics.filter((topic) => !known.has(topic)));
  }

  /** Partition counts of the topics that exist. */
  partitionCounts(topics: readonly string[]): Promise<Map<string, number>> {
    const known = new Set(this.#cluster.topics);
    return Promise.resolve(
      new Map(topics.filter((topic) => known.has(topic)).map((topic) => [topic, this.#cluster.partitionCount(topic)])),
    );
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    await this.commit();
    await this.revokePartitions(this.#assignment);
    this.#closed = true;
  }

  async forceClose(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.revokePartitions(this.#assignment, true);
  }

  #owns(topic: string, partition: number): boolean {
    return this.#assignment.some((a) => a.topic === topic && a.partition === partition);
  }
}
