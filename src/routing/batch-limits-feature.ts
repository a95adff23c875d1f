/**
 * Routing feature "batch limits": the largest batch one `consume()` gets and the longest a poll waits for it.
 * Defaults: the app's `maxMessages` and `maxWaitTime`.
 */
import { intIn } from '../config/settings.js';
import { defineTopicFeature } from './topic-feature.js';

/** The batch limit options of a route. */
export interface BatchLimitsOptions {
  /** Largest batch for one `consume()` (default: the app's `maxMessages`). */
  readonly maxMessages?: number;
  /** Longest poll wait, in ms (default: the app's `maxWaitTime`). */
  readonly maxWaitTime?: number;
}

/** The feature's part of a resolved topic. */
export interface TopicBatchLimits {
  /** Largest batch for one `consume()`. */
  readonly maxMessages: number;
  /** Longest poll wait, in ms. */
  readonly maxWaitTime: number;
}

/** The `maxMessages` / `maxWaitTime` feature. */
export const batchLimitsFeature = defineTopicFeature<BatchLimitsOptions, TopicBatchLimits>({
  name: 'batch limits',
  schema: {
    maxMessages: intIn(1, 100_000).optional(),
    maxWaitTime: intIn(1, 600_000).optional(),
  },
  resolve: (options, { settings }) => ({
    maxMessages: options.maxMessages ?? settings.maxMessages,
    maxWaitTime: options.maxWaitTime ?? settings.maxWaitTime,
  }),
});
