/**
 * `AdminDriver` on librdkafka (through the `AdminClient` of `@karafka-ts/kafka-native`, the project's client fork).
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { RdKafka } from '@karafka-ts/kafka-native';
import type {
  AdminDriver,
  AdminDriverOptions,
  ClusterMetadata,
  ConfigChange,
  ConfigEntry,
  GroupDescription,
  GroupState,
  NewTopicSpec,
  OffsetQuery,
  OffsetSpec,
  TopicDescription,
} from '../admin-driver.js';
import { TopicConfigsClient } from '../protocol/configs-client.js';
import type { KafkaSettings, TopicPartition, TopicPartitionOffset } from '../types.js';
import { callbackToPromise, toDriverError } from './errors.js';
import { library } from './library.js';
import { fromLibraryOffsets, toLibraryPartitions } from './messages.js';

/**
 * Broker errors of an offset fetch that go away by themselves: the coordinator is loading or moving, or
 * (with `requireStableOffsets`) a transaction that commits offsets is still open.
 */
const TRANSIENT_OFFSET_FETCH_ERRORS: ReadonlySet<number> = new Set([14, 15, 16, 88]);
/** librdkafka's "no offset" marker in committed-offset results. */
const INVALID_OFFSET = -1001;

const GROUP_STATES: Readonly<Record<number, GroupState>> = {
  0: 'unknown',
  1: 'preparing_rebalance',
  2: 'completing_rebalance',
  3: 'stable',
  4: 'dead',
  5: 'empty',
};

/** What the binding reports per partition of an offset fetch (the `.d.ts` omits `error`). */
type FetchedOffset = RdKafka.TopicPartitionOffsetAndMetadata & { readonly error?: unknown };

/** A Kafka admin client on librdkafka, plus a small protocol client for topic configs (see `../protocol/`). */
export class RdKafkaAdmin implements AdminDriver {
  readonly #client: RdKafka.IAdminClient;
  readonly #settings: KafkaSettings;
  readonly #configs: TopicConfigsClient;
  #closed = false;

