/**
 * A producer driver on the in-memory cluster: every message is appended to its partition's log and captured,
 * and acknowledged at once. Transactions are recorded with their messages and the consumer offsets sent with
 * them; a commit makes the messages readable and commits the offsets, an abort discards both.
 */
import type { ConsumerDriver } from '../kafka/consumer-driver.js';
import { KafkaDriverError } from '../kafka/driver-error.js';
import type { DeliveryListener, ProducerDriver, ProducerDriverOptions } from '../kafka/producer-driver.js';
import type { DeliveryReport, OutgoingMessage, TopicPartitionOffset } from '../kafka/types.js';
import type { InMemoryCluster } from './in-memory-cluster.js';
import { InMemoryConsumer } from './in-memory-consumer.js';
import type { ProducedTransaction } from './produced-message.js';

/** One producer on the in-memory cluster. */
export class InMemoryProducer implements ProducerDriver {
  readonly #cluster: InMemoryCluster;
  readonly #transactionalId: string | undefined;
  #transactionsReady = false;
  #transaction: ProducedTransaction | undefined;
  #closed = false;

  /** @param options the producer's settings (`transactional.id` makes it transactional) */
  constructor(cluster: InMemoryCluster, options: ProducerDriverOptions) {
    this.#cluster = cluster;
    const id = options.settings['transactional.id'];
    this.#transactionalId = id === undefined ? undefined : String(id);
  }

  connect(): Promise<void> {
    return Promise.resolve();
  }

  produce(message: OutgoingMessage): Promise<DeliveryReport> {
    return new Promise((resolve, reject) => {
      this.tryEnqueue(message, { delivered: resolve, failed: reject });
    });
  }

  enqueue(message: OutgoingMessage, listener: DeliveryListener): Promise<void> {
    this.tryEnqueue(message, listener);
    return Promise.resolve();
  }

  tryEnqueue(message: OutgoingMessage, listener: DeliveryListener): boolean {
    if (this.#closed) throw new KafkaDriverError('Producing: the producer was closed', -172);
    if (this.#transactionalId !== undefined && this.#transaction === undefined) {
      throw new KafkaDriverError('Producing: a transactional producer produces only inside a transaction', -172);
    }
    const { topic, partition, offset, timestamp } = this.#cluster.produce(message, this.#transaction);
    queueMicrotask(() => listener.delivered({ topic, partition, offset, timestamp }));
    return true;
  }

  probe(): Promise<void> {
    return Promise.resolve();
  }

  partitionCount(topic: string): Promise<number> {
    return Promise.resolve(this.#cluster.partitionCount(topic));
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }

  initTransactions(): Promise<void> {
    if (this.#transactionalId === undefined) {
      return Promise.reject(new KafkaDriverError('Transactions need a transactional.id', -172));
    }
    this.#transactionsReady = true;
    return Promise.resolve();
  }

  beginTransaction(): Promise<void> {
    if (!this.#transactionsReady || this.#transactionalId === undefined) {
      return Promise.reject(new KafkaDriverError('beginTransaction before initTransactions', -172));
    }
    if (this.#transaction !== undefined) {
      return Promise.reject(new KafkaDriverError('A transaction is already running', -172));
    }
    this.#transaction = this.#cluster.beginTransaction(this.#transactionalId);
    return Promise.resolve();
  }

  sendOffsetsToTransaction(offsets: readonly TopicPartitionOffset[], consumer: ConsumerDriver): Promise<void> {
    const transaction = this.#running('sendOffsetsToTransaction');
    const consumerGroup = consumer instanceof InMemoryConsumer ? consumer.consumerGroup : '';
    for (const { topic, partition, offset } of offsets) {
      transaction.offsets.push({ consumerGroup, topic, partition, offset });
    }
    return Promise.resolve();
  }

  commitTransaction(): Promise<void> {
    this.#cluster.endTransaction(this.#running('commitTransaction'), 'committed');
    this.#transaction = undefined;
    return Promise.resolve();
  }

  abortTransaction(): Promise<void> {
    this.#cluster.endTransaction(this.#running('abortTransaction'), 'aborted');
    this.#transaction = undefined;
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.#closed = true;
    return Promise.resolve();
  }

  #running(operation: string): ProducedTransaction {
    if (this.#transaction === undefined) throw new KafkaDriverError(`${operation}: no transaction is running`, -172);
    return this.#transaction;
  }
}
