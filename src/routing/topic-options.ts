/**
 * What a route can say about a topic, as a schema with the same error style as the settings.
 */
import { z } from 'zod';
import { intIn, kafkaSettingsSchema } from '../config/settings.js';
import type { KafkaSettings } from '../kafka/types.js';
import type { Deserializer, DeserializerFunction } from '../messages/deserializers.js';

/** What routing needs of a consumer class: a constructor without arguments whose instances have `consume()`. */
export type ConsumerClass = new () => { consume(): unknown };

/** Options of one topic route. */
export interface TopicOptions {
  /** The consumer class; one instance per assigned partition. Required for active topics. */
  readonly consumer?: ConsumerClass;
  /** Payload deserializer: 'json' (default), 'string', 'raw' or a function. */
  readonly deserializer?: Deserializer;
  /** Where a group without a committed offset starts: 'earliest' (default) or 'latest'. */
  readonly initialOffset?: 'earliest' | 'latest';
  /** Largest batch for one `consume()` (default: the app's `maxMessages`). */
  readonly maxMessages?: number;
  /** Longest poll wait, in ms (default: the app's `maxWaitTime`). */
  readonly maxWaitTime?: number;
  /** librdkafka properties for this topic's connection, over the app's (e.g. another cluster). */
  readonly kafka?: KafkaSettings;
  /** False declares the topic without consuming it. */
  readonly active?: boolean;
}

const consumerClassSchema = z.custom<ConsumerClass>(
  (value) =>
    typeof value === 'function' &&
    typeof (value as { prototype?: { consume?: unknown } }).prototype?.consume === 'function',
  { error: 'must be a consumer class with a consume() method (extend BaseConsumer)' },
);

const deserializerSchema = z.union(
  [z.enum(['json', 'string', 'raw']), z.custom<DeserializerFunction>((value) => typeof value === 'function')],
  { error: "must be 'json', 'string', 'raw' or a function (message) => payload" },
);

/** Schema of `TopicOptions`. */
export const topicOptionsSchema = z.strictObject({
  consumer: consumerClassSchema.optional(),
  deserializer: deserializerSchema.optional(),
  initialOffset: z.enum(['earliest', 'latest'], { error: "must be 'earliest' or 'latest'" }).optional(),
  maxMessages: intIn(1, 100_000).optional(),
  maxWaitTime: intIn(1, 600_000).optional(),
  kafka: kafkaSettingsSchema.optional(),
  active: z.boolean({ error: 'must be true or false' }).optional(),
});

/** Names of every topic option (for error messages). */
export const TOPIC_OPTION_KEYS: readonly string[] = Object.keys(topicOptionsSchema.shape);
