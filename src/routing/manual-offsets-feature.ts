/**
 * Routing feature "manual offset management": nothing is marked automatically after `consume()`; the
 * consumer marks what it processed (`markAsConsumed`). Retries still restart from the last mark.
 */
import { z } from 'zod';
import { defineTopicFeature } from './topic-feature.js';

/** The `manualOffsetManagement` option of a route. */
export interface ManualOffsetsOptions {
  /** True: nothing is marked automatically after `consume()`; the consumer marks what it processed. */
  readonly manualOffsetManagement?: boolean;
}

/** The feature's part of a resolved topic. */
export interface TopicManualOffsets {
  /** True: the consumer marks offsets itself. */
  readonly manualOffsetManagement: boolean;
}

/** The `manualOffsetManagement` feature. */
export const manualOffsetsFeature = defineTopicFeature<ManualOffsetsOptions, TopicManualOffsets>({
  name: 'manual offset management',
  schema: { manualOffsetManagement: z.boolean({ error: 'must be true or false' }).optional() },
  resolve: (options) => ({ manualOffsetManagement: options.manualOffsetManagement ?? false }),
});
