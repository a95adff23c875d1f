/**
 * What a route can say about a topic, as a schema with the same error style as the settings.
 */
import { z } from 'zod';
import { intIn, kafkaSettingsSchema } from '../config/settings.js';
import type { KafkaSettings } from '../kafka/types.js';
import type { Deserializer } from '../messages/deserializers.js';
import { type ConsumerClass, consumerOptionSchema } from './consumer-feature.js';
import { type PayloadOptions, type PayloadSchema, type RoutePayload, payloadOptionsShape } from './payload-feature.js';

/**
 * Options of one topic route. `D` and `S` are the route's deserializer and schema (inferred where a route is
 * drawn): the consumer class must accept the payload type they give (see `RoutePayload`).
 */
export interface TopicOptions<
  D extends Deserializer = Deserializer,
  S extends PayloadSchema | undefined = PayloadSchema | undefined,
> extends PayloadOptions<D, S> {
  /**
   * The consumer class (extends `BaseConsumer` or `MessageConsumer`); one instance per assigned partition.
   * Required for active topics. Its payload type must accept the route's (schema or deserializer output).
   */
  readonly consumer?: ConsumerClass<NoInfer<RoutePayload<D, S>>>;
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
  /** Retry backoff of this topic (default: the app's `pause`). */
  readonly pause?: {
    readonly timeout?: number;
    readonly maxTimeout?: number;
    readonly withExponentialBackoff?: boolean;
  };
  /** True: nothing is marked automatically after `consume()`; the consumer marks what it processed. */
  readonly manualOffsetManagement?: boolean;
  /** True: `eofed()` runs when a partition reached its end with no new messages. */
  readonly eofed?: boolean;
  /** Dead letter queue: where a message goes after `maxRetries` failed attempts. */
  readonly deadLetterQueue?: DeadLetterQueueOptions;
  /** Declarative topic: how `karafka topics migrate` creates and aligns it. */
  readonly config?: TopicConfigOptions;
}

/** Dead letter queue options of a topic. */
export interface DeadLetterQueueOptions {
  /** Topic the failing message is produced to; `false` skips it without dispatching. */
  readonly topic: string | false;
  /** Failed attempts before the message is dispatched (default 3). */
  readonly maxRetries?: number;
  /** True: every successful mark resets the attempt count (default false). */
  readonly independent?: boolean;
}

/** Declarative topic settings. */
export interface TopicConfigOptions {
  /** Partitions (default 1). */
  readonly partitions?: number;
  /** Replication factor (default 1). */
  readonly replicationFactor?: number;
  /** Topic-level configs (`retention.ms`, `cleanup.policy`, ...). */
  readonly configs?: Readonly<Record<string, string>>;
  /** False leaves the topic out of `karafka topics` management (default true). */
  readonly active?: boolean;
}

/** Schema of `TopicOptions`. */
export const topicOptionsSchema = z.strictObject({
  consumer: consumerOptionSchema.optional(),
  ...payloadOptionsShape,
  initialOffset: z.enum(['earliest', 'latest'], { error: "must be 'earliest' or 'latest'" }).optional(),
  maxMessages: intIn(1, 100_000).optional(),
  maxWaitTime: intIn(1, 600_000).optional(),
  kafka: kafkaSettingsSchema.optional(),
  active: z.boolean({ error: 'must be true or false' }).optional(),
  pause: z
    .strictObject({
      timeout: intIn(1, 86_400_000).optional(),
      maxTimeout: intIn(1, 86_400_000).optional(),
      withExponentialBackoff: z.boolean({ error: 'must be true or false' }).optional(),
    })
    .optional(),
  manualOffsetManagement: z.boolean({ error: 'must be true or false' }).optional(),
  eofed: z.boolean({ error: 'must be true or false' }).optional(),
  deadLetterQueue: z
    .strictObject({
      topic: z.union([z.string().regex(/^[a-zA-Z0-9._-]{1,249}$/), z.literal(false)], {
        error: 'must be a valid topic name or false',
      }),
      maxRetries: intIn(0, 1_000_000).optional(),
      independent: z.boolean({ error: 'must be true or false' }).optional(),
    })
    .optional(),
  config: z
    .strictObject({
      partitions: intIn(1, 1_000_000).optional(),
      replicationFactor: intIn(1, 32_767).optional(),
      configs: z.record(z.string(), z.string({ error: 'must be a string' })).optional(),
      active: z.boolean({ error: 'must be true or false' }).optional(),
    })
    .optional(),
});

/** Names of every topic option (for error messages). */
export const TOPIC_OPTION_KEYS: readonly string[] = Object.keys(topicOptionsSchema.shape);
