/**
 * `ConsumerDriver` on librdkafka (through the low-level `KafkaConsumer` of `@karafka-ts/kafka-native`, the project's
 * fork of `@confluentinc/kafka-javascript`). Messages come through the packed batch consume when the library
 * has it (see `consume-path.ts`), through the binding's `consume(n)` otherwise; everything else is the same.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { RdKafka } from '@karafka-ts/kafka-native';
import type { ConsumerDriver, ConsumerDriverOptions } from '../consumer-driver.js';
import { KafkaDriverError, KafkaErrorCodes } from '../driver-error.js';
import type {
  PollResult,
  RebalanceEvent,
  RebalanceProtocol,
  TopicPartition,
  TopicPartitionOffset,
  Watermarks,
} from '../types.js';
import { connectWithoutWaiting, probeCluster } from './connect.js';
import { allAssigned, DirectCommits } from './direct-commits.js';
import { chooseConsumePath, type ConsumePath } from './consume-path.js';
import { ConnectionFailures } from './connection-failures.js';
import { callbackToPromise, errorCode, toDriverError } from './errors.js';
import { library } from './library.js';
import { hasTokenRefresh, withTokenRefresh } from './oauth-bearer.js';
import { type MessageFetcher, messageFetcher } from './message-fetchers.js';
import { fromLibraryOffsets, storeInLibrary, toLibraryOffsets, toLibraryPartitions } from './messages.js';
import { parseStatistics } from './statistics.js';
import { StoredOffsets } from './stored-offsets.js';

const ASSIGN_PARTITIONS = -175;
const REVOKE_PARTITIONS = -174;
/** How long a commit waits for the broker to hold its offsets before it counts as failed. */
const COMMIT_CONFIRM_TIMEOUT_MS = 10_000;
/** Pause between two read-backs of a commit the broker does not show yet. */
const COMMIT_RECHECK_MS = 20;

type State = 'created' | 'connected' | 'closing' | 'closed';

/** A Kafka group member on librdkafka. */
export class RdKafkaConsumer implements ConsumerDriver {
  readonly #client: RdKafka.KafkaConsumer;
  readonly #options: ConsumerDriverOptions;
  #state: State = 'created';
  #rebalances: Promise<void> = Promise.resolve();
  /**
   * Set once partitions were assigned directly (`assign`): offsets are kept here and committed on an interval
   * (the binding stores in librdkafka only for a subscribed consumer); close unassigns them itself.
   */
  #direct: DirectCommits | undefined;
  #protocol: RebalanceProtocol = 'NONE';
  #poll: Promise<PollResult> | undefined;
  readonly #fetcher: MessageFetcher;
  #closing: Promise<void> | undefined;
  readonly #stored = new StoredOffsets();
  readonly #failures: ConnectionFailures;
  /** Metadata requests in flight: the client must not disconnect under them. */
  readonly #requests = new Set<Promise<unknown>>();

