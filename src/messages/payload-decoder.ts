/**
 * A topic's way from raw bytes to the payload a consumer sees: its deserializer, then its schema, if any.
 * The decoder runs when `message.payload` is first read, so a bad payload fails the consumer at the message
 * that reads it (a per-message consumer has marked every message before it).
 */
import type { KafkaMessage } from '../kafka/types.js';
import { DeserializationError } from './deserialization-error.js';
import {
  type Deserializer,
  type DeserializerFunction,
  deserializerName,
  resolveDeserializer,
} from './deserializers.js';
import { AsynchronousSchemaError, PayloadValidationError } from './payload-validation-error.js';
import type { StandardSchemaResult, StandardSchemaV1 } from './standard-schema.js';

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/**
 * Checks `value` (the payload of `raw`) against `schema`: the validated value, or a `PayloadValidationError`
 * (an `AsynchronousSchemaError` when the schema answers with a promise).
 */
export function validatePayload<P>(schema: StandardSchemaV1<unknown, P>, value: unknown, raw: KafkaMessage): P {
  const { vendor } = schema['~standard'];
  const result: StandardSchemaResult<P> | Promise<StandardSchemaResult<P>> = schema['~standard'].validate(value);
  if (isPromise(result)) {
    result.then(undefined, () => undefined); // answered below; never an unhandled rejection
    throw new AsynchronousSchemaError(raw, vendor);
  }
  if (result.issues !== undefined) throw new PayloadValidationError(raw, vendor, result.issues);
  return result.value;
}

/**
 * The function that turns a raw message into its payload: deserializes (a `DeserializationError` on failure),
 * then validates with `schema` (a `PayloadValidationError` on failure).
 */
export function payloadDecoder<P>(
  deserializer: Deserializer,
  schema: StandardSchemaV1<unknown, P> | undefined,
): DeserializerFunction<P> {
  const deserialize = resolveDeserializer(deserializer);
  const name = deserializerName(deserializer);
  return (raw) => {
    let value: unknown;
    try {
      value = deserialize(raw);
    } catch (error) {
      throw new DeserializationError(raw, name, error);
    }
    return schema === undefined ? (value as P) : validatePayload(schema, value, raw);
  };
}