  /** Creates and connects the client. */
  constructor(options: AdminDriverOptions) {
    this.#settings = options.settings;
    this.#client = library.AdminClient.create(options.settings, {
      'event.error': (error: unknown) => options.onError?.(toDriverError(error, 'Kafka admin error')),
    });
    this.#configs = new TopicConfigsClient(options.settings);
  }

  async createTopic(spec: NewTopicSpec, timeoutMs: number): Promise<void> {
    const topic = {
      topic: spec.name,
      num_partitions: spec.partitions,
      replication_factor: spec.replicationFactor,
      ...(spec.configs === undefined ? {} : { config: { ...spec.configs } }),
    } as RdKafka.NewTopic;
    await callbackToPromise<void>(`Creating topic ${spec.name}`, (done) =>
      this.#client.createTopic(topic, timeoutMs, done),
    );
  }

  async deleteTopic(name: string, timeoutMs: number): Promise<void> {
    await callbackToPromise<void>(`Deleting topic ${name}`, (done) => this.#client.deleteTopic(name, timeoutMs, done));
  }

  async createPartitions(name: string, total: number, timeoutMs: number): Promise<void> {
    await callbackToPromise<void>(`Creating partitions of ${name}`, (done) =>
      this.#client.createPartitions(name, total, timeoutMs, done),
    );
  }

  async listTopics(timeoutMs: number): Promise<string[]> {
    return callbackToPromise<string[]>('Listing topics', (done) =>
      this.#client.listTopics({ timeout: timeoutMs }, done),
    );
  }

  async describeTopics(names: readonly string[], timeoutMs: number): Promise<TopicDescription[]> {
    const topics = await callbackToPromise<RdKafka.TopicDescription[]>(`Describing ${names.join(', ')}`, (done) =>
      this.#client.describeTopics([...names], { timeout: timeoutMs }, done),
    );
    return topics.map((topic) => {
      if (topic.error) throw toDriverError(topic.error, `Describing ${topic.name}`);
      return {
        name: topic.name,
        internal: topic.isInternal,
        partitions: topic.partitions.map((p) => ({
          partition: p.partition,
          leader: p.leader?.id ?? -1,
          replicas: p.replicas.map((r) => r.id),
          isr: p.isr.map((r) => r.id),
        })),
      };
    });
  }

  async listOffsets(queries: readonly OffsetQuery[], timeoutMs: number): Promise<TopicPartitionOffset[]> {
    const specs = queries.map(({ topic, partition, spec }) => ({ topic, partition, offset: toOffsetSpec(spec) }));
    const results = await callbackToPromise<RdKafka.ListOffsetsResult[]>('Listing offsets', (done) =>
      this.#client.listOffsets(specs, { timeout: timeoutMs }, done),
    );
    return results.map((r) => {
      if (r.error) throw toDriverError(r.error, `Listing offsets of ${r.topic}/${String(r.partition)}`);
      return { topic: r.topic, partition: r.partition, offset: r.offset };
    });
  }

  async groupOffsets(
    groupId: string,
    partitions: readonly TopicPartition[] | undefined,
    timeoutMs: number,
  ): Promise<TopicPartitionOffset[]> {
    const request = [{ groupId, ...(partitions === undefined ? {} : { partitions: toLibraryPartitions(partitions) }) }];
    const context = `Reading offsets of group ${groupId}`;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [result] = await callbackToPromise<RdKafka.GroupResults[]>(context, (done) =>
        this.#client.listConsumerGroupOffsets(
          request,
          { timeout: Math.max(1, deadline - Date.now()), requireStableOffsets: true },
          done,
        ),
      );
      if (result === undefined) return [];
      const fetched: readonly FetchedOffset[] = result.partitions;
      const failure = result.error ?? fetched.find((p) => p.error !== undefined)?.error;
      if (failure === undefined) {
        return fromLibraryOffsets(fetched).map((o) => (o.offset === INVALID_OFFSET ? { ...o, offset: -1 } : o));
      }
      const error = toDriverError(failure, context);
      if (!TRANSIENT_OFFSET_FETCH_ERRORS.has(error.code) || Date.now() >= deadline) throw error;
      await delay(100);
    }
  }

  async deleteGroups(groupIds: readonly string[], timeoutMs: number): Promise<void> {
    const results = await callbackToPromise<RdKafka.DeleteGroupsResult[]>('Deleting groups', (done) =>
      this.#client.deleteGroups([...groupIds], { timeout: timeoutMs }, done),
    );
    for (const result of results) {
      if (result.error) throw toDriverError(result.error, `Deleting group ${result.groupId}`);
    }
  }

  async describeGroups(groupIds: readonly string[], timeoutMs: number): Promise<GroupDescription[]> {
    const result = await callbackToPromise<RdKafka.GroupDescriptions>(
      `Describing groups ${groupIds.join(', ')}`,
      (done) => this.#client.describeGroups([...groupIds], { timeout: timeoutMs }, done),
    );
    return groupIds.map((groupId) => {
      const group = result.groups.find((g) => g.groupId === groupId);
      if (group === undefined) throw toDriverError(new Error('no description returned'), `Describing group ${groupId}`);
      if (group.error) throw toDriverError(group.error, `Describing group ${groupId}`);
      return {
        groupId,
        state: GROUP_STATES[group.state] ?? 'unknown',
        protocolType: group.protocolType,
        protocol: group.protocol,
        type:
          group.type === library.ConsumerGroupTypes.CONSUMER
            ? 'consumer'
            : group.type === library.ConsumerGroupTypes.CLASSIC
              ? 'classic'
              : 'unknown',
        members: group.members.map((m) => ({
          memberId: m.memberId,
          clientId: m.clientId,
          host: m.clientHost,
          ...(m.groupInstanceId ? { groupInstanceId: m.groupInstanceId } : {}),
          assignment: (m.assignment?.topicPartitions ?? []).map(({ topic, partition }) => ({ topic, partition })),
        })),
      };
    });
  }

  /**
   * The binding's admin client has no metadata call, so a short-lived producer on the same settings reads
   * the brokers; topics are then described through the admin client (which knows which ones are internal).
   */
  async clusterMetadata(timeoutMs: number): Promise<ClusterMetadata> {
    const deadline = Date.now() + timeoutMs;
    const producer = new library.Producer({ ...this.#settings });
    try {
      await callbackToPromise<unknown>('Connecting for metadata', (done) =>
        producer.connect({ timeout: timeoutMs }, done),
      );
      const metadata = await callbackToPromise<RdKafka.Metadata>('Reading cluster metadata', (done) => {
        producer.getMetadata({ allTopics: true, timeout: Math.max(1, deadline - Date.now()) }, done);
      });
      const names = metadata.topics.map((t) => t.name);
      const topics = names.length === 0 ? [] : await this.describeTopics(names, Math.max(1, deadline - Date.now()));
      return {
        brokers: metadata.brokers.map(({ id, host, port }) => ({ id, host, port })),
        originBrokerId: metadata.orig_broker_id,
        topics,
      };
    } finally {
      await new Promise<void>((resolve) => producer.disconnect(() => resolve()));
    }
  }

  async describeTopicConfigs(
    topics: readonly string[],
    names: readonly string[] | undefined,
    timeoutMs: number,
  ): Promise<{ topic: string; configs: ConfigEntry[] }[]> {
    return this.#configs.describe(topics, names, timeoutMs);
  }

  async alterTopicConfigs(
    topic: string,
    changes: readonly ConfigChange[],
    validateOnly: boolean,
    timeoutMs: number,
  ): Promise<void> {
    await this.#configs.alter(topic, changes, validateOnly, timeoutMs);
  }

  async close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      this.#client.disconnect();
      await this.#configs.close();
    }
  }
}

function toOffsetSpec(spec: OffsetSpec): RdKafka.OffsetSpec {
  if (spec === 'earliest') return library.OffsetSpec.EARLIEST;
  if (spec === 'latest') return library.OffsetSpec.LATEST;
  return new library.OffsetSpec(spec.timestamp);
}
