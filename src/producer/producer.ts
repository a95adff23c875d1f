/**
 * The producer: what WaterDrop is to Karafka. Validated messages (after middleware), sync and async delivery,
 * batches, tombstones, transactions, and an event for everything that happens.
 *
 * A message's path: middleware -> validation -> partition (for `partitionKey`) -> the driver's queue
 * (`enqueue`, waiting in order while the client's queue is full) -> delivery report -> `message.acknowledged`
 * (or `error.occurred` with `producer.delivery.error`).
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Monitor } from '../instrumentation/monitor.js';
import { KafkaDriverError } from '../kafka/driver-error.js';
import { BrokersUnreachableError } from '../kafka/health/brokers-unreachable-error.js';
import { ClientHealth } from '../kafka/health/client-health.js';
import type { ProducerDriver } from '../kafka/producer-driver.js';
import {
  MessageValidationError,
  ProduceManyError,
  ProducerClosedError,
  TransactionalIdMissingError,
} from './errors.js';
import { Delivery, type DeliveryReporter } from './delivery.js';
import type { MessageProducedPayload } from './events.js';
import { validateMessage } from './message-validator.js';
import { Middleware } from './middleware.js';
import { partitionForKey } from './murmur2.js';
import { resolveProducerOptions, type ProducerOptions, type ResolvedProducerOptions } from './options.js';
import { toOutgoing } from './outgoing.js';
import { PartitionCounts } from './partition-counts.js';
import type { Transaction, TransactionHost } from './transaction.js';
import { TransactionRunner } from './transaction-runner.js';
import type { DeliveryHandle, MessageReport, ProducerMessage, ProducerStatus, TombstoneMessage } from './types.js';

const noop = (): void => undefined;

/** Produces messages to Kafka. One per application is usually enough: it is safe to share. */
export class Producer implements TransactionHost {
  /** Identifies this producer in events (`producerId`). */
  readonly id: string;
  /** Where this producer's events go. */
  readonly monitor: Monitor;
  /** The middleware chain; `append`/`prepend` change it at run time. */
  readonly middleware: Middleware;
  /** True when the settings have a `transactional.id`: every produce then runs inside a transaction. */
  readonly transactional: boolean;
  readonly #options: ResolvedProducerOptions;
  readonly #driver: ProducerDriver;
  readonly #partitionCounts: PartitionCounts;
  readonly #transactions: TransactionRunner;
  #status: ProducerStatus = 'initial';
  /** Messages on the waiting path (`#enqueue`) not yet handed to the client. */
  #waitingToEnqueue = 0;
  /** Where every delivery reports its end: `message.acknowledged` or `producer.delivery.error`. */
  readonly #reporter: DeliveryReporter = {
    acknowledged: (report) => {
      this.#health.contact();
      this.monitor.instrument('message.acknowledged', { producerId: this.id, ...report });
    },
    failed: (error, message) => this.#report('producer.delivery.error', error, { message }),
  };
  /** Client errors collapsed, broker outages reported once. */
  readonly #health: ClientHealth;
  #driverConnected = false;
  #connecting: Promise<void> | undefined;
  #closing: Promise<void> | undefined;

  /** Validates the options (throws `ProducerOptionsError`); connects on first use or `connect()`. */
  constructor(options: ProducerOptions) {
    this.#options = resolveProducerOptions(options);
    this.id = this.#options.id;
    this.monitor = this.#options.monitor;
    this.middleware = new Middleware(this.#options.middleware);
    this.transactional = this.#options.transactional;
    this.#driver = this.#options.drivers.producer({
      settings: this.#options.kafka,
      queueFullTimeoutMs: this.#options.queueFullTimeout,
      onError: (error) => this.#health.error(error),
      onStatistics: (statistics) => this.monitor.instrument('statistics.emitted', { clientName: this.id, statistics }),
    });
    const bootstrapServers = String(this.#options.kafka['bootstrap.servers'] ?? '');
    this.#health = new ClientHealth({
      bootstrapServers,
      probe: (timeoutMs) => this.#driver.probe(timeoutMs),
      onError: ({ error, repeated, intervalMs }) =>
        this.#report('producer.client.error', error, repeated > 0 ? { repeated, intervalMs } : {}),
      onUnreachable: (report) => {
        this.monitor.instrument('producer.client.unreachable', { producerId: this.id, ...report });
        this.#report('producer.client.unreachable', new BrokersUnreachableError(report, `producer ${this.id}`), {
          downMs: report.downMs,
        });
      },
      onReachable: (report) => this.monitor.instrument('producer.client.reachable', { producerId: this.id, ...report }),
    });
    this.#transactions = new TransactionRunner({
      driver: this.#driver,
      monitor: this.monitor,
      producerId: this.id,
      transactionalId: String(this.#options.kafka['transactional.id'] ?? ''),
      operationTimeout: this.#options.operationTimeout,
      host: this,
      ready: () => this.#connecting ?? this.connect(),
      report: (type, error, context) => this.#report(type, error, context),
    });
    this.#partitionCounts = new PartitionCounts(
      (topic) => this.#lookupPartitionCount(topic),
      this.#options.partitionCountTtl,
    );
  }

  /** Where the producer is in its life. */
  get status(): ProducerStatus {
    return this.#status;
  }

  /** Connects now (and prepares transactions when transactional) instead of on first use. */
  connect(): Promise<void> {
    if (this.#status === 'closing' || this.#status === 'closed') {
      return Promise.reject(new ProducerClosedError(this.id, 'connect'));
    }
    this.#connecting ??= this.#connect().catch((error: unknown) => {
      this.#connecting = undefined;
      throw error;
    });
    return this.#connecting;
  }

  /** Produces one message and resolves when the broker acknowledged it. */
  async produceSync(message: ProducerMessage): Promise<MessageReport> {
    if (this.#needsOwnTransaction()) return this.transaction((tx) => tx.produceSync(message));
    const started = performance.now();
    const sent = await this.#send(message);
    const report = await sent.wait();
    const time = performance.now() - started;
    this.monitor.instrument('message.produced_sync', { producerId: this.id, message: sent.message, report, time });
    return report;
  }

  /**
   * Hands one message to the client and resolves once it is queued there (not yet delivered); the delivery
   * is reported by `message.acknowledged` or `error.occurred`, and by the handle's `wait()`.
   */
  async produceAsync(message: ProducerMessage): Promise<DeliveryHandle> {
    if (this.#needsOwnTransaction()) return this.transaction((tx) => tx.produceAsync(message));
    const sent = await this.#send(message);
    this.monitor.instrument('message.produced_async', this.#payload(sent.message));
    return sent;
  }

  /**
   * Produces a batch, in order, and resolves when every message was acknowledged. Every message is checked
   * before any is sent; when some are not delivered it throws `ProduceManyError` listing them.
   */
  async produceManySync(messages: readonly ProducerMessage[]): Promise<MessageReport[]> {
    if (this.#needsOwnTransaction()) return this.transaction((tx) => tx.produceManySync(messages));
    const started = performance.now();
    const sent = await this.#sendMany(messages);
    const settled = await Promise.allSettled(sent.map((s) => s.wait()));
    const failures = settled.flatMap((r, index) =>
      r.status === 'rejected' ? [{ index, error: r.reason as unknown }] : [],
    );
    if (failures.length > 0) throw new ProduceManyError(sent.length, failures);
    const reports = settled.map((r) => (r as PromiseFulfilledResult<MessageReport>).value);
    this.monitor.instrument('messages.produced_sync', {
      producerId: this.id,
      messages: sent.map((s) => s.message),
      reports,
      time: performance.now() - started,
    });
    return reports;
  }

  /** Hands a batch to the client, in order (every message is checked first); one handle per message. */
  async produceManyAsync(messages: readonly ProducerMessage[]): Promise<DeliveryHandle[]> {
    if (this.#needsOwnTransaction()) return this.transaction((tx) => tx.produceManyAsync(messages));
    const sent = await this.#sendMany(messages);
    this.monitor.instrument('messages.produced_async', { producerId: this.id, messages: sent.map((s) => s.message) });
    return sent;
  }

  /** Produces a tombstone (null payload) for `key` and waits for the acknowledgement. */
  async tombstone(message: TombstoneMessage): Promise<MessageReport> {
    if (typeof message !== 'object' || (message as unknown) === null) {
      throw new MessageValidationError('message', 'Invalid tombstone: expected { topic, key, partition? }');
    }
    if (message.key === undefined || (message.key as unknown) === null) {
      throw new MessageValidationError('key', 'Invalid tombstone: a tombstone needs the key it deletes');
    }
    return this.produceSync({ ...message, payload: null });
  }

  /**
   * Runs `work` inside a transaction: commits when it resolves, aborts (and rethrows) when it throws.
   * Everything produced through `tx`, or through this producer from inside `work`, belongs to the transaction.
   * Transactions of one producer run one at a time; a call from inside `work` joins the running one.
   * Needs the kafka setting `transactional.id` (else `TransactionalIdMissingError`).
   */
  async transaction<T>(work: (tx: Transaction) => Promise<T> | T): Promise<T> {
    const current = this.#activeTransaction();
    if (current !== undefined) return work(current);
    if (!this.transactional) throw new TransactionalIdMissingError(this.id);
    this.#assertUsable('start a transaction');
    return this.#transactions.run(work);
  }

  /**
   * The transaction of the calling async context, if any: the hook for consumers that mark offsets inside a
   * transaction (they send them with `tx.sendOffsets(offsets, consumerDriver)`).
   */
  currentTransaction(): Transaction | undefined {
    return this.#activeTransaction();
  }

  /**
   * Stops accepting messages, lets a running transaction finish, waits (at most `closeTimeout`) for queued
   * messages to be delivered, and disconnects. Undelivered messages are reported as delivery errors.
   * Idempotent: every call returns the same promise.
   */
  close(): Promise<void> {
    if (this.#activeTransaction() !== undefined) {
      return Promise.reject(new Error(`Producer ${this.id}: close() cannot be called inside a transaction`));
    }
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #connect(): Promise<void> {
    this.#status = 'connecting';
    try {
      if (!this.#driverConnected) {
        await this.#driver.connect();
        this.#driverConnected = true;
        this.#health.start();
      }
      if (this.transactional) await this.#driver.initTransactions(this.#options.operationTimeout);
    } catch (error) {
      if (this.#status === 'connecting') this.#status = 'initial';
      throw error;
    }
    if (this.#status !== 'connecting') return;
    this.#status = 'connected';
    this.monitor.instrument('producer.connected', { producerId: this.id });
  }

  async #close(): Promise<void> {
    this.#status = 'closing';
    this.monitor.instrument('producer.closing', { producerId: this.id });
    const started = performance.now();
    await this.#transactions.idle();
    await this.#connecting?.catch(noop);
    try {
      await this.#health.stop();
      await this.#driver.close(this.#options.closeTimeout);
    } catch (error) {
      this.#report('producer.close.error', error);
    }
    this.#status = 'closed';
    this.monitor.instrument('producer.closed', { producerId: this.id, time: performance.now() - started });
  }

  /** Middleware, then validation: what is sent, or an error naming the field. */
  #prepare(message: ProducerMessage): ProducerMessage {
    const prepared = this.middleware.run(message);
    validateMessage(prepared, this.#options.maxPayloadSize);
    return prepared;
  }

  async #send(message: ProducerMessage): Promise<Delivery> {
    this.#assertUsable('produce');
    const prepared = this.#prepare(message);
    return this.#enqueueNow(prepared) ?? this.#enqueue(prepared);
  }

  async #sendMany(messages: readonly ProducerMessage[]): Promise<Delivery[]> {
    this.#assertUsable('produce');
    const batch: unknown = messages;
    if (!Array.isArray(batch)) {
      throw new MessageValidationError('messages', 'Invalid batch: expected an array of messages');
    }
    const prepared = messages.map((message, index) => {
      try {
        return this.#prepare(message);
      } catch (error) {
        if (!(error instanceof MessageValidationError)) throw error;
        throw new MessageValidationError(error.field, `messages[${String(index)}]: ${error.message}`);
      }
    });
    const sent: Delivery[] = [];
    for (const message of prepared) sent.push(this.#enqueueNow(message) ?? (await this.#enqueue(message)));
    return sent;
  }

  /**
   * The synchronous path: connected, no partition to compute and room in the client's queue. `undefined`
   * sends the message down the waiting path (`#enqueue`), which keeps the order.
   */
  #enqueueNow(message: ProducerMessage): Delivery | undefined {
    // A message still on the waiting path was produced earlier: it goes first.
    if (this.#status !== 'connected' || message.partitionKey !== undefined || this.#waitingToEnqueue > 0) {
      return undefined;
    }
    const delivery = new Delivery(message, this.#reporter);
    try {
      return this.#driver.tryEnqueue(toOutgoing(message, message.partition), delivery) ? delivery : undefined;
    } catch (error) {
      this.#report('producer.produce.error', error, { message });
      throw error;
    }
  }

  async #enqueue(message: ProducerMessage): Promise<Delivery> {
    const delivery = new Delivery(message, this.#reporter);
    this.#waitingToEnqueue += 1;
    try {
      await (this.#connecting ?? this.connect());
      await this.#driver.enqueue(toOutgoing(message, await this.#partitionOf(message)), delivery);
    } catch (error) {
      this.#report('producer.produce.error', error, { message });
      throw error;
    } finally {
      this.#waitingToEnqueue -= 1;
    }
    return delivery;
  }

  async #partitionOf(message: ProducerMessage): Promise<number | undefined> {
    if (message.partition !== undefined) return message.partition;
    if (message.partitionKey === undefined) return undefined;
    return partitionForKey(message.partitionKey, await this.#partitionCounts.get(message.topic));
  }

  /** Asks the cluster; a topic being auto-created can report no partitions for a moment, so it asks again. */
  async #lookupPartitionCount(topic: string): Promise<number> {
    const deadline = Date.now() + this.#options.operationTimeout;
    for (;;) {
      const count = await this.#driver.partitionCount(topic, Math.max(1, deadline - Date.now()));
      if (count > 0) return count;
      if (Date.now() >= deadline) {
        throw new KafkaDriverError(
          `partitionKey needs the partition count of topic '${topic}', but the cluster reports none (does it exist?)`,
          3,
        );
      }
      await delay(100);
    }
  }

  #activeTransaction(): Transaction | undefined {
    return this.#transactions.current();
  }

  #needsOwnTransaction(): boolean {
    return this.transactional && this.#activeTransaction() === undefined;
  }

  #assertUsable(action: string): void {
    const closing = this.#status === 'closing' && this.#activeTransaction() === undefined;
    if (closing || this.#status === 'closed') throw new ProducerClosedError(this.id, action);
  }

  #payload(message: ProducerMessage): MessageProducedPayload {
    return { producerId: this.id, message };
  }

  #report(type: string, error: unknown, context: Readonly<Record<string, unknown>> = {}): void {
    this.monitor.instrument('error.occurred', { type, error, producerId: this.id, ...context });
  }
}
