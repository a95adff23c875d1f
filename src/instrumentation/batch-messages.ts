/**
 * The messages of a consume batch, carried by the `consumer.consume(d)` payloads for tracing (message headers
 * hold the W3C trace context) without being part of what subscribers log: a non-enumerable property, which
 * spreads and JSON leave out.
 */

/** What tracing reads of a message: its headers. */
export interface MessageWithHeaders {
  readonly headers: readonly { readonly key: string; readonly value: Buffer }[];
}

const BATCH = Symbol.for('karafka-ts.batch-messages');

/** `payload` with `messages` attached (not enumerable); returns `payload`. */
export function withBatchMessages<T extends object>(payload: T, messages: readonly MessageWithHeaders[]): T {
  Object.defineProperty(payload, BATCH, { value: messages, enumerable: false });
  return payload;
}

/** The messages attached to `payload`, if any. */
export function batchMessagesOf(payload: object): readonly MessageWithHeaders[] | undefined {
  return (payload as Record<symbol, readonly MessageWithHeaders[] | undefined>)[BATCH];
}
