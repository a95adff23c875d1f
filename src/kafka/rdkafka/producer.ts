/**
 * `ProducerDriver` on librdkafka (through `@confluentinc/kafka-javascript`'s low-level `Producer`).
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { RdKafka } from '@confluentinc/kafka-javascript';
import type { ConsumerDriver } from '../consumer-driver.js';
import { KafkaDriverError, KafkaErrorCodes } from '../driver-error.js';
import type { ProducerDriver, ProducerDriverOptions } from '../producer-driver.js';
import type { DeliveryReport, OutgoingMessage, TopicPartitionOffset } from '../types.js';
import { RdKafkaConsumer } from './consumer.js';
import { callbackToPromise, errorCode, toDriverError } from './errors.js';
import { library } from './library.js';
import { toLibraryHeaders, toLibraryOffsets } from './messages.js';
import { parseStatistics } from './statistics.js';

/** How long `produce` keeps retrying while librdkafka's local queue is full before it fails. */
const QUEUE_FULL_TIMEOUT_MS = 30_000;

interface Pending {
  resolve(report: DeliveryReport): void;
  reject(error: KafkaDriverError): void;
}

type State = 'created' | 'connected' | 'closing' | 'closed';

/** A Kafka producer on librdkafka; delivery reports are polled on librdkafka's background thread. */
export class RdKafkaProducer implements ProducerDriver {
  readonly #client: RdKafka.Producer;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #state: State = 'created';
  #closing: Promise<void> | undefined;

  /** Creates the client (nothing connects until `connect`). */
  constructor(options: ProducerDriverOptions) {
    this.#client = new library.Producer({ ...options.settings, dr_cb: true });
    this.#client.on('event.error', (error) => options.onError?.(toDriverError(error, 'Kafka producer error')));
    this.#client.on('event.stats', (event) => {
      const statistics = parseStatistics(event);
      if (statistics !== undefined) options.onStatistics?.(statistics);
    });
    this.#client.on('delivery-report', (error, report) => this.#onDelivery(error, report));
  }

  async connect(): Promise<void> {
    if (this.#state !== 'created') throw new Error(`Cannot connect a producer that is ${this.#state}`);
    await callbackToPromise<unknown>('Connecting the producer', (done) => this.#client.connect({}, done));
    this.#client.setPollInBackground(true);
    this.#state = 'connected';
  }

  async produce(message: OutgoingMessage): Promise<DeliveryReport> {
    if (this.#state !== 'connected') throw new Error(`Cannot produce: the producer is ${this.#state}`);
    const id = this.#nextId++;
    const delivered = new Promise<DeliveryReport>((resolve, reject) => this.#pending.set(id, { resolve, reject }));
    const deadline = Date.now() + QUEUE_FULL_TIMEOUT_MS;
    for (;;) {
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
        break;
      } catch (error) {
        if (errorCode(error) === KafkaErrorCodes.queueFull && Date.now() < deadline) {
          await delay(5);
          continue;
        }
        this.#pending.delete(id);
        throw toDriverError(error, `Producing to ${message.topic}`);
      }
    }
    return delivered;
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
      await this.flush(timeoutMs);
    } finally {
      await callbackToPromise<unknown>('Disconnecting the producer', (done) => this.#client.disconnect(done));
      this.#state = 'closed';
      const undelivered = new KafkaDriverError('The producer closed before the message was delivered', -1);
      for (const pending of this.#pending.values()) pending.reject(undelivered);
      this.#pending.clear();
    }
  }

  #onDelivery(error: unknown, report: RdKafka.DeliveryReport): void {
    const id = typeof report.opaque === 'number' ? report.opaque : undefined;
    const pending = id === undefined ? undefined : this.#pending.get(id);
    if (id === undefined || pending === undefined) return;
    this.#pending.delete(id);
    if (error) {
      pending.reject(toDriverError(error, `Delivering to ${report.topic}`));
      return;
    }
    pending.resolve({
      topic: report.topic,
      partition: report.partition,
      offset: report.offset,
      ...(report.timestamp === undefined ? {} : { timestamp: report.timestamp }),
    });
  }
}
