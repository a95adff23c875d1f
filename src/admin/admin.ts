/**
 * The admin API: topics, partitions, offsets, consumer groups and topic configs of any cluster, from its
 * Kafka settings alone. Calls that change the cluster resolve once the change is visible in its metadata.
 * How each call works, and the workarounds for what the client library lacks, is in `docs/admin.md`.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { ConfigChange, ConfigEntry } from '../kafka/admin-driver.js';
import { KafkaDriverError, KafkaErrorCodes } from '../kafka/driver-error.js';
import type { KafkaMessage, TopicPartitionOffset, Watermarks } from '../kafka/types.js';
import { readCommittedOffsets } from './committed-offsets.js';
import { AdminContext } from './context.js';
import {
  copyConsumerGroup,
  deleteConsumerGroup,
  assertNoActiveMembers,
  readLagsWithOffsets,
  seekConsumerGroup,
} from './consumer-groups.js';
import { AdminArgumentError } from './errors.js';
import { resolveAdminOptions, type AdminOptions } from './options.js';
import { partitionWatermarks, readTopic } from './read-topic.js';
import type {
  ClusterInfo,
  CommittedOffsets,
  GroupSeekTargets,
  LagsWithOffsets,
  TopicConfigChanges,
  TopicInfo,
} from './types.js';

function topicInfo(description: { name: string; internal: boolean; partitions: TopicInfo['partitions'] }): TopicInfo {
  return {
    name: description.name,
    partitionCount: description.partitions.length,
    internal: description.internal,
    partitions: description.partitions,
  };
}

/** Pause between two reads of configs the broker does not show yet. */
const CONFIG_RECHECK_MS = 50;

function toChanges(changes: TopicConfigChanges): ConfigChange[] {
  if (Array.isArray(changes)) return [...(changes as readonly ConfigChange[])];
  return Object.entries(changes as Readonly<Record<string, string | null>>).map(([name, value]) =>
    value === null ? { name, operation: 'delete' } : { name, operation: 'set', value },
  );
}

/** Manages a Kafka cluster. Close it when done. */
export class Admin {
  readonly #context: AdminContext;

  /** Validates the options (throws `AdminOptionsError`) and creates the admin client. */
  constructor(options: AdminOptions) {
    this.#context = new AdminContext(resolveAdminOptions(options));
  }

