/**
 * What the in-memory producer captured: each message as it would sit in Kafka, and each transaction with its
 * messages, the offsets sent with it and how it ended.
 */
import type { KafkaHeader, KafkaMessage } from '../kafka/types.js';

/** A transaction of a transactional producer, as captured. */
export interface ProducedTransaction {
  readonly transactionalId: string;
  /** `open` while it runs; `committed` or `aborted` once it ended. */
  state: 'open' | 'committed' | 'aborted';
  /** Messages produced inside it, in order. */
  readonly messages: ProducedMessage[];
  /** Consumer offsets sent with it (committed for their group when it commits). */
  readonly offsets: {
    readonly consumerGroup: string;
    readonly topic: string;
    readonly partition: number;
    readonly offset: number;
  }[];
}

/** A produced message, where it landed and in which transaction. */
export interface ProducedMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  /** The key as UTF-8 text (null without a key); `rawKey` has the bytes. */
  readonly key: string | null;
  readonly rawKey: Buffer | null;
  /** The payload bytes (null for a tombstone). */
  readonly payload: Buffer | null;
  /** Headers by name, the last value of each as UTF-8 text; `rawHeaders` has every header in order. */
  readonly headers: Readonly<Record<string, string>>;
  readonly rawHeaders: readonly KafkaHeader[];
  /** Milliseconds since the epoch. */
  readonly timestamp: number;
  /** The transaction it was produced in, if any. */
  readonly transaction: ProducedTransaction | undefined;
  /** The payload as UTF-8 text (null for a tombstone). */
  text(): string | null;
  /** The payload parsed as JSON (null for a tombstone); throws naming the message when it is not JSON. */
  json(): unknown;
}

/** The captured form of `message` (as stored in its partition's log). */
export function producedMessage(message: KafkaMessage, transaction: ProducedTransaction | undefined): ProducedMessage {
  const headers: Record<string, string> = {};
  for (const { key, value } of message.headers) headers[key] = value.toString('utf8');
  const where = `${message.topic}/${String(message.partition)}@${String(message.offset)}`;
  return {
    topic: message.topic,
    partition: message.partition,
    offset: message.offset,
    key: message.key === null ? null : message.key.toString('utf8'),
    rawKey: message.key,
    payload: message.value,
    headers,
    rawHeaders: message.headers,
    timestamp: message.timestamp,
    transaction,
    text: () => (message.value === null ? null : message.value.toString('utf8')),
    json: () => {
      if (message.value === null) return null;
      try {
        return JSON.parse(message.value.toString('utf8')) as unknown;
      } catch (error) {
        throw new Error(`The payload of produced message ${where} is not JSON: ${(error as Error).message}`, {
          cause: error,
        });
      }
    },
  };
}
