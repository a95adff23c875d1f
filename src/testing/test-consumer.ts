/**
 * A routed topic-partition's consumer, run by the framework's own processing core on the in-memory cluster:
 * the scheduler, the partition's coordinator and strategy, the executor and the decision runner, the worker
 * pool, and the rebalance handler for revocations: the same code the server runs. What differs is only who
 * polls and when time passes: `consume()` is one poll of everything fed since the last one, run until the
 * partition has nothing left to do; a retry backoff or a timed pause ends when the next `consume()` starts
 * (a pause until `resume()` stays).
 */
import type { App } from '../app/app.js';
import { RebalanceHandler } from '../connection/rebalance-handler.js';
import type { BaseConsumer } from '../consumer/base-consumer.js';
import type { KafkaHeader } from '../kafka/types.js';
import { runsOfPoll } from '../kafka/fetched-runs.js';
import { JobsQueue } from '../processing/jobs-queue.js';
import type { PartitionCoordinator } from '../processing/partition-coordinator.js';
import type { PartitionProducers } from '../processing/partition-producers.js';
import { PartitionScheduler } from '../processing/partition-scheduler.js';
import { WorkersPool } from '../processing/workers-pool.js';
import type { ProducerHeaders } from '../producer/types.js';
import type { SubscriptionGroup } from '../routing/subscription-group.js';
import type { Topic } from '../routing/topic.js';
import { ConsumeRecorder, type ConsumeOutcome } from './consume-outcome.js';
import type { InMemoryCluster } from './in-memory-cluster.js';
import { InMemoryConsumer } from './in-memory-consumer.js';
import { encodePayload } from './payload-encoding.js';

/** The payload type a consumer class takes (`BaseConsumer<P>`). */
export type PayloadOf<C> = C extends BaseConsumer<infer P> ? P : unknown;

/** Where and how a fed message is written. */
export interface FeedOptions {
  readonly key?: string | Buffer | null;
  /** Headers: a name maps to a value, or to several values. */
  readonly headers?: ProducerHeaders;
  /** The partition (default: the test consumer's). */
  readonly partition?: number;
  /** Create time (default: now). */
  readonly timestamp?: Date | number;
}

/** A message fed to the topic, as stored (its offset assigned in order per partition). */
export interface FedMessage {
  readonly partition: number;
  readonly offset: number;
}

/** How `consumerFor` found its route, and the services it runs on (built by `TestKit`). */
export interface TestConsumerSetup {
  readonly app: App;
  readonly cluster: InMemoryCluster;
  readonly subscriptionGroup: SubscriptionGroup;
  readonly topic: Topic;
  readonly partition: number;
  /** Each partition's transactional producer (the app's `transactionalProducers` setting), in memory. */
  readonly transactionalProducer: PartitionProducers | undefined;
}

/** Why hooks can no longer run, once the partition was revoked or shut down. */
type Ended = 'revoked' | 'lost' | 'shutdown';

/** The consumer of one routed topic-partition, for tests. Build it with `TestKit.consumerFor`. */
export class TestConsumer<C extends BaseConsumer = BaseConsumer> {
  /** The routed topic. */
  readonly topic: Topic;
  /** The partition it consumes. */
  readonly partition: number;
  readonly #setup: TestConsumerSetup;
  readonly #driver: InMemoryConsumer;
  readonly #scheduler: PartitionScheduler;
  readonly #coordinator: PartitionCoordinator;
  readonly #instance: C;
  #recorder: ConsumeRecorder | undefined;
  #criticalError: unknown;
  #ended: Ended | undefined;

  private constructor(
    setup: TestConsumerSetup,
    parts: {
      readonly driver: InMemoryConsumer;
      readonly scheduler: PartitionScheduler;
      readonly coordinator: PartitionCoordinator;
      readonly instance: C;
    },
  ) {
    this.#setup = setup;
    this.topic = setup.topic;
    this.partition = setup.partition;
    this.#driver = parts.driver;
    this.#scheduler = parts.scheduler;
    this.#coordinator = parts.coordinator;
    this.#instance = parts.instance;
  }

