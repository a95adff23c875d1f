/**
 * An in-memory fake of the project's driver interfaces, for unit tests of framework logic that need no real
 * broker, and for what a real broker cannot be made to do on demand: a fatal poll error, a partition lost at
 * a chosen moment, a failing dead letter dispatch.
 *
 * One member per group. On subscribe every partition of the subscribed topics is assigned to it; tests move
 * partitions with `revoke()` (clean or lost) and `assignByGroup()`. End-of-partition events come with
 * `enable.partition.eof`. The producer appends to the cluster's topics (transactions are not faked).
 */
import type { AdminDriver } from '../../src/kafka/admin-driver.js';
import type { ConsumerDriver, ConsumerDriverOptions } from '../../src/kafka/consumer-driver.js';
import { KafkaDriverError } from '../../src/kafka/driver-error.js';
import type { KafkaDrivers } from '../../src/kafka/drivers.js';
import type { DeliveryListener, ProducerDriver } from '../../src/kafka/producer-driver.js';
import type {
  DeliveryReport,
  KafkaHeader,
  KafkaMessage,
  OutgoingMessage,
  PollResult,
  TopicPartition,
  TopicPartitionOffset,
} from '../../src/kafka/types.js';

/** How `fill()` builds message `i` (default: JSON `{ i }`, no key, now). */
export interface FillOptions {
  readonly payload?: (i: number) => string | null;
  readonly key?: (i: number) => string | null;
  readonly headers?: (i: number) => readonly KafkaHeader[];
  readonly timestamp?: (i: number) => number;
  /** Put every message in this partition (default: round robin). */
  readonly partition?: number;
}

/** One commit a consumer made. */
export interface FakeCommit {
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

/** Topics, messages and committed offsets. */
export class FakeCluster {
  readonly topics = new Map<string, KafkaMessage[][]>();
  /** Committed offsets by `group:topic/partition`. */
  readonly committed = new Map<string, number>();
  /** Every commit, in order. */
  readonly commits: FakeCommit[] = [];
  /** Consumers created so far, in order. */
  readonly consumers: FakeConsumer[] = [];
  /** Polls left to fail (fatally) on the next consumer that polls. */
  failNextPolls = 0;
  /** Produce calls left to fail (the delivery is refused). */
  failNextProduces = 0;

  /** Creates a topic (no messages) unless it exists. */
  createTopic(topic: string, partitions = 1): void {
    if (!this.topics.has(topic))
      this.topics.set(
        topic,
        Array.from({ length: partitions }, () => []),
      );
  }

  /** Adds `count` messages to a topic of `partitions` partitions (created if needed). */
  fill(topic: string, partitions: number, count: number, options: FillOptions = {}): void {
    this.createTopic(topic, partitions);
    for (let i = 0; i < count; i += 1) {
      const partition = options.partition ?? i % partitions;
      const payload = options.payload === undefined ? JSON.stringify({ i }) : options.payload(i);
      const key = options.key?.(i) ?? null;
      this.append({
        topic,
        partition,
        value: payload === null ? null : Buffer.from(payload),
        key: key === null ? null : Buffer.from(key),
        headers: options.headers?.(i) ?? [],
        timestamp: options.timestamp?.(i) ?? Date.now(),
      });
    }
  }

  /** Appends one message to its partition's log; returns where it went. */
  append(message: OutgoingMessage & { readonly partition: number }): DeliveryReport {
    this.createTopic(message.topic, message.partition + 1);
    const log = this.topics.get(message.topic)![message.partition];
    if (log === undefined) throw new Error(`${message.topic} has no partition ${String(message.partition)}`);
    const key = message.key === undefined || message.key === null ? null : Buffer.from(message.key);
    log.push({
      topic: message.topic,
      partition: message.partition,
      offset: log.length,
      key,
      value: message.value,
      headers: [...(message.headers ?? [])],
      timestamp: message.timestamp ?? Date.now(),
      size: message.value?.length ?? 0,
    });
    return { topic: message.topic, partition: message.partition, offset: log.length - 1 };
  }

  /** The messages of a partition. */
  log(topic: string, partition = 0): readonly KafkaMessage[] {
    return this.topics.get(topic)?.[partition] ?? [];
  }

  /** Committed offset of a group's partition, if any. */
  committedOffset(group: string, topic: string, partition: number): number | undefined {
    return this.committed.get(`${group}:${key(topic, partition)}`);
  }

