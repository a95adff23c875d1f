/**
 * Raised when a message's payload cannot be deserialized.
 */

/** What to do when a JSON route meets a payload that is not JSON. */
const JSON_HINT =
  "; if this topic's payloads are not JSON, pick another deserializer with the route's `deserializer` option: " +
  "'string' (UTF-8 text), 'raw' (the bytes as a Buffer) or a function (message) => payload";

/** A payload that the topic's deserializer rejected; names the message and the cause. */
export class DeserializationError extends Error {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;

  /** @param where the message; @param deserializer its name; @param cause what the deserializer threw */
  constructor(where: { topic: string; partition: number; offset: number }, deserializer: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `Could not deserialize the payload of ${where.topic}/${String(where.partition)}@${String(where.offset)} ` +
        `with the ${deserializer} deserializer: ${reason}${deserializer === 'json' ? JSON_HINT : ''}`,
      { cause },
    );
    this.name = 'DeserializationError';
    this.topic = where.topic;
    this.partition = where.partition;
    this.offset = where.offset;
  }
}
