/**
 * The producer side of the driver.
 */
import type { ConsumerDriver } from './consumer-driver.js';
import type { KafkaDriverError } from './driver-error.js';
import type { OAuthBearerOptions } from './oauth-bearer.js';
import type { DeliveryReport, KafkaSettings, OutgoingMessage, TopicPartitionOffset } from './types.js';

/** Options to create a producer driver. */
export interface ProducerDriverOptions extends OAuthBearerOptions {
  /** Client properties; must include `bootstrap.servers`. */
  readonly settings: KafkaSettings;
  /** Errors raised by the client outside of any call. */
  readonly onError?: (error: KafkaDriverError) => void;
  /** librdkafka statistics, parsed, every `statistics.interval.ms`. */
  readonly onStatistics?: (statistics: Readonly<Record<string, unknown>>) => void;
  /**
   * How long a message waits for room while the client's local queue is full before `enqueue` fails
   * (default 30 000 ms). Messages that wait keep their order: later ones queue up behind them.
   */
  readonly queueFullTimeoutMs?: number;
}

/** Told once how the delivery of a queued message ended. */
export interface DeliveryListener {
  /** The broker acknowledged the message. */
  delivered(report: DeliveryReport): void;
  /** The delivery failed for good, or the client closed before it ended. */
  failed(error: KafkaDriverError): void;
}

/** One Kafka producer. */
export interface ProducerDriver {
  /**
   * Creates the client. Resolves without waiting for a broker: messages queue up and are delivered once one
   * answers (or fail after `message.timeout.ms`).
   */
  connect(): Promise<void>;
  /** Hands one message to the client; resolves with its delivery report once the broker acknowledged it. */
  produce(message: OutgoingMessage): Promise<DeliveryReport>;
  /**
   * Hands one message to the client; resolves as soon as it is in the client's local queue (waiting, in
   * order, while that queue is full). Rejects when it could not be queued; otherwise `listener` hears how its
   * delivery ended.
   */
  enqueue(message: OutgoingMessage, listener: DeliveryListener): Promise<void>;
  /**
   * Hands one message to the client now when it can: true when queued (`listener` then hears how its delivery
   * ended), false when the local queue is full, earlier messages wait for room, or the client is not connected
   * (use `enqueue`, which waits in line). Throws when the client refuses the message. The path of a batch: no
   * promise per message.
   */
  tryEnqueue(message: OutgoingMessage, listener: DeliveryListener): boolean;
  /**
   * Asks any broker for metadata; resolves once one answered within `timeoutMs`, rejects with a
   * `KafkaDriverError` (code `allBrokersDown`, naming the last connection failure) otherwise.
   */
  probe(timeoutMs: number): Promise<void>;
  /** Number of partitions of `topic`, from the cluster's metadata (0 when the topic does not exist). */
  partitionCount(topic: string, timeoutMs: number): Promise<number>;
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