  /** Drivers backed by this cluster (no admin). */
  drivers(): KafkaDrivers {
    return {
      description: 'in-memory fake',
      features: [],
      consumer: (options) => {
        const consumer = new FakeConsumer(this, options);
        this.consumers.push(consumer);
        return consumer;
      },
      producer: (): ProducerDriver => new FakeProducer(this),
      admin: (): AdminDriver => {
        throw new Error('the fake cluster has no admin');
      },
    };
  }
}

const key = (topic: string, partition: number): string => `${topic}/${String(partition)}`;

/** A fake group member. */
export class FakeConsumer implements ConsumerDriver {
  readonly #cluster: FakeCluster;
  readonly #options: ConsumerDriverOptions;
  readonly #positions = new Map<string, number>();
  readonly #stored = new Map<string, number>();
  readonly #paused = new Set<string>();
  /** Partitions whose end was reported and that got no new message since. */
  readonly #atEnd = new Set<string>();
  #assignment: TopicPartition[] = [];
  closed = false;
  /** Resolves once the assignment made on subscribe was applied. */
  subscribed: Promise<void> = Promise.resolve();

  constructor(cluster: FakeCluster, options: ConsumerDriverOptions) {
    this.#cluster = cluster;
    this.#options = options;
  }

  /** The consumer group. */
  get group(): string {
    return String(this.#options.settings['group.id']);
  }

  /** Partitions whose fetching is paused now, as `topic/partition`. */
  get paused(): string[] {
    return [...this.#paused];
  }

  /** Offsets stored for commit, by `topic/partition`. */
  get stored(): ReadonlyMap<string, number> {
    return this.#stored;
  }

  connect(): Promise<void> {
    return Promise.resolve();
  }

  subscribe(topics: readonly string[]): void {
    const partitions = topics.flatMap((topic) =>
      (this.#cluster.topics.get(topic) ?? []).map((_, partition) => ({ topic, partition })),
    );
    this.subscribed = this.assignByGroup(partitions);
  }

  /** The group assigns `partitions` to this member (after the rebalance handler resolved). */
  async assignByGroup(partitions: readonly TopicPartition[]): Promise<void> {
    await this.#options.onRebalance?.({ kind: 'assign', partitions, protocol: 'COOPERATIVE' });
    this.#assignment = [...this.#assignment, ...partitions];
    for (const { topic, partition } of partitions) {
      const k = key(topic, partition);
      this.#positions.set(k, this.#cluster.committedOffset(this.group, topic, partition) ?? 0);
      this.#paused.delete(k);
      this.#atEnd.delete(k);
    }
  }

  /** Manual assignment (no group): fetching starts at the given offsets (-1001: the committed one, else 0). */
  assign(positions: readonly TopicPartitionOffset[]): void {
    this.#assignment = positions.map(({ topic, partition }) => ({ topic, partition }));
    for (const { topic, partition, offset } of positions) {
      const start = offset >= 0 ? offset : (this.#cluster.committedOffset(this.group, topic, partition) ?? 0);
      this.#positions.set(key(topic, partition), start);
    }
  }

  /**
   * The group takes `partitions` away. Clean: the rebalance handler runs first (it may still store and commit),
   * then the partitions go. Lost: they are gone first (stores are refused), then the handler is told.
   */
  async revoke(partitions: readonly TopicPartition[], options: { readonly lost?: boolean } = {}): Promise<void> {
    const lost = options.lost ?? false;
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

  async poll(maxMessages: number, timeoutMs: number): Promise<PollResult> {
    if (this.#cluster.failNextPolls > 0) {
      this.#cluster.failNextPolls -= 1;
      throw new KafkaDriverError('Polling: fake fatal error', -150, { fatal: true });
    }
    const messages: KafkaMessage[] = [];
    const eofs: TopicPartitionOffset[] = [];
    const reportEof = this.#options.settings['enable.partition.eof'] === true;
    for (const { topic, partition } of this.#assignment) {
      const k = key(topic, partition);
      if (this.#paused.has(k)) continue;
      const log = this.#cluster.topics.get(topic)?.[partition] ?? [];
      let position = this.#positions.get(k) ?? 0;
      if (position < log.length) this.#atEnd.delete(k);
      while (position < log.length && messages.length < maxMessages) messages.push(log[position++]!);
      this.#positions.set(k, position);
      if (reportEof && position >= log.length && !this.#atEnd.has(k)) {
        this.#atEnd.add(k);
        eofs.push({ topic, partition, offset: position });
      }
    }
    if (messages.length === 0 && eofs.length === 0 && timeoutMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(timeoutMs, 20)));
    }
    return { messages, eofs };
  }

  storeOffsets(offsets: readonly TopicPartitionOffset[]): boolean {
    for (const { topic, partition, offset } of offsets) {
      if (!this.#assigned(topic, partition)) return false;
      this.#stored.set(key(topic, partition), offset);
    }
    return true;
  }

  commit(offsets?: readonly TopicPartitionOffset[]): Promise<void> {
    const entries =
      offsets?.map((o) => [o.topic, o.partition, o.offset] as const) ??
      [...this.#stored].map(([k, offset]) => {
        const at = k.lastIndexOf('/');
        return [k.slice(0, at), Number(k.slice(at + 1)), offset] as const;
      });
    for (const [topic, partition, offset] of entries) {
      this.#cluster.committed.set(`${this.group}:${key(topic, partition)}`, offset);
      this.#cluster.commits.push({ group: this.group, topic, partition, offset });
    }
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
    const end = this.#cluster.log(topic, partition).length;
    // -2: earliest, -1: latest (the end of the log).
    this.#positions.set(key(topic, partition), offset === -2 ? 0 : offset === -1 ? end : offset);
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
        offset: this.#cluster.committedOffset(this.group, topic, partition) ?? -1001,
      })),
    );
  }

