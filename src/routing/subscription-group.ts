/**
 * A subscription group: topics of one consumer group that share one Kafka connection (one listener).
 */
import type { KafkaSettings } from '../kafka/types.js';
import type { Topic } from './topic.js';

/** Consumer settings karafka-ts applies unless the app or the route says otherwise. */
const CONSUMER_DEFAULTS: KafkaSettings = {
  // librdkafka's own default, said here so the commit path can be found by reading: karafka-ts stores each
  // processed offset explicitly (src/processing/partition-operations.ts `store`; librdkafka never stores on
  // its own: src/kafka/rdkafka/consumer.ts sets enable.auto.offset.store false) and librdkafka commits what
  // was stored every auto.commit.interval.ms. Commits also happen, confirmed by the broker, when a partition
  // is revoked (src/connection/rebalance-handler.ts), on markAsConsumedSync/commitOffsets
  // (src/processing/partition-context.ts) and when the client closes (src/kafka/rdkafka/consumer.ts).
  'enable.auto.commit': true,
  'statistics.interval.ms': 5_000,
  // librdkafka prefetches until a partition's local queue holds `queued.min.messages` (its default: 100 000 per
  // partition). karafka-ts buffers fetched data per partition too and pauses the partition at
  // `maxBufferedMessages` (10 000), which makes librdkafka drop what it prefetched for it: a deeper queue is
  // memory spent on data that is thrown away and fetched again (measured on 10 partitions of 100 B messages:
  // 30-40 MB of resident memory, and no throughput gained).
  'queued.min.messages': 20_000,
  // librdkafka waits this long before fetching a partition again once its local queue is over
  // `queued.min.messages` / `queued.max.messages.kbytes` (its default: 1 000 ms). A consumer that drains the
  // queue faster than that then sits idle with data on the broker (measured: ~0.6 s stalls, a third less
  // throughput on a backlog). The thresholds still bound memory; a short backoff only re-checks them sooner, so
  // the shorter queue above stays fed (5 ms: a queue of 20 000 messages lasts ~30 ms at 600 000 msg/s).
  'fetch.queue.backoff.ms': 5,
};

/**
 * Outside production (`NODE_ENV` not `production`), like Karafka's development defaults: a topic created after
 * the server started is picked up within seconds rather than librdkafka's 5 minutes.
 */
const DEVELOPMENT_DEFAULTS: KafkaSettings = {
  'topic.metadata.refresh.interval.ms': 5_000,
};

/** The defaults for the current environment. */
function consumerDefaults(): KafkaSettings {
  return process.env.NODE_ENV === 'production' ? CONSUMER_DEFAULTS : { ...CONSUMER_DEFAULTS, ...DEVELOPMENT_DEFAULTS };
}

/** A group of topics consumed through one connection. */
export class SubscriptionGroup {
  readonly name: string;
  readonly consumerGroup: string;
  readonly topics: readonly Topic[];
  /** Topics found through pattern routes, by name (created on first lookup). */
  readonly #matched = new Map<string, Topic>();

  /** @param name its name; @param consumerGroup its consumer group; @param topics at least one, same kafka settings */
  constructor(name: string, consumerGroup: string, topics: readonly Topic[]) {
    this.name = name;
    this.consumerGroup = consumerGroup;
    this.topics = topics;
  }

  /** `consumerGroup/subscriptionGroup`. */
  get id(): string {
    return `${this.consumerGroup}/${this.name}`;
  }

  /** Largest batch among the topics: the size of one poll. */
  get maxMessages(): number {
    return Math.max(...this.topics.map((t) => t.maxMessages));
  }

  /** Shortest wait among the topics: the timeout of one poll. */
  get maxWaitTime(): number {
    return Math.min(...this.topics.map((t) => t.maxWaitTime));
  }

  /**
   * The topic routed under `name`: the route of that name, else a topic created from the first pattern route
   * (in drawing order) that matches it (the same instance every time); undefined when none does.
   */
  topic(name: string): Topic | undefined {
    const routed = this.topics.find((t) => t.name === name && !t.isPattern);
    if (routed !== undefined) return routed;
    const known = this.#matched.get(name);
    if (known !== undefined) return known;
    const route = this.topics.find((t) => t.patternMatches(name));
    if (route === undefined) return undefined;
    const topic = route.matched(name);
    this.#matched.set(name, topic);
    return topic;
  }

  /** What the connection subscribes to: topic names, and `^...` expressions of pattern routes. */
  get subscriptions(): string[] {
    return this.topics.map((t) => (t.isPattern ? t.pattern!.subscription : t.name));
  }

  /** Names of the topics routed by name (not through a pattern). */
  get namedTopics(): string[] {
    return this.topics.filter((t) => !t.isPattern).map((t) => t.name);
  }

  /** True when the group's topics are assigned directly (no subscription, no rebalances). */
  get directlyAssigned(): boolean {
    return this.topics.some((t) => t.directAssignment !== undefined);
  }

  /**
   * The consumer client settings: karafka-ts defaults (development ones unless `NODE_ENV=production`) < the app's and the route's `kafka` < what routing
   * decides (group.id, client.id, auto.offset.reset). Cooperative-sticky assignment unless the group uses the
   * KIP-848 protocol (`group.protocol: consumer`), where the broker assigns.
   */
  kafkaSettings(clientId: string): KafkaSettings {
    const first = this.topics[0];
    if (first === undefined) throw new Error(`Subscription group ${this.id} has no topics`);
    const kip848 = first.kafka['group.protocol'] === 'consumer';
    return {
      ...consumerDefaults(),
      ...(kip848 ? {} : { 'partition.assignment.strategy': 'cooperative-sticky' }),
      'client.id': clientId,
      ...first.kafka,
      'group.id': this.consumerGroup,
      'auto.offset.reset': first.initialOffset,
      ...(this.topics.some((t) => t.eofed) ? { 'enable.partition.eof': true } : {}),
      // Inline insights read the client's statistics: they stay on (every 5 s) where the kafka settings turned them off.
      ...(this.topics.some((t) => t.inlineInsights) && !(Number(first.kafka['statistics.interval.ms']) > 0)
        ? { 'statistics.interval.ms': 5_000 }
        : {}),
    };
  }
}
