/**
 * Routing feature "active": a route with `active: false` declares its topic (for `karafka topics`) without
 * consuming it; servers run active topics only.
 */
import { z } from 'zod';
import { defineTopicFeature } from './topic-feature.js';

/** The `active` option of a route. */
export interface ActiveOptions {
  /** False declares the topic without consuming it. */
  readonly active?: boolean;
}

/** The feature's part of a resolved topic. */
export interface TopicActive {
  /** False: declared only, never consumed. */
  readonly active: boolean;
}

/** The `active` feature. */
export const activeFeature = defineTopicFeature<ActiveOptions, TopicActive>({
  name: 'active',
  schema: { active: z.boolean({ error: 'must be true or false' }).optional() },
  resolve: (options) => ({ active: options.active ?? true }),
});