  /** Creates a topic and resolves once every partition has a leader (ready to be written). */
  async createTopic(
    name: string,
    partitions: number,
    replicationFactor: number,
    configs: Readonly<Record<string, string>> = {},
  ): Promise<void> {
    if (!Number.isInteger(partitions) || partitions < 1) {
      throw new AdminArgumentError(`createTopic('${name}'): partitions must be 1 or more (got ${String(partitions)})`);
    }
    const deadline = this.#context.deadline();
    await this.#context.driver.createTopic({ name, partitions, replicationFactor, configs }, deadline.remaining);
    await this.#context.waitFor(
      async () => {
        const [topic] = await this.#context.driver.describeTopics([name], deadline.remaining).catch(() => []);
        return topic?.partitions.length === partitions && topic.partitions.every((p) => p.leader >= 0);
      },
      deadline,
      `topic '${name}' to have ${String(partitions)} partitions with leaders`,
    );
  }

  /** Deletes a topic and resolves once it is gone from the cluster's metadata. */
  async deleteTopic(name: string): Promise<void> {
    const deadline = this.#context.deadline();
    await this.#context.driver.deleteTopic(name, deadline.remaining);
    await this.#context.waitFor(
      async () => !(await this.#context.driver.listTopics(deadline.remaining)).includes(name),
      deadline,
      `topic '${name}' to be deleted`,
    );
  }

  /**
   * Raises the partition count of a topic to `partitions` (the new total; Kafka cannot lower it) and resolves
   * once the new partitions are visible.
   */
  async createPartitions(name: string, partitions: number): Promise<void> {
    const deadline = this.#context.deadline();
    const current = await this.#context.describeTopic(name, deadline);
    if (!Number.isInteger(partitions) || partitions <= current.partitions.length) {
      throw new AdminArgumentError(
        `createPartitions('${name}'): the new total must be more than the current ${String(current.partitions.length)} ` +
          `(got ${String(partitions)}); Kafka cannot remove partitions`,
      );
    }
    await this.#context.driver.createPartitions(name, partitions, deadline.remaining);
    await this.#context.waitFor(
      async () => {
        const topic = await this.#context.describeTopic(name, deadline);
        return topic.partitions.length === partitions && topic.partitions.every((p) => p.leader >= 0);
      },
      deadline,
      `topic '${name}' to have ${String(partitions)} partitions`,
    );
  }

  /** Partition layout of a topic; `TopicNotFoundError` when it does not exist. */
  async topicInfo(name: string): Promise<TopicInfo> {
    return topicInfo(await this.#context.describeTopic(name, this.#context.deadline()));
  }

  /** Brokers and every topic (internal ones included). */
  async clusterInfo(): Promise<ClusterInfo> {
    const metadata = await this.#context.driver.clusterMetadata(this.#context.options.timeout);
    return { brokers: metadata.brokers, topics: metadata.topics.map(topicInfo) };
  }

  /** Low and high watermarks of one partition (`high` is the offset the next message will get). */
  readWatermarkOffsets(topic: string, partition: number): Promise<Watermarks>;
  /** Low and high watermarks of every partition of a topic, by partition. */
  readWatermarkOffsets(topic: string): Promise<Record<number, Watermarks>>;
  async readWatermarkOffsets(topic: string, partition?: number): Promise<Watermarks | Record<number, Watermarks>> {
    const deadline = this.#context.deadline();
    const description = await this.#context.describeTopic(topic, deadline);
    const partitions = description.partitions.map((p) => p.partition);
    if (partition !== undefined && !partitions.includes(partition)) {
      throw new AdminArgumentError(`readWatermarkOffsets: topic '${topic}' has no partition ${String(partition)}`);
    }
    const watermarks = await partitionWatermarks(
      this.#context,
      topic,
      partition === undefined ? partitions : [partition],
      deadline,
    );
    if (partition !== undefined) return watermarks.get(partition)!;
    return Object.fromEntries(watermarks);
  }

  /**
   * Reads up to `count` messages of one partition, in offset order, without a consumer group: from offset
   * `start`, from the first message at or after a `Date`, or (`start` -1, the default) the last `count`
   * messages. Resolves with fewer when the partition ends first. Messages are raw (`value` is a Buffer).
   */
  readTopic(topic: string, partition: number, count: number, start: number | Date = -1): Promise<KafkaMessage[]> {
    return readTopic(this.#context, topic, partition, count, start);
  }

  /**
   * Moves a consumer group's committed offsets: per topic, one target for all partitions or one per partition
   * (`{ orders: { 0: 100, 1: new Date(...) }, events: 'earliest' }`). A `Date` moves to the first message at or
   * after it (to the end when there is none). The group must have no active members
   * (`ConsumerGroupActiveError`). Resolves with the offsets committed.
   */
  seekConsumerGroup(group: string, targets: GroupSeekTargets): Promise<TopicPartitionOffset[]> {
    return seekConsumerGroup(this.#context, group, targets);
  }

  /**
   * Copies the committed offsets of `previous` on `topics` to `next` (which must have no active members).
   * Resolves false, changing nothing, when `previous` has no offsets on those topics.
   */
  copyConsumerGroup(previous: string, next: string, topics: readonly string[]): Promise<boolean> {
    return copyConsumerGroup(this.#context, previous, next, topics);
  }

  /**
   * Copies the offsets of `previous` on `topics` to `next`, then deletes `previous` (unless
   * `deletePrevious: false`). Both groups must have no active members. Resolves false when there was nothing
   * to copy (then nothing is deleted either).
   */
  async renameConsumerGroup(
    previous: string,
    next: string,
    topics: readonly string[],
    options: { readonly deletePrevious?: boolean } = {},
  ): Promise<boolean> {
    await assertNoActiveMembers(this.#context, previous, 'rename', this.#context.deadline());
    const copied = await copyConsumerGroup(this.#context, previous, next, topics);
    if (copied && options.deletePrevious !== false) await deleteConsumerGroup(this.#context, previous);
    return copied;
  }

  /** Deletes a consumer group and its offsets; it must have no active members (`ConsumerGroupActiveError`). */
  deleteConsumerGroup(group: string): Promise<void> {
    return deleteConsumerGroup(this.#context, group);
  }

  /**
   * Committed offset and lag of each group on each partition of the listed topics (an empty list means every
   * topic the group has offsets for): `{ group: { topic: { partition: { offset, lag } } } }`. A partition the
   * group never committed has offset -1 and lag -1.
   */
  readLagsWithOffsets(groups: Readonly<Record<string, readonly string[]>>): Promise<LagsWithOffsets> {
    return readLagsWithOffsets(this.#context, groups);
  }

  /**
   * Committed offsets of `group` with their offset metadata (what consumers committed with
   * `markAsConsumed(message, metadata)`), on every partition of `topics` (offset -1 where nothing was committed)
   * or, without topics, on every partition the group committed: `{ topic: { partition: { offset, metadata } } }`.
   */
  readCommittedOffsets(group: string, topics?: readonly string[]): Promise<CommittedOffsets> {
    return readCommittedOffsets(this.#context, group, topics);
  }

  /** Configs of a topic by name (all of them, or only `names`). */
  async describeConfigs(topic: string, names?: readonly string[]): Promise<Record<string, ConfigEntry>> {
    const [result] = await this.#context.driver.describeTopicConfigs([topic], names, this.#context.options.timeout);
    return Object.fromEntries((result?.configs ?? []).map((entry) => [entry.name, entry]));
  }

  /**
   * Changes configs of a topic incrementally (others keep their values): `{ 'retention.ms': '86400000' }` sets,
   * `{ 'retention.ms': null }` deletes the topic's value (back to the broker's default); a `ConfigChange[]`
   * can also `append`/`subtract` list values. With `validateOnly` the broker only checks the changes.
   * Resolves once the broker shows what was set and deleted (the controller applies changes a moment before
   * the brokers serve them), so a `describeConfigs` right after reads the new values.
   */
  async alterConfigs(
    topic: string,
    changes: TopicConfigChanges,
    options: { readonly validateOnly?: boolean } = {},
  ): Promise<void> {
    const list = toChanges(changes);
    if (list.length === 0) return;
    await this.#context.driver.alterTopicConfigs(
      topic,
      list,
      options.validateOnly === true,
      this.#context.options.timeout,
    );
    if (options.validateOnly !== true) await this.#awaitConfigs(topic, list);
  }

  /** Waits (within the admin timeout) until the broker's topic configs show every `set` and `delete` of `list`. */
  async #awaitConfigs(topic: string, list: readonly ConfigChange[]): Promise<void> {
    const checked = list.filter((c) => c.operation === 'set' || c.operation === 'delete');
    if (checked.length === 0) return;
    const deadline = Date.now() + this.#context.options.timeout;
    for (;;) {
      const configs = await this.describeConfigs(
        topic,
        checked.map((c) => c.name),
      );
      const pending = checked.filter((change) => {
        const entry = configs[change.name];
        if (entry === undefined || entry.sensitive) return false;
        return change.operation === 'set' ? entry.value !== change.value : entry.source === 'topic';
      });
      if (pending.length === 0) return;
      if (Date.now() >= deadline) {
        throw new KafkaDriverError(
          `alterConfigs('${topic}'): the broker still does not show ${pending.map((c) => c.name).join(', ')} after ` +
            `${String(this.#context.options.timeout)} ms`,
          KafkaErrorCodes.timedOut,
          { retriable: true },
        );
      }
      await delay(CONFIG_RECHECK_MS);
    }
  }

  /** Disconnects. Safe to call more than once. */
  close(): Promise<void> {
    return this.#context.driver.close();
  }
}
