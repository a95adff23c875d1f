/**
 * Optional help for integration tests against a real broker (unit tests need none: see `TestKit`). Unique topic
 * names, topics created (and deleted at the end), messages produced with the app's producer, the app run
 * embedded, waits for what it consumed and for the offsets its group committed.
 *
 * ```ts
 * const topic = BrokerTestKit.uniqueName('orders');
 * const app = buildApp({ ordersTopic: topic });   // your app, routed to the unique topic
 * const kit = new BrokerTestKit(app);
 * await kit.createTopic(topic);
 * await kit.produce(topic, ['{"id":1}', '{"id":2}']);
 * await kit.start();
 * await kit.waitForConsumed(topic, 2);
 * await kit.waitForCommitted(topic, 0, 2);
 * await kit.stop();
 * ```
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { Admin } from '../admin/admin.js';
import type { App } from '../app/app.js';
import type { MessageReport, ProducerMessage } from '../producer/types.js';
import { Embedded } from '../server/embedded.js';

/** How long waits last unless told (ms). */
const DEFAULT_TIMEOUT_MS = 30_000;
/** How often a wait asks the broker again (ms). */
const POLL_INTERVAL_MS = 100;

let sequence = 0;

/** Options of a `BrokerTestKit`. */
export interface BrokerTestKitOptions {
  /** How long `waitFor...` calls wait before they fail, in ms (default 30 000). */
  readonly timeoutMs?: number;
}

/** An app run on a real broker for an integration test. */
export class BrokerTestKit {
  /** The app under test. */
  readonly app: App;
  readonly #timeoutMs: number;
  readonly #admin: Admin;
  readonly #createdTopics: string[] = [];
  readonly #consumed = new Map<string, number>();
  readonly #unsubscribe: () => void;
  #embedded: Embedded | undefined;

  /** Counts what the app consumes from now on; connects an admin client to the app's cluster. */
  constructor(app: App, options: BrokerTestKitOptions = {}) {
    this.app = app;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#admin = new Admin({ kafka: app.settings.kafka });
    this.#unsubscribe = app.monitor.subscribe('consumer.consumed', (payload) => {
      this.#consumed.set(payload.topic, (this.#consumed.get(payload.topic) ?? 0) + payload.messages);
    });
  }

  /** A topic or group name no other test (or earlier run) uses: `prefix-<time>-<pid>-<n>-<random>`. */
  static uniqueName(prefix = 'test'): string {
    sequence += 1;
    return `${prefix}-${Date.now().toString(36)}-${String(process.pid)}-${String(sequence)}-${randomBytes(3).toString('hex')}`;
  }

  /** Creates `topic` (deleted again by `stop()`) and resolves once every partition has a leader. */
  async createTopic(topic: string, partitions = 1): Promise<string> {
    await this.#admin.createTopic(topic, partitions, 1);
    this.#createdTopics.push(topic);
    return topic;
  }

  /** Produces payloads (or whole messages) to `topic` with the app's producer and waits for every delivery. */
  produce(
    topic: string,
    messages: readonly (string | Buffer | Omit<ProducerMessage, 'topic'>)[],
  ): Promise<MessageReport[]> {
    return this.app.producer.produceManySync(
      messages.map((m) => (typeof m === 'string' || Buffer.isBuffer(m) ? { topic, payload: m } : { ...m, topic })),
    );
  }

  /** Starts the app embedded (every active route); resolves once it runs. */
  async start(): Promise<void> {
    this.#embedded ??= new Embedded(this.app);
    await this.#embedded.start();
  }

  /** Messages of `topic` the app's consumers finished (`consume()` returned) since this kit was made. */
  consumedCount(topic: string): number {
    return this.#consumed.get(topic) ?? 0;
  }

  /** Waits until the app's consumers finished at least `count` messages of `topic`. */
  async waitForConsumed(topic: string, count: number): Promise<void> {
    await this.#waitFor(
      () => this.consumedCount(topic) >= count,
      () => {
        return `${String(count)} messages of '${topic}' consumed (so far ${String(this.consumedCount(topic))})`;
      },
    );
  }

  /**
   * The offset (next to read) the consumer group of `topic`'s route committed on `partition`, if any
   * (`consumerGroup` when the topic is routed in several).
   */
  async committedOffset(topic: string, partition = 0, consumerGroup?: string): Promise<number | undefined> {
    const group = consumerGroup ?? this.#groupOf(topic);
    const offsets = await this.#admin.readCommittedOffsets(group, [topic]);
    const offset = offsets[topic]?.[partition]?.offset;
    return offset === undefined || offset < 0 ? undefined : offset;
  }

  /** Waits until the group of `topic` committed `offset` (or more) on `partition`. */
  async waitForCommitted(topic: string, partition: number, offset: number, consumerGroup?: string): Promise<void> {
    let last: number | undefined;
    await this.#waitFor(
      async () => {
        last = await this.committedOffset(topic, partition, consumerGroup);
        return last !== undefined && last >= offset;
      },
      () => `offset ${String(offset)} committed on ${topic}/${String(partition)} (last read: ${String(last)})`,
    );
  }

  /** Stops the app (if started), deletes the topics this kit created and closes its clients. */
  async stop(): Promise<void> {
    this.#unsubscribe();
    await this.#embedded?.stop();
    try {
      for (const topic of this.#createdTopics.splice(0)) await this.#admin.deleteTopic(topic);
    } finally {
      await this.#admin.close();
      await this.app.closeProducer();
    }
  }

  #groupOf(topic: string): string {
    const groups = [...new Set(this.app.routes.topics.filter((t) => t.name === topic).map((t) => t.consumerGroup))];
    if (groups.length === 1) return groups[0]!;
    if (groups.length === 0) throw new Error(`No route for topic '${topic}': pass the consumer group`);
    throw new Error(`Topic '${topic}' is routed in several consumer groups (${groups.join(', ')}): pass one`);
  }

  async #waitFor(done: () => boolean | Promise<boolean>, what: () => string): Promise<void> {
    const deadline = Date.now() + this.#timeoutMs;
    while (!(await done())) {
      if (Date.now() >= deadline) throw new Error(`Waited ${String(this.#timeoutMs)} ms for ${what()}`);
      await delay(POLL_INTERVAL_MS);
    }
  }
}
