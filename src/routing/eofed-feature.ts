/**
 * Routing feature "eofed": `eofed()` runs on a partition's consumer when the partition reached its end with
 * no new messages (the connection then asks librdkafka for end-of-partition events).
 */
import { z } from 'zod';
import { defineTopicFeature } from './topic-feature.js';

/** The `eofed` option of a route. */
export interface EofedOptions {
  /** True: `eofed()` runs when a partition reached its end with no new messages. */
  readonly eofed?: boolean;
}

/** The feature's part of a resolved topic. */
export interface TopicEofed {
  /** True: `eofed()` runs at the end of each partition. */
  readonly eofed: boolean;
}

/** The `eofed` feature. */
export const eofedFeature = defineTopicFeature<EofedOptions, TopicEofed>({
  name: 'eofed',
  schema: { eofed: z.boolean({ error: 'must be true or false' }).optional() },
  resolve: (options) => ({ eofed: options.eofed ?? false }),
});
