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
import { KafkaDriverError } from '../driver-error.js';
import { KafkaSecurityError } from '../security/security-error.js';
import type { KafkaSettings, TopicPartition, TopicPartitionOffset } from '../types.js';
import { connectWithoutWaiting } from './connect.js';
import { ConnectionFailures } from './connection-failures.js';
import { callbackToPromise, toDriverError } from './errors.js';
import { library } from './library.js';
import { hasTokenRefresh, withTokenRefresh, type LibrarySettings } from './oauth-bearer.js';
import { fromLibraryOffsets, toLibraryPartitions } from './messages.js';
import { type MissingTopics, toTopicDescriptions } from './topic-descriptions.js';

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

/**
 * A Kafka admin client on librdkafka, plus a small protocol client for topic configs (see `../protocol/`).
 *
 * librdkafka retries a connection that fails to authenticate or to set up TLS until the call times out; a
 * call fails instead with the `KafkaSecurityError` as soon as one shows up while it runs. The binding holds an
 * exclusive lock on the client during most admin calls, for as long as they wait: a disconnect, or the first
 * OAUTHBEARER token being set, would wait for (and block the event loop until) a call's timeout. So a fresh
 * client first proves it can talk to the cluster with short metadata requests (under a shared lock), and only
 * then sends the calls that lock.
 */
export class RdKafkaAdmin implements AdminDriver {
  readonly #client: RdKafka.IAdminClient;
  readonly #options: AdminDriverOptions;
  readonly #settings: KafkaSettings;
  readonly #configs: TopicConfigsClient;
  readonly #failures: ConnectionFailures;
  readonly #waiting = new Set<(error: KafkaSecurityError) => void>();
  /** True once a request succeeded since the client started or since its last security failure. */
  #proven = false;
  #proving: Promise<void> | undefined;
  #closed = false;

