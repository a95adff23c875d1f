/**
 * Built-in payload deserializers and the type of custom ones.
 */
import type { KafkaMessage } from '../kafka/types.js';

/** Turns a raw message into the payload a consumer sees. Throwing marks the message as undeserializable. */
export type DeserializerFunction<P = unknown> = (message: KafkaMessage) => P;

/** Names of the built-in deserializers. */
export type BuiltInDeserializer = 'json' | 'string' | 'raw';

/** A built-in deserializer by name, or a function. */
export type Deserializer<P = unknown> = BuiltInDeserializer | DeserializerFunction<P>;

/**
 * The payload type a deserializer setting gives: `string | null` for 'string', `Buffer | null` for 'raw' (null
 * for a tombstone), the return type of a function. 'json' gives `unknown`: only a schema can say more.
 */
export type DeserializerOutput<D extends Deserializer> =
  D extends DeserializerFunction<infer P>
    ? P
    : D extends 'string'
      ? string | null
      : D extends 'raw'
        ? Buffer | null
        : unknown;

/** JSON (the default): UTF-8 text parsed as JSON; a null payload (tombstone) gives null. */
export const jsonDeserializer: DeserializerFunction = (message) =>
  message.value === null ? null : (JSON.parse(message.value.toString('utf8')) as unknown);

/** UTF-8 text; a null payload gives null. */
export const stringDeserializer: DeserializerFunction<string | null> = (message) =>
  message.value === null ? null : message.value.toString('utf8');

/** The raw bytes, untouched. */
export const rawDeserializer: DeserializerFunction<Buffer | null> = (message) => message.value;

/** The function behind a deserializer setting. */
export function resolveDeserializer<P>(deserializer: Deserializer<P>): DeserializerFunction<P> {
  if (typeof deserializer === 'function') return deserializer;
  switch (deserializer) {
    case 'json':
      return jsonDeserializer as DeserializerFunction<P>;
    case 'string':
      return stringDeserializer as DeserializerFunction<P>;
    case 'raw':
      return rawDeserializer as DeserializerFunction<P>;
  }
}

/** A human name for a deserializer setting (logs, `karafka info`). */
export function deserializerName(deserializer: Deserializer<unknown>): string {
  return typeof deserializer === 'function' ? deserializer.name || 'custom function' : deserializer;
}
