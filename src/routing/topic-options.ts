/**
 * What a route can say about a topic: every routing feature's options (see `topic-features.ts`), with the
 * consumer class checked by the compiler against the payload type the route's deserializer and schema give.
 */
import { z } from 'zod';
import type { Deserializer } from '../messages/deserializers.js';
import type { ConsumerOptions } from './consumer-feature.js';
import type { FilteringRouteOptions } from './filtering-feature.js';
import type { PayloadOptions, PayloadSchema, RoutePayload } from './payload-feature.js';
import { type FeatureOptions, featureOptionsSchema } from './topic-features.js';
import type { VirtualPartitionsRouteOptions } from './virtual-partitions-feature.js';

export type { DeadLetterQueueOptions } from './dead-letter-queue-feature.js';
export type { TopicConfigOptions } from './declaration-feature.js';
export type { VirtualDistribution, VirtualKey, VirtualPartitionsOptions } from './virtual-partitions-feature.js';

/**
 * Options of one topic route. `D` and `S` are the route's deserializer and schema (inferred where a route is
 * drawn): the consumer class must accept the payload type they give (see `RoutePayload`).
 */
export interface TopicOptions<
  D extends Deserializer = Deserializer,
  S extends PayloadSchema | undefined = PayloadSchema | undefined,
>
  extends
    PayloadOptions<D, S>,
    ConsumerOptions<NoInfer<RoutePayload<D, S>>>,
    VirtualPartitionsRouteOptions<NoInfer<RoutePayload<D, S>>>,
    FilteringRouteOptions<NoInfer<RoutePayload<D, S>>>,
    Omit<
      FeatureOptions,
      keyof PayloadOptions | keyof ConsumerOptions | keyof VirtualPartitionsRouteOptions | keyof FilteringRouteOptions
    > {}

/** Schema of `TopicOptions`. */
export const topicOptionsSchema = featureOptionsSchema;

/** Names of every topic option (for error messages). */
export const TOPIC_OPTION_KEYS: readonly string[] = Object.keys(topicOptionsSchema.shape);

/** Names of the options allowed under `path` (the top-level options, or the keys of a nested option). */
export function topicOptionKeysAt(path: readonly PropertyKey[]): readonly string[] {
  let schema: z.ZodType = unwrap(topicOptionsSchema);
  for (const key of path) {
    if (!(schema instanceof z.ZodObject)) return TOPIC_OPTION_KEYS;
    const next = (schema.shape as Record<string, z.ZodType | undefined>)[String(key)];
    if (next === undefined) return TOPIC_OPTION_KEYS;
    schema = unwrap(next);
  }
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : TOPIC_OPTION_KEYS;
}

/** The schema an option's value is checked against: past `.optional()` and a preprocessing step. */
function unwrap(schema: z.ZodType): z.ZodType {
  let inner = schema;
  for (;;) {
    if (inner instanceof z.ZodOptional) inner = inner.unwrap() as z.ZodType;
    else if (inner instanceof z.ZodPipe) inner = inner.out as z.ZodType;
    else return inner;
  }
}