  watermarks(topic: string, partition: number): Promise<{ low: number; high: number }> {
    return Promise.resolve({ low: 0, high: this.#cluster.log(topic, partition).length });
  }

  /** The fake cluster always answers. */
  probe(): Promise<void> {
    return Promise.resolve();
  }

  missingTopics(topics: readonly string[]): Promise<string[]> {
    return Promise.resolve(topics.filter((t) => !this.#cluster.topics.has(t)));
  }

  partitionCounts(topics: readonly string[]): Promise<Map<string, number>> {
    return Promise.resolve(
      new Map(topics.flatMap((t) => (this.#cluster.topics.has(t) ? [[t, this.#cluster.topics.get(t)!.length]] : []))),
    );
  }

  /** The first offset whose message's timestamp is at or after the query's `offset` (a time), or -1. */
  offsetsForTimes(query: readonly TopicPartitionOffset[]): Promise<TopicPartitionOffset[]> {
    return Promise.resolve(
      query.map((q) => ({
        ...q,
        offset: this.#cluster.log(q.topic, q.partition).find((m) => m.timestamp >= q.offset)?.offset ?? -1,
      })),
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.commit();
    await this.#revokeAll();
  }

  async forceClose(): Promise<void> {
    if (this.closed) return;
    await this.#revokeAll();
  }

  #assigned(topic: string, partition: number): boolean {
    return this.#assignment.some((a) => a.topic === topic && a.partition === partition);
  }

  async #revokeAll(): Promise<void> {
    this.closed = true;
    await this.revoke(this.#assignment);
  }
}

/** A fake producer: appends to the cluster's topics and acknowledges at once (no transactions). */
export class FakeProducer implements ProducerDriver {
  readonly #cluster: FakeCluster;

  constructor(cluster: FakeCluster) {
    this.#cluster = cluster;
  }

  connect(): Promise<void> {
    return Promise.resolve();
  }

  produce(message: OutgoingMessage): Promise<DeliveryReport> {
    return new Promise((resolve, reject) => {
      this.tryEnqueue(message, { delivered: resolve, failed: reject });
    });
  }

  enqueue(message: OutgoingMessage, listener: DeliveryListener): Promise<void> {
    this.tryEnqueue(message, listener);
    return Promise.resolve();
  }

  tryEnqueue(message: OutgoingMessage, listener: DeliveryListener): boolean {
    if (this.#cluster.failNextProduces > 0) {
      this.#cluster.failNextProduces -= 1;
      queueMicrotask(() => listener.failed(new KafkaDriverError('Producing: fake delivery failure', -1)));
      return true;
    }
    const report = this.#cluster.append({ ...message, partition: message.partition ?? 0 });
    queueMicrotask(() => listener.delivered(report));
    return true;
  }

  probe(): Promise<void> {
    return Promise.resolve();
  }

  partitionCount(topic: string): Promise<number> {
    return Promise.resolve(this.#cluster.topics.get(topic)?.length ?? 1);
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }

  initTransactions(): Promise<void> {
    return Promise.reject(new Error('the fake producer has no transactions'));
  }

  beginTransaction(): Promise<void> {
    return this.initTransactions();
  }

  sendOffsetsToTransaction(): Promise<void> {
    return this.initTransactions();
  }

  commitTransaction(): Promise<void> {
    return this.initTransactions();
  }

  abortTransaction(): Promise<void> {
    return this.initTransactions();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