  /** Creates the client (nothing connects until `connect`). */
  constructor(options: ConsumerDriverOptions) {
    this.#options = options;
    const path = chooseConsumePath().path;
    this.#failures = new ConnectionFailures(options.settings);
    const settings = withTokenRefresh(options.settings, options.oauthBearerProvider, this.#failures);
    this.#client = new library.KafkaConsumer({
      ...settings,
      // The framework stores offsets explicitly, after processing; librdkafka must never store on its own.
      'enable.auto.offset.store': false,
      rebalance_cb: (error: unknown, assignment: RdKafka.Assignment[]) => this.#onRebalance(error, assignment),
    });
    this.#client.on('event.log', (log) => this.#failures.record(log as object));
    this.#client.on('event.error', (error) =>
      this.#failures.report(toDriverError(error, 'Kafka consumer error'), (explained) => options.onError?.(explained)),
    );
    // A failed token refresh is reported through the failures; the binding also emits it as `error`.
    if (hasTokenRefresh(settings)) (this.#client as unknown as NodeJS.EventEmitter).on('error', () => undefined);
    this.#client.on('event.stats', (event) => {
      const statistics = parseStatistics(event);
      if (statistics !== undefined) options.onStatistics?.(statistics);
    });
    this.#fetcher = messageFetcher(this.#client, path);
  }

  /** How this consumer takes messages from librdkafka. */
  get consumePath(): ConsumePath {
    return this.#fetcher.path;
  }

  /** The underlying library client, for the producer's `sendOffsetsToTransaction`. */
  get libraryClient(): RdKafka.KafkaConsumer {
    return this.#client;
  }

  async connect(): Promise<void> {
    if (this.#state !== 'created') throw new Error(`Cannot connect a consumer that is ${this.#state}`);
    await connectWithoutWaiting(this.#client, 'Connecting the consumer');
    this.#state = 'connected';
  }

  subscribe(topics: readonly string[]): void {
    this.#requireConnected('subscribe');
    try {
      this.#client.subscribe([...topics]);
    } catch (error) {
      throw toDriverError(error, `Subscribing to ${topics.join(', ')}`);
    }
  }

  assign(positions: readonly TopicPartitionOffset[]): void {
    this.#requireConnected('assign');
    try {
      this.#client.assign(positions.map(({ topic, partition, offset }) => ({ topic, partition, offset })));
    } catch (error) {
      throw toDriverError(error, 'Assigning partitions');
    }
    this.#direct ??= new DirectCommits({
      settings: this.#options.settings,
      stored: () => this.#stored.of(this.assignment()),
      commit: (offsets) =>
        callbackToPromise('Committing offsets', (d) => this.#client.commitCb(toLibraryOffsets(offsets), d)),
      unassign: () => this.#client.unassign(),
      onError: (error, action) => this.#options.onError?.(toDriverError(error, action)),
    });
    this.#direct.start();
  }

  poll(maxMessages: number, timeoutMs: number): Promise<PollResult> {
    if (this.#state !== 'connected') return Promise.resolve({ messages: [], eofs: [] });
    if (this.#poll !== undefined) throw new Error('A poll is already in flight: polls must not overlap');
    const poll = this.#fetcher.fetch(maxMessages, timeoutMs).then((fetched): PollResult => {
      for (const error of fetched.errors) {
        const driverError = toDriverError(error, 'Polling');
        // Topic- and partition-level errors (unknown topic, offset out of range...) do not break the client:
        // report them and carry on. Only fatal errors fail the poll.
        if (driverError.fatal) throw driverError;
        this.#options.onError?.(driverError);
      }
      return fetched;
    });
    this.#poll = poll;
    const clear = (): void => {
      this.#poll = undefined;
    };
    poll.then(clear, clear);
    return poll;
  }

  async probe(timeoutMs: number): Promise<void> {
    this.#requireConnected('reach the cluster');
    try {
      await this.#tracked(probeCluster(this.#client, timeoutMs));
    } catch (error) {
      throw this.#failures.explain(
        new KafkaDriverError(`No broker answered within ${String(timeoutMs)} ms`, KafkaErrorCodes.allBrokersDown, {
          retriable: true,
          cause: error,
        }),
      );
    }
  }

  async missingTopics(topics: readonly string[], timeoutMs: number): Promise<string[]> {
    const existing = await this.partitionCounts(topics, timeoutMs);
    return topics.filter((topic) => !existing.has(topic));
  }

  async partitionCounts(topics: readonly string[], timeoutMs: number): Promise<Map<string, number>> {
    this.#requireConnected('read topic metadata');
    const metadata = await this.#tracked(
      callbackToPromise<RdKafka.Metadata>('Reading topic metadata', (done) => {
        this.#client.getMetadata({ allTopics: true, timeout: timeoutMs }, done);
      }),
    );
    const wanted = new Set(topics);
    return new Map(
      metadata.topics
        .filter((t) => wanted.has(t.name) && t.partitions.length > 0)
        .map((t) => [t.name, t.partitions.length]),
    );
  }

  #tracked<T>(request: Promise<T>): Promise<T> {
    this.#requests.add(request);
    const done = (): void => {
      this.#requests.delete(request);
    };
    request.then(done, done);
    return request;
  }

  storeOffsets(offsets: readonly TopicPartitionOffset[]): boolean {
    if (this.#state !== 'connected') return false;
    if (this.#direct !== undefined) {
      if (!allAssigned(offsets, this.assignment())) return false;
      this.#stored.store(offsets);
      return true;
    }
    try {
      storeInLibrary(this.#client, offsets);
      this.#stored.store(offsets);
      return true;
    } catch (error) {
      const code = errorCode(error);
      if (code === KafkaErrorCodes.state || code === KafkaErrorCodes.unknownPartition) return false;
      throw toDriverError(error, 'Storing offsets');
    }
  }

  async commit(offsets?: readonly TopicPartitionOffset[]): Promise<void> {
    // While closing, the close itself commits what was stored (before it disconnects).
    if (this.#state !== 'connected') return;
    const list = offsets ?? this.#stored.of(this.assignment());
    await this.#commitConfirmed(list);
    this.#direct?.committed(list);
  }

  /**
   * Commits `offsets` and resolves once the broker holds them. The binding's commit only hands the commit to
   * librdkafka (which sends it later) and the commit callback is only served by a poll, which a closing
   * consumer no longer makes: so the offsets are read back from the group coordinator (on the same queue,
   * after the commit) until they show. Without this, a "synchronous" mark followed by a crash restarted the
   * partition from the previous commit.
   */
  async #commitConfirmed(offsets: readonly TopicPartitionOffset[]): Promise<void> {
    if (offsets.length === 0) return;
    try {
      await callbackToPromise<void>('Committing offsets', (done) =>
        this.#client.commitCb(toLibraryOffsets(offsets), done),
      );
    } catch (error) {
      if (errorCode(error) === KafkaErrorCodes.noOffset) return;
      throw error;
    }
    const deadline = Date.now() + COMMIT_CONFIRM_TIMEOUT_MS;
    for (;;) {
      const held = await callbackToPromise<RdKafka.TopicPartitionOffset[]>('Reading back committed offsets', (done) =>
        this.#client.committed(toLibraryPartitions(offsets), Math.max(1, deadline - Date.now()), done),
      );
      // Confirmed: the group holds the offset, or one between it and the offset stored since (librdkafka's
      // periodic commit may already have sent a newer one).
      const missing = offsets.filter((o) => {
        const now = held.find((h) => h.topic === o.topic && h.partition === o.partition)?.offset;
        const since = this.#stored.get(o.topic, o.partition) ?? o.offset;
        return now === undefined || now < Math.min(o.offset, since) || now > Math.max(o.offset, since);
      });
      if (missing.length === 0) return;
      if (Date.now() >= deadline) {
        const list = missing.map((o) => `${o.topic}/${String(o.partition)}@${String(o.offset)}`).join(', ');
        throw new KafkaDriverError(
          `The broker does not show the commit of ${list} after ${String(COMMIT_CONFIRM_TIMEOUT_MS)} ms`,
          KafkaErrorCodes.timedOut,
          { retriable: true },
        );
      }
      await delay(COMMIT_RECHECK_MS);
    }
  }

  pause(partitions: readonly TopicPartition[]): void {
    if (this.#state !== 'connected' || partitions.length === 0) return;
    this.#client.pause(toLibraryPartitions(partitions));
  }

  resume(partitions: readonly TopicPartition[]): void {
    if (this.#state !== 'connected' || partitions.length === 0) return;
    this.#client.resume(toLibraryPartitions(partitions));
  }

  async seek(position: TopicPartitionOffset, timeoutMs: number): Promise<void> {
    this.#requireConnected('seek');
    const { topic, partition, offset } = position;
    await callbackToPromise<void>(`Seeking ${topic}/${String(partition)} to ${String(offset)}`, (done) =>
      this.#client.seek({ topic, partition, offset }, timeoutMs, done),
    );
  }

  assignment(): TopicPartition[] {
    if (this.#state !== 'connected') return [];
    return this.#client.assignments().map(({ topic, partition }) => ({ topic, partition }));
  }

  async committed(partitions: readonly TopicPartition[], timeoutMs: number): Promise<TopicPartitionOffset[]> {
    this.#requireConnected('read committed offsets');
    const result = await callbackToPromise<RdKafka.TopicPartitionOffsetAndMetadata[]>(
      'Reading committed offsets',
      (done) => this.#client.committed(toLibraryPartitions(partitions), timeoutMs, done),
    );
    return fromLibraryOffsets(result);
  }

  async watermarks(topic: string, partition: number, timeoutMs: number): Promise<Watermarks> {
    this.#requireConnected('read watermarks');
    const result = await callbackToPromise<RdKafka.WatermarkOffsets>(
      `Reading watermarks of ${topic}/${String(partition)}`,
      (done) => {
        this.#client.queryWatermarkOffsets(topic, partition, timeoutMs, done);
      },
    );
    return { low: result.lowOffset, high: result.highOffset };
  }

  async offsetsForTimes(query: readonly TopicPartitionOffset[], timeoutMs: number): Promise<TopicPartitionOffset[]> {
    this.#requireConnected('look up offsets by time');
    const result = await callbackToPromise<RdKafka.TopicPartitionOffset[]>('Looking up offsets by time', (done) =>
      this.#client.offsetsForTimes(
        query.map(({ topic, partition, offset }) => ({ topic, partition, offset })),
        timeoutMs,
        done,
      ),
    );
    return fromLibraryOffsets(result);
  }

  close(): Promise<void> {
    this.#closing ??= this.#close(true);
    return this.#closing;
  }

  forceClose(): Promise<void> {
    this.#closing ??= this.#close(false);
    return this.#closing;
  }

  async #close(commit: boolean): Promise<void> {
    if (this.#state === 'created') {
      this.#state = 'closed';
      return;
    }
    this.#state = 'closing';
    // 1. Stop polling: wait for the in-flight poll (its messages are dropped: they were never processed).
    if (this.#poll !== undefined) await this.#poll.catch(() => undefined);
    await Promise.allSettled([...this.#requests]);
    // 2. Commit what was stored.
    await this.#direct?.stop();
    if (commit) {
      try {
        await this.#commitConfirmed(this.#stored.of(this.#assignmentOrNothing()));
      } catch (error) {
        this.#options.onError?.(toDriverError(error, 'Committing offsets on close'));
      }
    }
    // 3. A direct assignment is given up here (no group will revoke it); a group member leaves its group on
    // disconnect (librdkafka runs the final revoke through the rebalance callback).
    this.#direct?.release();
    await callbackToPromise<unknown>('Disconnecting the consumer', (done) => this.#client.disconnect(done));
    await this.#rebalances;
    this.#state = 'closed';
  }

  #requireConnected(action: string): void {
    if (this.#state !== 'connected') throw new Error(`Cannot ${action}: the consumer is ${this.#state}`);
  }

  /** Runs in the library's callback: queue the event so events are handled one at a time, in order. */
  #onRebalance(error: unknown, assignment: RdKafka.Assignment[]): void {
    const code = errorCode(error);
    const partitions = assignment.map(({ topic, partition }) => ({ topic, partition }));
    const protocol = this.#currentProtocol();
    let event: RebalanceEvent;
    if (code === ASSIGN_PARTITIONS) {
      event = { kind: 'assign', partitions, protocol };
    } else if (code === REVOKE_PARTITIONS) {
      event = { kind: 'revoke', partitions, protocol, lost: this.#client.assignmentLost() };
    } else {
      this.#options.onError?.(toDriverError(error, 'Rebalance failed'));
      event = { kind: 'revoke', partitions: this.#assignmentOrNothing(), protocol, lost: true };
    }
    this.#rebalances = this.#rebalances.then(() => this.#applyRebalance(event));
  }

  async #applyRebalance(event: RebalanceEvent): Promise<void> {
    try {
      await this.#options.onRebalance?.(event);
    } catch (error) {
      this.#options.onError?.(toDriverError(error, `Rebalance handler (${event.kind})`));
    }
    try {
      const partitions = toLibraryPartitions(event.partitions);
      const cooperative = event.protocol === 'COOPERATIVE';
      if (event.kind === 'assign') {
        if (cooperative) this.#client.incrementalAssign(partitions);
        else this.#client.assign(partitions);
        // A partition assigned again must not inherit a pause from its previous assignment.
        if (partitions.length > 0) this.#client.resume(partitions);
      } else if (cooperative) {
        this.#client.incrementalUnassign(partitions);
        this.#stored.forget(event.partitions);
      } else {
        this.#client.unassign();
        this.#stored.clear();
      }
    } catch (error) {
      this.#options.onError?.(toDriverError(error, `Applying ${event.kind}`));
    }
  }

  /** The group's protocol; remembered because the library reports NONE while the client closes. */
  #currentProtocol(): RebalanceProtocol {
    const now = this.#client.rebalanceProtocol();
    if (now !== 'NONE') this.#protocol = now;
    return this.#protocol;
  }

  #assignmentOrNothing(): TopicPartition[] {
    try {
      return this.#client.assignments().map(({ topic, partition }) => ({ topic, partition }));
    } catch {
      return [];
    }
  }
}
