/**
 * How a test's payload becomes the bytes of a message, as its route expects them: a Buffer is taken as is
 * (raw bytes), null is a tombstone; otherwise JSON routes get `JSON.stringify(payload)`, 'string' and 'raw'
 * routes take strings (UTF-8). A route with its own deserializer function takes Buffers or strings only.
 */
import type { Topic } from '../routing/topic.js';

/** The message value for `payload` on `topic`'s route; throws naming the topic when the route cannot take it. */
export function encodePayload(topic: Topic, payload: unknown): Buffer | null {
  if (payload === null) return null;
  if (Buffer.isBuffer(payload)) return payload;
  const { deserializer } = topic;
  if (deserializer === 'json') {
    if (payload === undefined) {
      throw new TypeError(`Topic '${topic.name}': undefined is no JSON payload (use null for a tombstone)`);
    }
    return Buffer.from(JSON.stringify(payload), 'utf8');
  }
  if (typeof payload === 'string') return Buffer.from(payload, 'utf8');
  const route = typeof deserializer === 'function' ? 'its own deserializer function' : `deserializer '${deserializer}'`;
  throw new TypeError(
    `Topic '${topic.name}' is routed with ${route}: feed its messages as a Buffer or a string, got ${describe(payload)}`,
  );
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
