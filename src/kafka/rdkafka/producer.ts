/**
 * `ProducerDriver` on librdkafka (through the low-level `Producer` of `@karafka-ts/kafka-native`, the project's
 * client fork).
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { RdKafka } from '@karafka-ts/kafka-native';
import type { ConsumerDriver } from '../consumer-driver.js';
import { KafkaDriverError, KafkaErrorCodes } from '../driver-error.js';
import type { DeliveryListener, ProducerDriver, ProducerDriverOptions } from '../producer-driver.js';
import type { DeliveryReport, OutgoingMessage, TopicPartitionOffset } from '../types.js';
import { RdKafkaConsumer } from './consumer.js';
import { connectWithoutWaiting, probeCluster } from './connect.js';
import { ConnectionFailures } from './connection-failures.js';
import { callbackToPromise, errorCode, toDriverError } from './errors.js';
import { library } from './library.js';
import { hasTokenRefresh, withTokenRefresh } from './oauth-bearer.js';
import { toLibraryHeaders, toLibraryOffsets } from './messages.js';
import { parseStatistics } from './statistics.js';

/** How long `enqueue` waits for room while librdkafka's local queue is full, unless told otherwise. */
const DEFAULT_QUEUE_FULL_TIMEOUT_MS = 30_000;
/** Pause between attempts while the local queue is full. */
const QUEUE_FULL_BACKOFF_MS = 5;

const noop = (): void => undefined;

type State = 'created' | 'connected' | 'closing' | 'closed';

/** A Kafka producer on librdkafka; delivery reports are polled on librdkafka's background thread. */
export class RdKafkaProducer implements ProducerDriver {
  readonly #client: RdKafka.Producer;
  readonly #pending = new Map<number, DeliveryListener>();
  readonly #queueFullTimeoutMs: number;
  #nextId = 1;
  /** Messages waiting for room in a full local queue, in order; `#waiting` counts them. */
  #line: Promise<void> = Promise.resolve();
  #waiting = 0;
  #state: State = 'created';
  #closing: Promise<void> | undefined;
  readonly #failures: ConnectionFailures;
  readonly #messageTimeoutMs: number;
  /** Metadata requests in flight: the client must not disconnect under them. */
  readonly #requests = new Set<Promise<unknown>>();

