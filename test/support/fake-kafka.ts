/**
 * An in-memory fake of the project's driver interfaces, for unit tests of framework logic that need no real
 * broker (and for failures a real broker cannot be made to produce on demand, like a fatal poll error).
 * One member per group; every partition of the subscribed topics is assigned to it on subscribe.
 */
import type { AdminDriver } from '../../src/kafka/admin-driver.js';
import type { ConsumerDriver, ConsumerDriverOptions } from '../../src/kafka/consumer-driver.js';
import { KafkaDriverError } from '../../src/kafka/driver-error.js';
import type { KafkaDrivers } from '../../src/kafka/drivers.js';
import type { ProducerDriver } from '../../src/kafka/producer-driver.js';
import type { KafkaMessage, PollResult, TopicPartition, TopicPartitionOffset } from '../../src/kafka/types.js';

/** Topics, messages and committed offsets. */
export class FakeCluster {
  readonly topics = new Map<string, KafkaMessage[][]>();
  readonly committed = new Map<string, number>();
  /** Consumers created so far, in order. */
  readonly consumers: FakeConsumer[] = [];
  /** Polls left to fail (fatally) on the next consumer that polls. */
  failNextPolls = 0;

  /** Adds `count` JSON messages `{ i }` to a topic of `partitions` partitions (round robin). */
  fill(topic: string, partitions: number, count: number): void {
    const data = this.topics.get(topic) ?? Array.from({ length: partitions }, () => []);
    for (let i = 0; i < count; i += 1) {
      const partition = i % partitions;
      const log = data[partition]!;
      const value = Buffer.from(JSON.stringify({ i }));
      log.push({
        topic,
        partition,
        offset: log.length,
        key: null,
        value,
        headers: [],
        timestamp: Date.now(),
        size: value.length,
      });
    }
    this.topics.set(topic, data);
  }

  /** Drivers backed by this cluster (consumers only; producer and admin are not faked). */
  drivers(): KafkaDrivers {
    return {
      description: 'in-memory fake',
      features: [],
      consumer: (options) => {
        const consumer = new FakeConsumer(this, options);
        this.consumers.push(consumer);
        return consumer;
      },
      producer: (): ProducerDriver => {
        throw new Error('the fake cluster has no producer');
      },
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
  #assignment: TopicPartition[] = [];
  closed = false;

  constructor(cluster: FakeCluster, options: ConsumerDriverOptions) {
    this.#cluster = cluster;
    this.#options = options;
  }

  get #group(): string {
    return String(this.#options.settings['group.id']);
  }

  connect(): Promise<void> {
    return Promise.resolve();
  }

  subscribe(topics: readonly string[]): void {
    const partitions = topics.flatMap((topic) =>
      (this.#cluster.topics.get(topic) ?? []).map((_, partition) => ({ topic, partition })),
    );
    void (async () => {
      await this.#options.onRebalance?.({ kind: 'assign', partitions, protocol: 'COOPERATIVE' });
      this.#assignment = partitions;
      for (const { topic, partition } of partitions) {
        this.#positions.set(
          key(topic, partition),
          this.#cluster.committed.get(`${this.#group}:${key(topic, partition)}`) ?? 0,
        );
      }
    })();
  }

  assign(positions: readonly TopicPartitionOffset[]): void {
    this.#assignment = positions.map(({ topic, partition }) => ({ topic, partition }));
  }

  async poll(maxMessages: number, timeoutMs: number): Promise<PollResult> {
    if (this.#cluster.failNextPolls > 0) {
      this.#cluster.failNextPolls -= 1;
      throw new KafkaDriverError('Polling: fake fatal error', -150, { fatal: true });
    }
    const messages: KafkaMessage[] = [];
    for (const { topic, partition } of this.#assignment) {
      const k = key(topic, partition);
      if (this.#paused.has(k)) continue;
      const log = this.#cluster.topics.get(topic)?.[partition] ?? [];
      let position = this.#positions.get(k) ?? 0;
      while (position < log.length && messages.length < maxMessages) messages.push(log[position++]!);
      this.#positions.set(k, position);
    }
    if (messages.length === 0) await new Promise((resolve) => setTimeout(resolve, Math.min(timeoutMs, 20)));
    return { messages, eofs: [] };
  }

  storeOffsets(offsets: readonly TopicPartitionOffset[]): boolean {
    for (const { topic, partition, offset } of offsets) {
      if (!this.#assignment.some((a) => a.topic === topic && a.partition === partition)) return false;
      this.#stored.set(key(topic, partition), offset);
    }
    return true;
  }

  commit(offsets?: readonly TopicPartitionOffset[]): Promise<void> {
    const entries = offsets?.map((o) => [key(o.topic, o.partition), o.offset] as const) ?? [...this.#stored];
    for (const [k, offset] of entries) this.#cluster.committed.set(`${this.#group}:${k}`, offset);
    return Promise.resolve();
  }

  pause(partitions: readonly TopicPartition[]): void {
    for (const { topic, partition } of partitions) this.#paused.add(key(topic, partition));
  }

  resume(partitions: readonly TopicPartition[]): void {
    for (const { topic, partition } of partitions) this.#paused.delete(key(topic, partition));
  }

  seek(position: TopicPartitionOffset): Promise<void> {
    this.#positions.set(key(position.topic, position.partition), Math.max(0, position.offset));
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
        offset: this.#cluster.committed.get(`${this.#group}:${key(topic, partition)}`) ?? -1001,
      })),
    );
  }

  watermarks(topic: string, partition: number): Promise<{ low: number; high: number }> {
    return Promise.resolve({ low: 0, high: this.#cluster.topics.get(topic)?.[partition]?.length ?? 0 });
  }

  /** The fake cluster always answers. */
  probe(): Promise<void> {
    return Promise.resolve();
  }

  missingTopics(topics: readonly string[]): Promise<string[]> {
    return Promise.resolve(topics.filter((t) => !this.#cluster.topics.has(t)));
  }

  offsetsForTimes(query: readonly TopicPartitionOffset[]): Promise<TopicPartitionOffset[]> {
    return Promise.resolve(query.map((q) => ({ ...q, offset: 0 })));
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

  async #revokeAll(): Promise<void> {
    this.closed = true;
    const partitions = this.#assignment;
    this.#assignment = [];
    await this.#options.onRebalance?.({ kind: 'revoke', partitions, protocol: 'COOPERATIVE', lost: false });
  }
}