  /**
   * Assigns the partition to a fresh group member on the in-memory cluster (reading from the group's committed
   * offset, else from the first message) and builds its consumer as the server does (`initialized()` runs).
   */
  static async create<C extends BaseConsumer>(setup: TestConsumerSetup): Promise<TestConsumer<C>> {
    const { app, cluster, subscriptionGroup, topic, partition } = setup;
    const driver: InMemoryConsumer = new InMemoryConsumer(cluster, {
      settings: subscriptionGroup.kafkaSettings(app.settings.clientId),
      onRebalance: (event) => rebalances.handle(event),
    });
    const jobsQueue = new JobsQueue();
    const workers = new WorkersPool(jobsQueue, app.settings.concurrency, app.monitor);
    let onCritical: (error: unknown) => void = () => undefined;
    const scheduler = new PartitionScheduler({
      subscriptionGroup,
      settings: app.settings,
      monitor: app.monitor,
      logger: app.logger,
      jobsQueue,
      workers,
      driver: () => driver,
      producer: () => app.producer,
      transactionalProducer: setup.transactionalProducer,
      onCriticalError: (error) => onCritical(error),
      // Ticks run when the test calls tick(), never by themselves while it runs.
      tickTimer: false,
    });
    // Revocations go through the handler the listener uses (driver -> onRebalance), so they run as on a server.
    const rebalances = new RebalanceHandler({
      scheduler,
      monitor: app.monitor,
      subscriptionGroup,
      driver: () => driver,
      runHooks: () => true,
      onAssigned: () => undefined,
    });
    await driver.assignPartitions([{ topic: topic.name, partition }]);
    const coordinator = scheduler.get(topic.name, partition);
    if (coordinator === undefined)
      throw new Error(`Topic '${topic.name}' partition ${String(partition)} was not assigned`);
    const instance = (await scheduler.consumerOf(coordinator)) as C;
    const built = new TestConsumer<C>(setup, { driver, scheduler, coordinator, instance });
    onCritical = (error) => built.#critical(error);
    return built;
  }

  /** The consumer instance the framework built (your class), e.g. to read what it stored. */
  get instance(): C {
    return this.#instance;
  }

  /** The consumer group. */
  get consumerGroup(): string {
    return this.topic.consumerGroup;
  }

  /** The offset stored for commit (next to read: the last marked message's offset + 1), if any. */
  get markedOffset(): number | undefined {
    return this.#driver.storedOffset(this.topic.name, this.partition);
  }

  /** The group's committed offset (next to read), if any was committed (`markAsConsumedSync`, revocation...). */
  get committedOffset(): number | undefined {
    return this.#setup.cluster.committedOffset(this.consumerGroup, this.topic.name, this.partition);
  }

  /** True while a pause the consumer asked for holds the partition. */
  get paused(): boolean {
    return this.#coordinator.paused;
  }

  /** A seek waiting to be applied before the next poll (-2: earliest, -1: latest), if any. */
  get pendingSeek(): number | undefined {
    return this.#coordinator.pendingSeek;
  }

  /** Failed attempts of the current batch so far (0 after a success). */
  get failedAttempts(): number {
    return this.#coordinator.attempt;
  }

  /** True once the partition was revoked (cleanly or lost), as `this.isRevoked` in the consumer. */
  get isRevoked(): boolean {
    return !this.#coordinator.isOwned;
  }

