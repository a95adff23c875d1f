/**
 * One consumed message, with its payload deserialized (and validated, when the route has a schema) lazily: on
 * first access, once.
 */
import type { KafkaHeader, KafkaMessage } from '../kafka/types.js';
import { DeserializationError } from './deserialization-error.js';
import type { DeserializerFunction } from './deserializers.js';
import { AsynchronousSchemaError, PayloadValidationError } from './payload-validation-error.js';

const NOT_YET = Symbol('not deserialized yet');

/** A message as consumers see it. */
export class Message<P = unknown> {
  readonly #raw: KafkaMessage;
  readonly #deserialize: DeserializerFunction<P>;
  readonly #deserializerName: string;
  #payload: P | typeof NOT_YET = NOT_YET;
  #headers: Readonly<Record<string, string>> | undefined;

  /**
   * Wraps a raw message; nothing is deserialized until `payload` is read. `deserialize` may be a topic's payload
   * decoder (deserializer and schema); other errors it throws are wrapped in a `DeserializationError`.
   */
  constructor(raw: KafkaMessage, deserialize: DeserializerFunction<P>, deserializerName = 'custom') {
    this.#raw = raw;
    this.#deserialize = deserialize;
    this.#deserializerName = deserializerName;
  }

  /**
   * The deserialized payload, validated by the route's schema if it has one. Throws a `DeserializationError`
   * when the deserializer rejects it, a `PayloadValidationError` when the schema does (read again: tried again).
   */
  get payload(): P {
    if (this.#payload === NOT_YET) {
      try {
        this.#payload = this.#deserialize(this.#raw);
      } catch (error) {
        if (
          error instanceof DeserializationError ||
          error instanceof PayloadValidationError ||
          error instanceof AsynchronousSchemaError
        ) {
          throw error;
        }
        throw new DeserializationError(this.#raw, this.#deserializerName, error);
      }
    }
    return this.#payload;
  }

  /** True once `payload` was read successfully. */
  get deserialized(): boolean {
    return this.#payload !== NOT_YET;
  }

  /** The payload bytes as fetched (null for a tombstone). */
  get rawPayload(): Buffer | null {
    return this.#raw.value;
  }

  /** True when the payload is null (a tombstone on a compacted topic). */
  get tombstone(): boolean {
    return this.#raw.value === null;
  }

  /** The key as UTF-8 text, or null. */
  get key(): string | null {
    return this.#raw.key === null ? null : this.#raw.key.toString('utf8');
  }

  /** The key bytes, or null. */
  get rawKey(): Buffer | null {
    return this.#raw.key;
  }

  /** Headers as UTF-8 text; for a key that repeats, the last value wins (see `rawHeaders` for all). */
  get headers(): Readonly<Record<string, string>> {
    if (this.#headers === undefined) {
      const headers: Record<string, string> = {};
      for (const { key, value } of this.#raw.headers) headers[key] = value.toString('utf8');
      this.#headers = headers;
    }
    return this.#headers;
  }

  /** Headers exactly as fetched: ordered, keys may repeat. */
  get rawHeaders(): readonly KafkaHeader[] {
    return this.#raw.headers;
  }

  /** Topic the message was read from. */
  get topic(): string {
    return this.#raw.topic;
  }

  /** Partition the message was read from. */
  get partition(): number {
    return this.#raw.partition;
  }

  /** Offset of the message in its partition. */
  get offset(): number {
    return this.#raw.offset;
  }

  /** Message timestamp (create time or log-append time, as the topic is configured). */
  get timestamp(): Date {
    return new Date(this.#raw.timestamp);
  }

  /** The raw message as the driver delivered it. */
  get raw(): KafkaMessage {
    return this.#raw;
  }
}
