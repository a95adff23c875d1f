/**
 * The in-memory cluster and drivers of `karafka-ts/testing`, with what unit tests of framework logic need beyond
 * them: `fill()`, what a real broker cannot be made to do on demand (a fatal poll error, a failing delivery),
 * the consumers created so far, short names for moving partitions (`revoke()` clean or lost, `assignByGroup()`)
 * and a poll that waits a little (at most 20 ms) when it has nothing to return, as a real one waits for data.
 */
import type { ConsumerDriverOptions } from '../../src/kafka/consumer-driver.js';
import { KafkaDriverError } from '../../src/kafka/driver-error.js';
import type { KafkaDrivers } from '../../src/kafka/drivers.js';
import type { DeliveryListener, ProducerDriverOptions } from '../../src/kafka/producer-driver.js';
import type { KafkaHeader, OutgoingMessage, PollResult, TopicPartition } from '../../src/kafka/types.js';
import { type CommittedOffset, InMemoryCluster } from '../../src/testing/in-memory-cluster.js';
import { inMemoryDrivers } from '../../src/testing/in-memory-drivers.js';
import { InMemoryConsumer } from '../../src/testing/in-memory-consumer.js';
import { InMemoryProducer } from '../../src/testing/in-memory-producer.js';

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
export type FakeCommit = CommittedOffset;

const tp = (topic: string, partition: number): string => `${topic}/${String(partition)}`;

/** Topics, messages and committed offsets, with failures to inject. */
export class FakeCluster extends InMemoryCluster {
  /** Consumers created so far, in order. */
  readonly consumers: FakeConsumer[] = [];
  /** Polls left to fail (fatally) on the next consumer that polls. */
  failNextPolls = 0;
  /** Produce calls left to fail (the delivery is refused). */
  failNextProduces = 0;

  /** The latest committed offsets by `group:topic/partition`. */
  get committed(): ReadonlyMap<string, number> {
    return new Map(this.commits.map((c) => [`${c.consumerGroup}:${tp(c.topic, c.partition)}`, c.offset]));
  }

  /** Adds `count` messages to a topic of `partitions` partitions (created if needed). */
  fill(topic: string, partitions: number, count: number, options: FillOptions = {}): void {
    this.createTopic(topic, partitions);
    for (let i = 0; i < count; i += 1) {
      const payload = options.payload === undefined ? JSON.stringify({ i }) : options.payload(i);
      this.append({
        topic,
        partition: options.partition ?? i % partitions,
        value: payload === null ? null : Buffer.from(payload),
        key: options.key?.(i) ?? null,
        headers: options.headers?.(i) ?? [],
        timestamp: options.timestamp?.(i) ?? Date.now(),
      });
    }
  }

  /** Drivers backed by this cluster (no admin). */
  drivers(): KafkaDrivers {
    return {
      ...inMemoryDrivers(this),
      description: 'in-memory fake',
      consumer: (options) => {
        const consumer = new FakeConsumer(this, options);
        this.consumers.push(consumer);
        return consumer;
      },
      producer: (options) => new FakeProducer(this, options),
    };
  }
}

/** A group member of the fake cluster. */
export class FakeConsumer extends InMemoryConsumer {
  readonly #cluster: FakeCluster;
  /** True once `close()` or `forceClose()` started. */
  closed = false;
  /** Resolves once the latest group assignment (the one made on subscribe first) was applied. */
  subscribed: Promise<void> = Promise.resolve();

  constructor(cluster: FakeCluster, options: ConsumerDriverOptions) {
    super(cluster, options);
    this.#cluster = cluster;
  }

  /** The consumer group. */
  get group(): string {
    return this.consumerGroup;
  }

  /** Assigned partitions whose fetching is paused now, as `topic/partition`. */
  get paused(): string[] {
    return this.assignment()
      .filter(({ topic, partition }) => this.isPaused(topic, partition))
      .map(({ topic, partition }) => tp(topic, partition));
  }

  /** Offsets stored for commit, by `topic/partition`. */
  get stored(): ReadonlyMap<string, number> {
    return new Map(
      this.assignment().flatMap(({ topic, partition }) => {
        const offset = this.storedOffset(topic, partition);
        return offset === undefined ? [] : [[tp(topic, partition), offset] as const];
      }),
    );
  }

  override assignPartitions(partitions: readonly TopicPartition[], startAt?: 'earliest' | 'latest'): Promise<void> {
    this.subscribed = super.assignPartitions(partitions, startAt);
    return this.subscribed;
  }

  /** The group assigns `partitions` to this member (after the rebalance handler resolved). */
  assignByGroup(partitions: readonly TopicPartition[]): Promise<void> {
    return this.assignPartitions(partitions);
  }

  /** The group takes `partitions` away, cleanly (the handler runs first) or lost (they are gone first). */
  revoke(partitions: readonly TopicPartition[], options: { readonly lost?: boolean } = {}): Promise<void> {
    return this.revokePartitions(partitions, options.lost);
  }

  override async poll(maxMessages: number, timeoutMs = 0): Promise<PollResult> {
    if (this.#cluster.failNextPolls > 0) {
      this.#cluster.failNextPolls -= 1;
      throw new KafkaDriverError('Polling: fake fatal error', -150, { fatal: true });
    }
    const result = await super.poll(maxMessages);
    if (result.messages.length === 0 && result.eofs.length === 0 && timeoutMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(timeoutMs, 20)));
    }
    return result;
  }

  override close(): Promise<void> {
    this.closed = true;
    return super.close();
  }

  override forceClose(): Promise<void> {
    this.closed = true;
    return super.forceClose();
  }
}

/** A producer of the fake cluster whose deliveries fail on demand. */
export class FakeProducer extends InMemoryProducer {
  readonly #cluster: FakeCluster;

  constructor(cluster: FakeCluster, options: ProducerDriverOptions = { settings: {} }) {
    super(cluster, options);
    this.#cluster = cluster;
  }

  override tryEnqueue(message: OutgoingMessage, listener: DeliveryListener): boolean {
    if (this.#cluster.failNextProduces <= 0) return super.tryEnqueue(message, listener);
    this.#cluster.failNextProduces -= 1;
    queueMicrotask(() => listener.failed(new KafkaDriverError('Producing: fake delivery failure', -1)));
    return true;
  }
}
