/**
 * What a route can say about a topic: every routing feature's options (see `topic-features.ts`), with the
 * consumer class checked by the compiler against the payload type the route's deserializer and schema give.
 */
import { z } from 'zod';
import type { Deserializer } from '../messages/deserializers.js';
import type { ConsumerOptions } from './consumer-feature.js';
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
    Omit<FeatureOptions, keyof PayloadOptions | keyof ConsumerOptions | keyof VirtualPartitionsRouteOptions> {}

/** Schema of `TopicOptions`. */
export const topicOptionsSchema = featureOptionsSchema;

/** Names of every topic option (for error messages). */
export const TOPIC_OPTION_KEYS: readonly string[] = Object.keys(topicOptionsSchema.shape);

/** Names of the options allowed under `path` (the top-level options, or the keys of a nested option). */
export function topicOptionKeysAt(path: readonly PropertyKey[]): readonly string[] {
  let schema: z.ZodType = topicOptionsSchema;
  for (const key of path) {
    while (schema instanceof z.ZodOptional) schema = schema.unwrap() as z.ZodType;
    if (!(schema instanceof z.ZodObject)) return TOPIC_OPTION_KEYS;
    const next = (schema.shape as Record<string, z.ZodType | undefined>)[String(key)];
    if (next === undefined) return TOPIC_OPTION_KEYS;
    schema = next;
  }
  while (schema instanceof z.ZodOptional) schema = schema.unwrap() as z.ZodType;
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : TOPIC_OPTION_KEYS;
}
