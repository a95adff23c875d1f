/**
 * Routing feature "dead letter queue": after `maxRetries` failed attempts the failing message is produced to
 * another topic (or skipped, for `topic: false`) and the partition goes on. Retries count per batch, or per
 * message with `independent` (the default for a `MessageConsumer`, which marks each message).
 */
import { z } from 'zod';
import { intIn } from '../config/settings.js';
import { consumerStyleOf } from './consumer-feature.js';
import { defineTopicFeature } from './topic-feature.js';

/** Dead letter queue options of a topic. */
export interface DeadLetterQueueOptions {
  /** Topic the failing message is produced to; `false` skips it without dispatching. */
  readonly topic: string | false;
  /** Failed attempts before the message is dispatched (default 3). */
  readonly maxRetries?: number;
  /** True: every successful mark resets the attempt count (default false). */
  readonly independent?: boolean;
}

/** The `deadLetterQueue` option of a route. */
export interface DeadLetterQueueRouteOptions {
  /** Dead letter queue: where a message goes after `maxRetries` failed attempts. */
  readonly deadLetterQueue?: DeadLetterQueueOptions;
}

/** Dead letter queue of a topic, defaults applied. */
export interface TopicDeadLetterQueue {
  /** Where failing messages go; `false` skips them without dispatching. */
  readonly topic: string | false;
  readonly maxRetries: number;
  readonly independent: boolean;
}

/** The feature's part of a resolved topic. */
export interface TopicDeadLetterQueueSettings {
  /** The dead letter queue, if the route has one. */
  readonly deadLetterQueue: TopicDeadLetterQueue | undefined;
}

/** Failed attempts before dispatch when the route does not say. */
const DEFAULT_MAX_RETRIES = 3;

/** The `deadLetterQueue` feature. */
export const deadLetterQueueFeature = defineTopicFeature<DeadLetterQueueRouteOptions, TopicDeadLetterQueueSettings>({
  name: 'dead letter queue',
  schema: {
    deadLetterQueue: z
      .strictObject({
        topic: z.union([z.string().regex(/^[a-zA-Z0-9._-]{1,249}$/), z.literal(false)], {
          error: 'must be a valid topic name or false',
        }),
        maxRetries: intIn(0, 1_000_000).optional(),
        independent: z.boolean({ error: 'must be true or false' }).optional(),
      })
      .optional(),
  },
  resolve: (options) => {
    const dlq = options.deadLetterQueue;
    if (dlq === undefined) return { deadLetterQueue: undefined };
    // A MessageConsumer marks each message: its retries count per message unless the route says otherwise.
    const perMessage = consumerStyleOf(options.consumer) === 'message';
    return {
      deadLetterQueue: {
        topic: dlq.topic,
        maxRetries: dlq.maxRetries ?? DEFAULT_MAX_RETRIES,
        independent: dlq.independent ?? perMessage,
      },
    };
  },
});
