/**
 * Routing feature "initial offset": where a consumer group without a committed offset starts reading a topic
 * (librdkafka's `auto.offset.reset` of the topic's connection).
 */
import { z } from 'zod';
import { defineTopicFeature } from './topic-feature.js';

/** The `initialOffset` option of a route. */
export interface InitialOffsetOptions {
  /** Where a group without a committed offset starts: 'earliest' (default) or 'latest'. */
  readonly initialOffset?: 'earliest' | 'latest';
}

/** The feature's part of a resolved topic. */
export interface TopicInitialOffset {
  /** Where a group without a committed offset starts. */
  readonly initialOffset: 'earliest' | 'latest';
}

/** The `initialOffset` feature. */
export const initialOffsetFeature = defineTopicFeature<InitialOffsetOptions, TopicInitialOffset>({
  name: 'initial offset',
  schema: {
    initialOffset: z.enum(['earliest', 'latest'], { error: "must be 'earliest' or 'latest'" }).optional(),
  },
  resolve: (options) => ({ initialOffset: options.initialOffset ?? 'earliest' }),
});
