/**
 * The producer side of the driver.
 */
import type { ConsumerDriver } from './consumer-driver.js';
import type { KafkaDriverError } from './driver-error.js';
import type { DeliveryReport, KafkaSettings, OutgoingMessage, TopicPartitionOffset } from './types.js';

/** Options to create a producer driver. */
export interface ProducerDriverOptions {
  /** Client properties; must include `bootstrap.servers`. */
  readonly settings: KafkaSettings;
  /** Errors raised by the client outside of any call. */
  readonly onError?: (error: KafkaDriverError) => void;
  /** librdkafka statistics, parsed, every `statistics.interval.ms`. */
  readonly onStatistics?: (statistics: Readonly<Record<string, unknown>>) => void;
}

/** One Kafka producer. */
export interface ProducerDriver {
  /** Connects to the cluster. */
  connect(): Promise<void>;
  /** Hands one message to the client; resolves with its delivery report once the broker acknowledged it. */
  produce(message: OutgoingMessage): Promise<DeliveryReport>;
  /** Waits until every queued message was delivered or failed, at most `timeoutMs`. */
  flush(timeoutMs: number): Promise<void>;
  /** Prepares transactions (needs `transactional.id`). */
  initTransactions(timeoutMs: number): Promise<void>;
  /** Starts a transaction. */
  beginTransaction(): Promise<void>;
  /** Adds offsets consumed by `consumer` (and its group generation) to the current transaction. */
  sendOffsetsToTransaction(
    offsets: readonly TopicPartitionOffset[],
    consumer: ConsumerDriver,
    timeoutMs: number,
  ): Promise<void>;
  /** Commits the current transaction. */
  commitTransaction(timeoutMs: number): Promise<void>;
  /** Aborts the current transaction. */
  abortTransaction(timeoutMs: number): Promise<void>;
  /** Flushes (bounded) and disconnects. Safe to call more than once. */
  close(timeoutMs: number): Promise<void>;
}