  /** Creates and connects the client. */
  constructor(options: AdminDriverOptions) {
    this.#options = options;
    this.#settings = options.settings;
    this.#failures = new ConnectionFailures(options.settings);
    const settings = withTokenRefresh(options.settings, options.oauthBearerProvider, this.#failures);
    this.#client = library.AdminClient.create(settings, {
      'event.log': (log: object) => this.#failures.record(log),
      'event.error': (error: unknown) =>
        this.#failures.report(toDriverError(error, 'Kafka admin error'), (explained) => options.onError?.(explained)),
      ...(hasTokenRefresh(settings) ? { error: () => undefined } : {}),
    });
    this.#failures.onSecurityError((error) => {
      this.#proven = false;
      for (const fail of this.#waiting) fail(error);
    });
    this.#configs = new TopicConfigsClient(options.settings, options.oauthBearerProvider);
  }

  /**
   * A library call, made once the client proved it can talk to the cluster; it fails at once with the
   * security failure that shows up while it runs. `timeoutMs` bounds the proof and the call together.
   */
  async #call<T>(
    context: string,
    timeoutMs: number,
    start: (done: (err: unknown, value?: T) => void, timeoutMs: number) => void,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    try {
      await this.#prove(deadline);
    } catch (error) {
      if (error instanceof KafkaSecurityError || !(error instanceof KafkaDriverError)) throw error;
      throw new KafkaDriverError(
        `${context}: no broker answered within ${String(timeoutMs)} ms (${error.detail ?? error.message})`,
        error.code,
        { retriable: true, cause: error, ...(error.detail === undefined ? {} : { detail: error.detail }) },
      );
    }
    const remaining = Math.max(1, deadline - Date.now());
    const result = await guarded(
      callbackToPromise<T>(context, (done) => start(done, remaining)),
      this.#failures,
      this.#waiting,
    );
    this.#proven = true;
    return result;
  }

  /** Resolves once a metadata request succeeded (in requests of at most a second); rejects on a security failure. */
  async #prove(deadline: number): Promise<void> {
    if (this.#proven) return;
    this.#proving ??= (async () => {
      try {
        for (;;) {
          try {
            await callbackToPromise<string[]>('Reaching the cluster', (done) =>
              this.#client.listTopics(
                { timeout: Math.max(1, Math.min(METADATA_SLICE_MS, deadline - Date.now())) },
                done,
              ),
            );
            this.#proven = true;
            return;
          } catch (error) {
            await this.#failures.settled();
            if (this.#failures.security !== undefined) throw this.#failures.security;
            if (Date.now() >= deadline) throw this.#failures.explain(error as KafkaDriverError);
          }
        }
      } finally {
        this.#proving = undefined;
      }
    })();
    await this.#proving;
  }

  async createTopic(spec: NewTopicSpec, timeoutMs: number): Promise<void> {
    const topic = {
      topic: spec.name,
      num_partitions: spec.partitions,
      replication_factor: spec.replicationFactor,
      ...(spec.configs === undefined ? {} : { config: { ...spec.configs } }),
    } as RdKafka.NewTopic;
    await this.#call<void>(`Creating topic ${spec.name}`, timeoutMs, (done, timeout) =>
      this.#client.createTopic(topic, timeout, done),
    );
  }

  async deleteTopic(name: string, timeoutMs: number): Promise<void> {
    await this.#call<void>(`Deleting topic ${name}`, timeoutMs, (done, timeout) =>
      this.#client.deleteTopic(name, timeout, done),
    );
  }

  async createPartitions(name: string, total: number, timeoutMs: number): Promise<void> {
    await this.#call<void>(`Creating partitions of ${name}`, timeoutMs, (done, timeout) =>
      this.#client.createPartitions(name, total, timeout, done),
    );
  }

  async listTopics(timeoutMs: number): Promise<string[]> {
    return this.#call<string[]>('Listing topics', timeoutMs, (done, timeout) =>
      this.#client.listTopics({ timeout }, done),
    );
  }

  describeTopics(names: readonly string[], timeoutMs: number): Promise<TopicDescription[]> {
    return this.#describeTopics(names, timeoutMs, 'fail');
  }

  async #describeTopics(
    names: readonly string[],
    timeoutMs: number,
    missing: MissingTopics,
  ): Promise<TopicDescription[]> {
    const topics = await this.#call<RdKafka.TopicDescription[]>(
      `Describing ${names.join(', ')}`,
      timeoutMs,
      (done, timeout) => this.#client.describeTopics([...names], { timeout }, done),
    );
    return toTopicDescriptions(topics, missing);
  }

  async listOffsets(queries: readonly OffsetQuery[], timeoutMs: number): Promise<TopicPartitionOffset[]> {
    const specs = queries.map(({ topic, partition, spec }) => ({ topic, partition, offset: toOffsetSpec(spec) }));
    const results = await this.#call<RdKafka.ListOffsetsResult[]>('Listing offsets', timeoutMs, (done, timeout) =>
      this.#client.listOffsets(specs, { timeout }, done),
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
      const [result] = await this.#call<RdKafka.GroupResults[]>(
        context,
        Math.max(1, deadline - Date.now()),
        (done, timeout) =>
          this.#client.listConsumerGroupOffsets(request, { timeout, requireStableOffsets: true }, done),
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
    const results = await this.#call<RdKafka.DeleteGroupsResult[]>('Deleting groups', timeoutMs, (done, timeout) =>
      this.#client.deleteGroups([...groupIds], { timeout }, done),
    );
    for (const result of results) {
      if (result.error) throw toDriverError(result.error, `Deleting group ${result.groupId}`);
    }
  }

  async describeGroups(groupIds: readonly string[], timeoutMs: number): Promise<GroupDescription[]> {
    const result = await this.#call<RdKafka.GroupDescriptions>(
      `Describing groups ${groupIds.join(', ')}`,
      timeoutMs,
      (done, timeout) => this.#client.describeGroups([...groupIds], { timeout }, done),
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
    const failures = new ConnectionFailures(this.#settings);
    const settings: LibrarySettings = withTokenRefresh(this.#settings, this.#options.oauthBearerProvider, failures);
    const producer = new library.Producer(settings);
    producer.on('event.log', (log) => failures.record(log as object));
    if (hasTokenRefresh(settings)) (producer as unknown as NodeJS.EventEmitter).on('error', () => undefined);
    await connectWithoutWaiting(producer, 'Connecting for metadata');
    try {
      const metadata = await metadataInSlices(producer, failures, deadline);
      const names = metadata.topics.map((t) => t.name);
      // A topic deleted between the metadata and its description is no longer part of the cluster.
      const topics =
        names.length === 0 ? [] : await this.#describeTopics(names, Math.max(1, deadline - Date.now()), 'leave out');
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

/**
 * `call`, or the security failure that shows up while it runs (a wrong password must not wait out the
 * timeout); a call that failed while the client is stuck on a security failure fails with that failure.
 */
async function guarded<T>(
  call: Promise<T>,
  failures: ConnectionFailures,
  waiting: Set<(error: KafkaSecurityError) => void>,
): Promise<T> {
  let fail!: (error: KafkaSecurityError) => void;
  const failed = new Promise<never>((_resolve, reject) => {
    fail = reject;
  });
  waiting.add(fail);
  try {
    return await Promise.race([call, failed]);
  } catch (error) {
    if (error instanceof KafkaSecurityError) throw error;
    const security = failures.security;
    if (security !== undefined) throw security;
    throw failures.explain(error as KafkaDriverError);
  } finally {
    waiting.delete(fail);
  }
}

/** Longest single metadata request of `clusterMetadata`: a client cannot disconnect under one. */
const METADATA_SLICE_MS = 1_000;

/**
 * Cluster metadata, asked in short requests until the deadline, so that a security failure ends the wait
 * within a slice (the client must not be disconnected while a request is in flight).
 */
async function metadataInSlices(
  producer: RdKafka.Producer,
  failures: ConnectionFailures,
  deadline: number,
): Promise<RdKafka.Metadata> {
  for (;;) {
    try {
      return await callbackToPromise<RdKafka.Metadata>('Reading cluster metadata', (done) => {
        producer.getMetadata(
          { allTopics: true, timeout: Math.max(1, Math.min(METADATA_SLICE_MS, deadline - Date.now())) },
          done,
        );
      });
    } catch (error) {
      await failures.settled();
      if (failures.security !== undefined) throw failures.security;
      if (Date.now() >= deadline) throw failures.explain(error as KafkaDriverError);
    }
  }
}

function toOffsetSpec(spec: OffsetSpec): RdKafka.OffsetSpec {
  if (spec === 'earliest') return library.OffsetSpec.EARLIEST;
  if (spec === 'latest') return library.OffsetSpec.LATEST;
  return new library.OffsetSpec(spec.timestamp);
}
