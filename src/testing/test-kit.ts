/**
 * The entry point of `karafka-ts/testing`: unit tests of an app's consumers with no broker. From the app your
 * `karafka.config.ts` exports, `consumerFor(topic)` builds a routed topic's consumer as the server builds it;
 * the app's producer is replaced by one that writes to an in-memory cluster, so everything produced is
 * captured (`produced`, `transactions`). No test runner is needed: it works from vitest, jest or `node:test`.
 *
 * ```ts
 * const kit = new TestKit(app);
 * afterEach(() => kit.reset());
 *
 * const consumer = await kit.consumerFor('orders');
 * consumer.feed({ id: 1 });
 * const outcome = await consumer.consume();
 * expect(outcome.markedOffset).toBe(1);
 * ```
 */
import type { App } from '../app/app.js';
import type { BaseConsumer } from '../consumer/base-consumer.js';
import { type PartitionProducers, partitionProducers } from '../processing/partition-producers.js';
import { Producer } from '../producer/producer.js';
import { TransactionalProducerPool } from '../producer/transactional-producer-pool.js';
import type { Topic } from '../routing/topic.js';
import { InMemoryCluster } from './in-memory-cluster.js';
import { inMemoryDrivers } from './in-memory-drivers.js';
import type { ProducedMessage, ProducedTransaction } from './produced-message.js';
import { TestConsumer } from './test-consumer.js';

/** Which route `consumerFor` takes, and which partition. */
export interface ConsumerForOptions<C extends BaseConsumer = BaseConsumer> {
  /** The consumer group, when the topic is routed in several. */
  readonly consumerGroup?: string;
  /** The partition to consume (default 0). */
  readonly partition?: number;
  /**
   * The consumer class you expect the route to have: checked, and it types `instance` and `feed()`.
   */
  readonly consumer?: abstract new () => C;
}

/** Consumers of an app's routes on an in-memory cluster, and everything the app produced. */
export class TestKit {
  /** The app under test. */
  readonly app: App;
  /** The in-memory cluster: topics, committed offsets, produced messages and transactions. */
  readonly cluster = new InMemoryCluster();
  readonly #replaced: Producer | undefined;
  #producer: Producer;
  #partitionProducers: PartitionProducers | undefined;

