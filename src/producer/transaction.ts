/**
 * The object a `producer.transaction(async (tx) => ...)` callback receives. Everything produced through it (or
 * through the producer from inside the callback) is committed or aborted together; consumed offsets sent with
 * `sendOffsets` are committed with it (consume-transform-produce exactly once).
 */
import type { AsyncLocalStorage } from 'node:async_hooks';
import type { ConsumerDriver } from '../kafka/consumer-driver.js';
import type { TopicPartitionOffset } from '../kafka/types.js';
import { TransactionFinishedError } from './errors.js';
import type { DeliveryHandle, MessageReport, ProducerMessage, TombstoneMessage } from './types.js';

/** The produce calls a transaction forwards to its producer (implemented by `Producer`). */
export interface TransactionHost {
  produceSync(message: ProducerMessage): Promise<MessageReport>;
  produceAsync(message: ProducerMessage): Promise<DeliveryHandle>;
  produceManySync(messages: readonly ProducerMessage[]): Promise<MessageReport[]>;
  produceManyAsync(messages: readonly ProducerMessage[]): Promise<DeliveryHandle[]>;
  tombstone(message: TombstoneMessage): Promise<MessageReport>;
}

/** What a transaction shares with the producer that runs it. */
export interface TransactionScope {
  /** True from begin until the callback settles; the producer clears it. */
  active: boolean;
  /** Marks the async context of the callback as inside this transaction. */
  readonly storage: AsyncLocalStorage<Transaction>;
  /** Adds consumed offsets to the transaction. */
  readonly sendOffsets: (offsets: readonly TopicPartitionOffset[], consumer: ConsumerDriver) => Promise<void>;
}

/** One open transaction of a transactional producer. */
export class Transaction {
  /** The producer's `transactional.id`. */
  readonly transactionalId: string;
  readonly #host: TransactionHost;
  readonly #scope: TransactionScope;

  /** Created by `Producer.transaction()` only. */
  constructor(host: TransactionHost, scope: TransactionScope, transactionalId: string) {
    this.#host = host;
    this.#scope = scope;
    this.transactionalId = transactionalId;
  }

  /** True until the transaction's callback settles; afterwards every call throws `TransactionFinishedError`. */
  get active(): boolean {
    return this.#scope.active;
  }

  /** Produces inside the transaction and waits for the acknowledgement (visible to readers once committed). */
  produceSync(message: ProducerMessage): Promise<MessageReport> {
    return this.#within(() => this.#host.produceSync(message));
  }

  /** Produces inside the transaction; the commit waits for every acknowledgement. */
  produceAsync(message: ProducerMessage): Promise<DeliveryHandle> {
    return this.#within(() => this.#host.produceAsync(message));
  }

  /** Produces a batch inside the transaction and waits for every acknowledgement. */
  produceManySync(messages: readonly ProducerMessage[]): Promise<MessageReport[]> {
    return this.#within(() => this.#host.produceManySync(messages));
  }

  /** Produces a batch inside the transaction. */
  produceManyAsync(messages: readonly ProducerMessage[]): Promise<DeliveryHandle[]> {
    return this.#within(() => this.#host.produceManyAsync(messages));
  }

  /** Produces a tombstone inside the transaction. */
  tombstone(message: TombstoneMessage): Promise<MessageReport> {
    return this.#within(() => this.#host.tombstone(message));
  }

  /**
   * Adds consumed offsets (each the next offset to read) to the transaction: they are committed for the
   * consumer's group when, and only when, the transaction commits. `consumer` must be the group member that
   * consumed them (its group generation fences zombies).
   */
  sendOffsets(offsets: readonly TopicPartitionOffset[], consumer: ConsumerDriver): Promise<void> {
    return this.#within(() => this.#scope.sendOffsets(offsets, consumer));
  }

  #within<T>(work: () => Promise<T>): Promise<T> {
    if (!this.#scope.active) return Promise.reject(new TransactionFinishedError(this.transactionalId));
    return this.#scope.storage.run(this, work);
  }
}
