/**
 * Routing feature "consumer": the class that consumes a topic. Routing sits below the consumer layer, so it
 * knows consumer classes by two marks that `BaseConsumer` carries instead of importing it: a static
 * `[consumerStyle]` (checked when routes are drawn) and a type-only `[acceptsPayload]` member (checked by the
 * compiler against the route's payload type).
 */
import { z } from 'zod';
import { showValue } from '../config/describe-issues.js';
import { defineTopicFeature } from './topic-feature.js';

/** How a consumer class processes: a batch per `consume()`, or one message per `consumeMessage()`. */
export type ConsumerStyle = 'batch' | 'message';

/** Key of the static mark every `BaseConsumer` subclass carries: its style. */
export const consumerStyle: unique symbol = Symbol.for('karafka-ts.consumer.style');

/**
 * Key of a member `BaseConsumer<P>` declares for the compiler only (it never exists at run time): a function
 * taking `P`, so that a class fits a route only when the route's payload type is assignable to its `P`.
 */
export const acceptsPayload: unique symbol = Symbol.for('karafka-ts.consumer.acceptsPayload');

/**
 * The type of the member `BaseConsumer<P>` declares under `[acceptsPayload]`. Written as a method so that it
 * compares both ways between consumers (a `BaseConsumer<Order>` still is a `BaseConsumer`), while a route
 * compares it one way, as the function type of `PayloadConsumer`.
 */
export type PayloadCheck<P> = { check(payload: P): void }['check'];

/** A consumer instance whose payload type accepts `P` (a `BaseConsumer<Q>` with `P` assignable to `Q`). */
export interface PayloadConsumer<P> {
  /** Type-level only: never set, never called. */
  readonly [acceptsPayload]: (payload: P) => void;
}

/**
 * A class a route accepts for payloads of type `P`: extends `BaseConsumer` (or `MessageConsumer`), builds
 * without arguments, and its payload type accepts `P`. `ConsumerClass` (`P = never`) accepts every consumer.
 */
export interface ConsumerClass<P = never> {
  /** The framework builds one instance per assigned partition. */
  new (): PayloadConsumer<P>;
  /** Set by `BaseConsumer` and `MessageConsumer`. */
  readonly [consumerStyle]: ConsumerStyle;
}

/** The style of a consumer class, or undefined when it does not extend `BaseConsumer`. */
export function consumerStyleOf(consumer: unknown): ConsumerStyle | undefined {
  if (typeof consumer !== 'function') return undefined;
  const style = (consumer as { [consumerStyle]?: unknown })[consumerStyle];
  return style === 'batch' || style === 'message' ? style : undefined;
}

/** Schema of the `consumer` option. */
export const consumerOptionSchema = z.custom<ConsumerClass>((value) => consumerStyleOf(value) !== undefined, {
  error:
    'must be a consumer class: extend BaseConsumer (a batch per consume()) or MessageConsumer (one message per consumeMessage())',
});

/** The `consumer` option of a route. */
export interface ConsumerOptions<P = never> {
  /**
   * The consumer class (extends `BaseConsumer` or `MessageConsumer`); one instance per assigned partition.
   * Required for active topics. Its payload type must accept the route's (schema or deserializer output).
   */
  readonly consumer?: ConsumerClass<P>;
}

/** The feature's part of a resolved topic. */
export interface TopicConsumer {
  /** The consumer class; undefined for a topic that is only declared (`active: false`). */
  readonly consumer: ConsumerClass | undefined;
}

/**
 * The `consumer` feature. Checks: an active topic needs a consumer; a `MessageConsumer` marks each message
 * itself, so `manualOffsetManagement` on its route is a contradiction.
 */
export const consumerFeature = defineTopicFeature<ConsumerOptions<never>, TopicConsumer>({
  name: 'consumer',
  schema: { consumer: consumerOptionSchema.optional() },
  check: (options) => {
    const { consumer } = options;
    if (consumer === undefined && options.active !== false) {
      return [
        {
          key: 'consumer',
          line:
            `option 'consumer': got ${showValue(consumer)}; an active topic needs a consumer class: give ` +
            '{ consumer: SomeConsumer } (or active: false to only declare it)',
        },
      ];
    }
    if (consumerStyleOf(consumer) !== 'message' || options.manualOffsetManagement !== true) return [];
    return [
      {
        key: 'manualOffsetManagement',
        line:
          `option 'manualOffsetManagement': ${consumer!.name} is a MessageConsumer, which marks each message when ` +
          'consumeMessage() returns; to mark by hand extend BaseConsumer and loop over this.messages in consume(), ' +
          'or drop manualOffsetManagement',
      },
    ];
  },
  resolve: (options) => ({ consumer: options.consumer }),
});