  /**
   * Puts `app` in test mode: its producer (the one consumers reach as `this.producer`) becomes an in-memory one
   * (transactional when the app's was) until `restore()`; with the `transactionalProducers` setting, so do the
   * partitions' transactional producers of the consumers this kit builds.
   */
  constructor(app: App) {
    this.app = app;
    this.#replaced = app.useProducer(undefined);
    this.#producer = this.#capturingProducer();
    app.useProducer(this.#producer);
    this.#partitionProducers = this.#capturingPartitionProducers();
  }

  /**
   * The consumer of a routed `topic` (in `consumerGroup` when routed in several), on partition 0 unless told,
   * built as the server builds it: the route's deserializer, schema and options, `initialized()` run. Each call
   * builds a new one, as a new assignment does; it reads from its group's committed offset, else from the
   * first message.
   */
  async consumerFor<C extends BaseConsumer = BaseConsumer>(
    topic: string,
    options: ConsumerForOptions<C> = {},
  ): Promise<TestConsumer<C>> {
    const route = this.#route(topic, options.consumerGroup);
    if (options.consumer !== undefined && (route.consumer as unknown) !== options.consumer) {
      throw new Error(
        `Topic '${topic}' is routed to ${route.consumer?.name ?? '(no consumer)'}, not ${options.consumer.name}`,
      );
    }
    const partition = options.partition ?? 0;
    if (!Number.isInteger(partition) || partition < 0) {
      throw new RangeError(`consumerFor('${topic}'): partition must be an integer >= 0, got ${String(partition)}`);
    }
    const [subscriptionGroup] = this.app.routes.activeSubscriptionGroups({
      consumerGroups: [route.consumerGroup],
      subscriptionGroups: [route.subscriptionGroup],
      topics: [topic],
    });
    if (subscriptionGroup === undefined) {
      throw new Error(`Topic '${topic}' (consumer group '${route.consumerGroup}') is not active: the server skips it`);
    }
    this.cluster.createTopic(topic, partition + 1);
    return TestConsumer.create<C>({
      app: this.app,
      cluster: this.cluster,
      subscriptionGroup,
      topic: subscriptionGroup.topic(topic)!,
      partition,
      transactionalProducer: this.#partitionProducers,
    });
  }

  /** Messages produced so far (outside transactions, or in committed ones), in order. */
  get produced(): ProducedMessage[] {
    return this.cluster.produced;
  }

  /** Messages produced to `topic` (see `produced`). */
  producedTo(topic: string): ProducedMessage[] {
    return this.cluster.produced.filter((m) => m.topic === topic);
  }

  /** Transactions so far, with their messages, the offsets sent with them, and how they ended. */
  get transactions(): readonly ProducedTransaction[] {
    return this.cluster.transactions;
  }

  /** Between tests: forgets every message, offset and transaction, and gives the app a fresh in-memory producer. */
  reset(): void {
    this.cluster.reset();
    this.#producer = this.#capturingProducer();
    this.app.useProducer(this.#producer);
    this.#partitionProducers = this.#capturingPartitionProducers();
  }

  /** Ends test mode: the app gets back the producer it had (or builds its default one again). */
  restore(): void {
    this.app.useProducer(this.#replaced);
  }

  #route(name: string, consumerGroup: string | undefined): Topic {
    const routed = this.app.routes.topics;
    const matches = routed.filter((t) => t.name === name);
    if (matches.length === 0) {
      const known = [...new Set(routed.map((t) => t.name))].join(', ') || '(none)';
      throw new Error(`No route for topic '${name}'; routed topics: ${known}`);
    }
    if (consumerGroup !== undefined) {
      const match = matches.find((t) => t.consumerGroup === consumerGroup);
      if (match === undefined) {
        const groups = matches.map((t) => t.consumerGroup).join(', ');
        throw new Error(`Topic '${name}' is not routed in consumer group '${consumerGroup}'; it is in: ${groups}`);
      }
      return match;
    }
    if (matches.length > 1) {
      const groups = matches.map((t) => t.consumerGroup).join(', ');
      throw new Error(`Topic '${name}' is routed in several consumer groups (${groups}): pass { consumerGroup }`);
    }
    return matches[0]!;
  }

  /**
   * With the `transactionalProducers` setting: each partition's transactional producer, in memory (same
   * `transactional.id`s as on the server).
   */
  #capturingPartitionProducers(): PartitionProducers | undefined {
    const settings = this.app.settings.transactionalProducers;
    if (settings === undefined) return undefined;
    const pool = new TransactionalProducerPool({
      idPrefix: settings.idPrefix,
      maxProducers: settings.maxProducers,
      create: (transactionalId) =>
        new Producer({
          kafka: { 'bootstrap.servers': 'in-memory', 'transactional.id': transactionalId },
          id: transactionalId,
          monitor: this.app.monitor,
          drivers: inMemoryDrivers(this.cluster),
        }),
      onCloseError: () => undefined,
    });
    return partitionProducers(pool);
  }

  /** An in-memory producer like the app's: same id and middleware, transactional when the app's is. */
  #capturingProducer(): Producer {
    const { settings } = this.app;
    const transactionalId =
      settings.kafka['transactional.id'] ??
      (this.#replaced?.transactional === true ? `${settings.clientId}-transactional` : undefined);
    const producer = new Producer({
      kafka: {
        'bootstrap.servers': 'in-memory',
        ...(transactionalId === undefined ? {} : { 'transactional.id': transactionalId }),
      },
      id: this.#replaced?.id ?? `${settings.clientId}-producer`,
      monitor: this.app.monitor,
      // The app's own producer's middleware runs as well (a producer given to the app may have some).
      ...(this.#replaced === undefined ? {} : { middleware: [(message) => this.#replaced!.middleware.run(message)] }),
      drivers: inMemoryDrivers(this.cluster),
    });
    return producer;
  }
}
