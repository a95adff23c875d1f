/**
 * `AdminDriver` on librdkafka (through `@confluentinc/kafka-javascript`'s `AdminClient`).
 */
import type { RdKafka } from '@confluentinc/kafka-javascript';
import type {
  AdminDriver,
  AdminDriverOptions,
  NewTopicSpec,
  OffsetQuery,
  OffsetSpec,
  TopicDescription,
} from '../admin-driver.js';
import type { TopicPartition, TopicPartitionOffset } from '../types.js';
import { callbackToPromise, toDriverError } from './errors.js';
import { library } from './library.js';
import { fromLibraryOffsets, toLibraryPartitions } from './messages.js';

/** A Kafka admin client on librdkafka. */
export class RdKafkaAdmin implements AdminDriver {
  readonly #client: RdKafka.IAdminClient;
  #closed = false;

  /** Creates and connects the client. */
  constructor(options: AdminDriverOptions) {
    this.#client = library.AdminClient.create(options.settings, {
      'event.error': (error: unknown) => options.onError?.(toDriverError(error, 'Kafka admin error')),
    });
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
    const [result] = await callbackToPromise<RdKafka.GroupResults[]>(`Reading offsets of group ${groupId}`, (done) =>
      this.#client.listConsumerGroupOffsets(request, { timeout: timeoutMs, requireStableOffsets: true }, done),
    );
    if (result === undefined) return [];
    if (result.error) throw toDriverError(result.error, `Reading offsets of group ${groupId}`);
    return fromLibraryOffsets(result.partitions);
  }

  async deleteGroups(groupIds: readonly string[], timeoutMs: number): Promise<void> {
    const results = await callbackToPromise<RdKafka.DeleteGroupsResult[]>('Deleting groups', (done) =>
      this.#client.deleteGroups([...groupIds], { timeout: timeoutMs }, done),
    );
    for (const result of results) {
      if (result.error) throw toDriverError(result.error, `Deleting group ${result.groupId}`);
    }
  }

  close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      this.#client.disconnect();
    }
    return Promise.resolve();
  }
}

function toOffsetSpec(spec: OffsetSpec): RdKafka.OffsetSpec {
  if (spec === 'earliest') return library.OffsetSpec.EARLIEST;
  if (spec === 'latest') return library.OffsetSpec.LATEST;
  return new library.OffsetSpec(spec.timestamp);
}