  /** Creates the client (nothing connects until `connect`). */
  constructor(options: ProducerDriverOptions) {
    this.#queueFullTimeoutMs = options.queueFullTimeoutMs ?? DEFAULT_QUEUE_FULL_TIMEOUT_MS;
    this.#failures = new ConnectionFailures(options.settings);
    const settings = withTokenRefresh(options.settings, options.oauthBearerProvider, this.#failures);
    this.#client = new library.Producer({ ...settings, dr_cb: true });
    this.#messageTimeoutMs = Number(options.settings['message.timeout.ms'] ?? 300_000);
    this.#client.on('event.log', (log) => this.#failures.record(log as object));
    this.#client.on('event.error', (error) =>
      this.#failures.report(toDriverError(error, 'Kafka producer error'), (explained) => options.onError?.(explained)),
    );
    // A failed token refresh is reported through the failures; the binding also emits it as `error`.
    if (hasTokenRefresh(settings)) (this.#client as unknown as NodeJS.EventEmitter).on('error', () => undefined);
    this.#client.on('event.stats', (event) => {
      const statistics = parseStatistics(event);
      if (statistics !== undefined) options.onStatistics?.(statistics);
    });
    this.#client.on('delivery-report', (error, report) => this.#onDelivery(error, report));
  }

  async connect(): Promise<void> {
    if (this.#state !== 'created') throw new Error(`Cannot connect a producer that is ${this.#state}`);
    await connectWithoutWaiting(this.#client, 'Connecting the producer');
    this.#client.setPollInBackground(true);
    this.#state = 'connected';
  }

  async produce(message: OutgoingMessage): Promise<DeliveryReport> {
    let listener!: DeliveryListener;
    const delivery = new Promise<DeliveryReport>((delivered, failed) => {
      listener = { delivered, failed };
    });
    await this.enqueue(message, listener);
    return delivery;
  }

  enqueue(message: OutgoingMessage, listener: DeliveryListener): Promise<void> {
    if (this.#state !== 'connected') {
      return Promise.reject(new Error(`Cannot produce: the producer is ${this.#state}`));
    }
    try {
      if (this.tryEnqueue(message, listener)) return Promise.resolve();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : toDriverError(error, `Producing to ${message.topic}`));
    }
    // The local queue is full, or earlier messages are waiting for room: wait in line behind them, so
    // messages reach librdkafka in the order they were produced.
    const id = this.#register(listener);
    const deadline = Date.now() + this.#queueFullTimeoutMs;
    this.#waiting += 1;
    const turn = this.#line.then(() => this.#produceWhenRoom(message, id, deadline));
    this.#line = turn.then(noop, noop);
    return turn.then(
      () => {
        this.#waiting -= 1;
      },
      (error: unknown) => {
        this.#waiting -= 1;
        this.#pending.delete(id);
        throw error;
      },
    );
  }

  tryEnqueue(message: OutgoingMessage, listener: DeliveryListener): boolean {
    if (this.#state !== 'connected' || this.#waiting > 0) return false;
    const id = this.#register(listener);
    let produced: boolean;
    try {
      produced = this.#tryProduce(message, id);
    } catch (error) {
      this.#pending.delete(id);
      throw error;
    }
    if (!produced) this.#pending.delete(id);
    return produced;
  }

  /** The delivery id under which `listener` hears of the message. */
  #register(listener: DeliveryListener): number {
    const id = this.#nextId++;
    this.#pending.set(id, listener);
    return id;
  }

  async probe(timeoutMs: number): Promise<void> {
    if (this.#state !== 'connected') throw new Error(`Cannot reach the cluster: the producer is ${this.#state}`);
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

  async partitionCount(topic: string, timeoutMs: number): Promise<number> {
    if (this.#state !== 'connected') throw new Error(`Cannot read metadata: the producer is ${this.#state}`);
    const metadata = await this.#tracked(
      callbackToPromise<RdKafka.Metadata>(`Reading metadata of ${topic}`, (done) => {
        this.#client.getMetadata({ topic, timeout: timeoutMs }, done);
      }),
    );
    return metadata.topics.find((t) => t.name === topic)?.partitions.length ?? 0;
  }

  #tracked<T>(request: Promise<T>): Promise<T> {
    this.#requests.add(request);
    const done = (): void => {
      this.#requests.delete(request);
    };
    request.then(done, done);
    return request;
  }

  async flush(timeoutMs: number): Promise<void> {
    if (this.#state !== 'connected' && this.#state !== 'closing') return;
    await callbackToPromise<void>('Flushing the producer', (done) => this.#client.flush(timeoutMs, done));
  }

  async initTransactions(timeoutMs: number): Promise<void> {
    await callbackToPromise<void>('Initializing transactions', (done) =>
      this.#client.initTransactions(timeoutMs, done),
    );
  }

  async beginTransaction(): Promise<void> {
    await callbackToPromise<void>('Beginning a transaction', (done) => this.#client.beginTransaction(done));
  }

  async sendOffsetsToTransaction(
    offsets: readonly TopicPartitionOffset[],
    consumer: ConsumerDriver,
    timeoutMs: number,
  ): Promise<void> {
    if (!(consumer instanceof RdKafkaConsumer)) {
      throw new Error('sendOffsetsToTransaction needs a consumer created by the same driver');
    }
    await callbackToPromise<void>('Sending offsets to the transaction', (done) =>
      this.#client.sendOffsetsToTransaction(toLibraryOffsets(offsets), consumer.libraryClient, timeoutMs, done),
    );
  }

  async commitTransaction(timeoutMs: number): Promise<void> {
    await callbackToPromise<void>('Committing the transaction', (done) =>
      this.#client.commitTransaction(timeoutMs, done),
    );
  }

  async abortTransaction(timeoutMs: number): Promise<void> {
    await callbackToPromise<void>('Aborting the transaction', (done) => this.#client.abortTransaction(timeoutMs, done));
  }

  close(timeoutMs: number): Promise<void> {
    this.#closing ??= this.#close(timeoutMs);
    return this.#closing;
  }

  async #close(timeoutMs: number): Promise<void> {
    if (this.#state !== 'connected') {
      this.#state = 'closed';
      return;
    }
    this.#state = 'closing';
    try {
      // Messages waiting for room in a full queue go in first (each waits at most the queue-full timeout).
      await this.#line;
      await this.flush(timeoutMs);
    } finally {
      await Promise.allSettled([...this.#requests]);
      await callbackToPromise<unknown>('Disconnecting the producer', (done) => this.#client.disconnect(done));
      this.#state = 'closed';
      const undelivered = new KafkaDriverError('The producer closed before the message was delivered', -1);
      for (const listener of this.#pending.values()) listener.failed(undelivered);
      this.#pending.clear();
    }
  }

  /** Hands the message to librdkafka: true when queued, false when its local queue is full. */
  #tryProduce(message: OutgoingMessage, id: number): boolean {
    try {
      this.#client.produce(
        message.topic,
        message.partition ?? null,
        message.value,
        message.key ?? null,
        message.timestamp ?? null,
        id,
        toLibraryHeaders(message.headers),
      );
      return true;
    } catch (error) {
      if (errorCode(error) === KafkaErrorCodes.queueFull) return false;
      throw toDriverError(error, `Producing to ${message.topic}`);
    }
  }

  async #produceWhenRoom(message: OutgoingMessage, id: number, deadline: number): Promise<void> {
    for (;;) {
      if (this.#state === 'closed') {
        throw new KafkaDriverError('The producer closed before the message could be queued', KafkaErrorCodes.destroy);
      }
      if (this.#tryProduce(message, id)) return;
      if (Date.now() >= deadline) {
        throw new KafkaDriverError(
          `Producing to ${message.topic}: the local queue stayed full for ${String(this.#queueFullTimeoutMs)} ms ` +
            '(see queue.buffering.max.messages and queue.buffering.max.kbytes)',
          KafkaErrorCodes.queueFull,
          { retriable: true },
        );
      }
      await delay(QUEUE_FULL_BACKOFF_MS);
    }
  }

  /** A failed delivery; one that timed out says the bound and, when a connection failed lately, why. */
  #deliveryError(error: unknown, topic: string): KafkaDriverError {
    const failure = toDriverError(error, `Delivering to ${topic}`);
    if (failure.code !== KafkaErrorCodes.messageTimedOut) return failure;
    // The message was queued up to message.timeout.ms ago, and the failure that kept it back may predate it
    // (identical connection failures are logged once): look back twice as far.
    const recent = this.#failures.since(Date.now() - 2 * this.#messageTimeoutMs);
    return new KafkaDriverError(
      `${failure.message}: not delivered within message.timeout.ms (${String(this.#messageTimeoutMs)} ms)` +
        (recent === undefined ? '' : `; last connection failure: ${recent}`),
      failure.code,
      { retriable: true, cause: failure, ...(recent === undefined ? {} : { detail: recent }) },
    );
  }

  #onDelivery(error: unknown, report: RdKafka.DeliveryReport): void {
    const id = typeof report.opaque === 'number' ? report.opaque : undefined;
    const listener = id === undefined ? undefined : this.#pending.get(id);
    if (id === undefined || listener === undefined) return;
    this.#pending.delete(id);
    if (error) {
      listener.failed(this.#deliveryError(error, report.topic));
      return;
    }
    listener.delivered({
      topic: report.topic,
      partition: report.partition,
      offset: report.offset,
      timestamp: report.timestamp,
    });
  }
}
