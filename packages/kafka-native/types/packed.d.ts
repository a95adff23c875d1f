// karafka-ts fork of confluent-kafka-javascript: the packed batch consume (lib/packed/).
import { LibrdKafkaError } from './rdkafka';

/** Where each field sits in a packed batch's rows (see lib/packed/layout.js). */
export interface PackedLayout {
  /** Doubles per message row. */
  readonly ROW_FIELDS: number;
  readonly OFFSET: number;
  readonly TIMESTAMP: number;
  readonly PARTITION: number;
  /** Index into the batch's `topics`. */
  readonly TOPIC_INDEX: number;
  /** Byte offset of the key in `bytes`; the value follows the key. */
  readonly DATA_START: number;
  /** -1 for a null key. */
  readonly KEY_LENGTH: number;
  /** -1 for a null value (a tombstone). */
  readonly VALUE_LENGTH: number;
  /** -1 when unknown. */
  readonly LEADER_EPOCH: number;
  /** Index of the message's first header row. */
  readonly HEADER_START: number;
  readonly HEADER_COUNT: number;
  /** Doubles per header row. */
  readonly HEADER_FIELDS: number;
  readonly NAME_START: number;
  readonly NAME_LENGTH: number;
  readonly HEADER_VALUE_START: number;
  /** -1 for a null header value. */
  readonly HEADER_VALUE_LENGTH: number;
}

/** A partition that reached its end. */
export interface PackedEof {
  topic: string;
  partition: number;
  offset: number;
}

/** A partition's error returned in a batch. */
export interface PackedConsumeError extends LibrdKafkaError {
  isFatal: boolean;
  topic?: string;
  partition?: number;
}

/** What one consumePacked call returns. */
export interface PackedBatch {
  /** Messages in the batch. */
  count: number;
  /** `ROW_FIELDS` doubles per message. */
  rows: Float64Array;
  /** `HEADER_FIELDS` doubles per header. */
  headerRows: Float64Array;
  /** Keys, values, header names and header values. */
  bytes: Buffer;
  /** Topic names; rows hold indexes into it. */
  topics: string[];
  eofs: PackedEof[];
  /** An error ends the batch; the messages before it are in the batch. */
  errors: PackedConsumeError[];
}

/** The layout of packed batches. */
export const packedLayout: PackedLayout;

declare module './rdkafka' {
  interface KafkaConsumer {
    /**
     * Up to `maxMessages` messages in one native call: waits up to `timeoutMs` for the first, then takes
     * messages while the next one is ready within 1 ms. `err` only when the consumer is not connected.
     */
    consumePacked(
      maxMessages: number,
      timeoutMs: number,
      cb: (err: LibrdKafkaError | null, batch: PackedBatch) => void,
    ): void;
  }
}
