/**
 * Raised when a message's payload cannot be deserialized.
 */

/** A payload that the topic's deserializer rejected; names the message and the cause. */
export class DeserializationError extends Error {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;

  /** @param where the message; @param cause what the deserializer threw */
  constructor(where: { topic: string; partition: number; offset: number }, deserializer: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `Could not deserialize the payload of ${where.topic}/${String(where.partition)}@${String(where.offset)} ` +
        `with the ${deserializer} deserializer: ${reason}`,
      { cause },
    );
    this.name = 'DeserializationError';
    this.topic = where.topic;
    this.partition = where.partition;
    this.offset = where.offset;
  }
}
