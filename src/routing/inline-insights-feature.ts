/**
 * Routing feature "inline insights": inside `consume()` and `tick()`, `this.insights` gives the partition's
 * latest figures from the client's statistics (lag, committed and stored offsets, watermarks, fetch state)
 * without subscribing to statistics events. Turning it on makes sure the client emits statistics. See
 * docs/inline-insights.md.
 */
import { z } from 'zod';
import { defineTopicFeature } from './topic-feature.js';

/** The `inlineInsights` option of a route. */
export interface InlineInsightsOptions {
  /**
   * True: `this.insights` gives the partition's latest statistics inside the consumer (default false). The
   * client's `statistics.interval.ms` is set to 5 000 when it is not a positive number.
   */
  readonly inlineInsights?: boolean;
}

/** The feature's part of a resolved topic. */
export interface TopicInlineInsights {
  /** True: the partition's latest statistics are kept for its consumer. */
  readonly inlineInsights: boolean;
}

/** The `inlineInsights` feature. */
export const inlineInsightsFeature = defineTopicFeature<InlineInsightsOptions, TopicInlineInsights>({
  name: 'inline insights',
  schema: { inlineInsights: z.boolean({ error: 'must be true or false' }).optional() },
  resolve: (options) => ({ inlineInsights: options.inlineInsights ?? false }),
});