  /**
   * Writes a message to the topic (this consumer's partition unless `partition` says otherwise): `payload` is
   * encoded as the route expects (JSON by default; a Buffer is taken as is; null is a tombstone). Offsets are
   * assigned in order per partition; the next `consume()` gets every message fed since the last one.
   */
  feed(payload: PayloadOf<C> | Buffer | string | null, options: FeedOptions = {}): FedMessage {
    const headers: KafkaHeader[] = [];
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      const values: readonly (string | Buffer)[] = Array.isArray(value) ? value : [value as string | Buffer];
      for (const item of values) headers.push({ key: name, value: Buffer.from(item) });
    }
    const timestamp = options.timestamp instanceof Date ? options.timestamp.getTime() : options.timestamp;
    const stored = this.#setup.cluster.append({
      topic: this.topic.name,
      partition: options.partition ?? this.partition,
      value: encodePayload(this.topic, payload),
      key: options.key ?? null,
      headers,
      ...(timestamp === undefined ? {} : { timestamp }),
    });
    return { partition: stored.partition, offset: stored.offset };
  }

  /** Feeds several payloads with the same options (see `feed`). */
  feedMany(payloads: readonly (PayloadOf<C> | Buffer | string | null)[], options: FeedOptions = {}): FedMessage[] {
    return payloads.map((payload) => this.feed(payload, options));
  }

  /**
   * One poll and what the server does with it: a seek asked for before is applied, a retry backoff or a timed
   * pause ends (time passed), every message fed since the last poll is handed to the partition, and its jobs
   * run (batches of the route's `maxMessages`, retries and dead letters as its strategy decides) until it has
   * nothing left to do. Resolves with what happened; it does not throw what the consumer threw (see `error`).
   */
  async consume(): Promise<ConsumeOutcome> {
    this.#assertActive('consume');
    return this.#run(async () => {
      await this.#applySeek();
      const held = this.#coordinator.heldUntil;
      if (held > 0 && held !== Infinity) this.#scheduler.resume(this.#coordinator);
      this.#scheduler.distribute(runsOfPoll(await this.#driver.poll(Number.MAX_SAFE_INTEGER)));
      await this.#settle();
    });
  }

  /**
   * The group takes the partition away: cleanly (running work finishes, stored offsets are committed, then
   * `revoked()` runs with `isRevoked` true), or `lost` (marks are refused at once, nothing is committed).
   * The test consumer is done afterwards.
   */
  async revoked(options: { readonly lost?: boolean } = {}): Promise<ConsumeOutcome> {
    this.#assertActive('revoked');
    const lost = options.lost ?? false;
    this.#ended = lost ? 'lost' : 'revoked';
    return this.#run(async () => {
      await this.#driver.revokePartitions([{ topic: this.topic.name, partition: this.partition }], lost);
      await this.#settle();
    });
  }

  /** The server quiets or stops: no more work is taken and `shutdown()` runs. The test consumer is done. */
  async shutdown(): Promise<ConsumeOutcome> {
    this.#assertActive('shutdown');
    this.#ended = 'shutdown';
    return this.#run(async () => {
      this.#scheduler.stopAcceptingWork();
      await this.#scheduler.runLifecycle('shutdown', [this.#coordinator]);
    });
  }

  /**
   * The partition reached its end: `eofed()` runs once every fed message was consumed (as with the route's
   * `eofed: true`; a route without it is an error: the server would never call `eofed()`).
   */
  async eofed(): Promise<ConsumeOutcome> {
    this.#assertActive('eofed');
    if (!this.topic.eofed) {
      throw new Error(
        `Topic '${this.topic.name}' is not routed with eofed: true: the server never runs eofed() for it`,
      );
    }
    return this.#run(async () => {
      const end = this.#setup.cluster.endOffset(this.topic.name, this.partition);
      this.#scheduler.eof(this.#coordinator, end);
      await this.#settle();
    });
  }

  /**
   * A periodic tick now (routes with `periodic`): `tick()` runs as the server's tick job runs it, if the
   * partition may tick now (not held, unless the route ticks then; no message waiting). Time does not pass on
   * its own in tests: the route's tick timer is off, and ticks run only when asked for here.
   */
  async tick(): Promise<ConsumeOutcome> {
    this.#assertActive('tick');
    if (this.topic.periodic === undefined) {
      throw new Error(
        `Topic '${this.topic.name}' is not routed with periodic ticks: the server never runs tick() for it`,
      );
    }
    return this.#run(async () => {
      if (!this.#scheduler.tick(this.#coordinator)) {
        throw new Error(`tick(): ${this.#coordinator.id} may not tick now (it is held, or messages wait)`);
      }
      await this.#settle();
    });
  }

  /** Runs `work` with a recorder listening, and sums up what happened. */
  async #run(work: () => Promise<void>): Promise<ConsumeOutcome> {
    const recorder = new ConsumeRecorder({
      monitor: this.#setup.app.monitor,
      cluster: this.#setup.cluster,
      consumerGroup: this.consumerGroup,
      topic: this.topic.name,
      partition: this.partition,
    });
    this.#recorder = recorder;
    this.#criticalError = undefined;
    try {
      await work();
    } finally {
      // Time stands still between runs: nothing wakes the partition on its own.
      this.#scheduler.cancelWake(this.#coordinator);
      this.#recorder = undefined;
    }
    return recorder.finish({ markedOffset: this.markedOffset, committedOffset: this.committedOffset });
  }

  /** As the listener does between polls: a pending seek moves the client's position. */
  async #applySeek(): Promise<void> {
    const offset = this.#coordinator.pendingSeek;
    if (offset === undefined || !this.#coordinator.isOwned) return;
    await this.#driver.seek({ topic: this.topic.name, partition: this.partition, offset });
    this.#scheduler.seekApplied(this.#coordinator, offset);
  }

  /** Waits until no job of the partition is queued or running (a finished job may queue the next). */
  async #settle(): Promise<void> {
    do {
      await this.#coordinator.idle();
      // Work queued from a finished job's follow-ups (a revocation's hooks) gets a turn.
      await new Promise((resolve) => setImmediate(resolve));
    } while (this.#coordinator.busy);
  }

  #critical(error: unknown): void {
    this.#criticalError = error;
    this.#recorder?.critical(error);
  }

  #assertActive(action: string): void {
    if (this.#ended !== undefined) {
      throw new Error(
        `${action}(): the test consumer of ${this.#coordinator.id} was ${this.#ended === 'shutdown' ? 'shut down' : this.#ended}; ` +
          'build a new one with consumerFor()',
      );
    }
    if (this.#criticalError !== undefined && action === 'consume') {
      throw new Error(
        `consume(): a critical error stopped ${this.#coordinator.id} (the server would stop): build a new test consumer`,
        { cause: this.#criticalError },
      );
    }
  }
}
