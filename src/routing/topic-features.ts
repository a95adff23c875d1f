/**
 * The registry of routing features: the one list from which a route's options (their schema, in this order),
 * their checks and the resolved `Topic` are built. A new feature is its own `*-feature.ts` module plus one
 * line here.
 */
import { z } from 'zod';
import { activeFeature } from './active-feature.js';
import { batchLimitsFeature } from './batch-limits-feature.js';
import { consumerFeature } from './consumer-feature.js';
import { deadLetterQueueFeature } from './dead-letter-queue-feature.js';
import { declarationFeature } from './declaration-feature.js';
import { directAssignmentFeature } from './direct-assignment-feature.js';
import { eofedFeature } from './eofed-feature.js';
import { filteringFeature } from './filtering-feature.js';
import { initialOffsetFeature } from './initial-offset-feature.js';
import { inlineInsightsFeature } from './inline-insights-feature.js';
import { kafkaOverridesFeature } from './kafka-overrides-feature.js';
import { longRunningJobFeature } from './long-running-job-feature.js';
import { manualOffsetsFeature } from './manual-offsets-feature.js';
import { pauseFeature } from './pause-feature.js';
import { payloadFeature } from './payload-feature.js';
import { periodicTicksFeature } from './periodic-ticks-feature.js';
import { virtualPartitionsFeature } from './virtual-partitions-feature.js';
import type { FeatureContext, FeatureProblem, RouteOptionsView, TopicFeature } from './topic-feature.js';

/** Every routing feature, in the order their options are listed in messages. */
export const TOPIC_FEATURES = [
  consumerFeature,
  payloadFeature,
  initialOffsetFeature,
  batchLimitsFeature,
  kafkaOverridesFeature,
  activeFeature,
  pauseFeature,
  manualOffsetsFeature,
  eofedFeature,
  deadLetterQueueFeature,
  virtualPartitionsFeature,
  longRunningJobFeature,
  periodicTicksFeature,
  inlineInsightsFeature,
  filteringFeature,
  directAssignmentFeature,
  declarationFeature,
] as const;

type Features = typeof TOPIC_FEATURES;

/** Intersection of what `Pick` takes from each feature of `List`. */
type EachFeature<List extends readonly unknown[], Part extends 'options' | 'resolved'> = List extends readonly [
  infer Head,
  ...infer Rest,
]
  ? (Head extends TopicFeature<infer Options, infer Resolved> ? (Part extends 'options' ? Options : Resolved) : never) &
      EachFeature<Rest, Part>
  : unknown;

/** The options of every feature (the route options, in their widest form). */
export type FeatureOptions = EachFeature<Features, 'options'>;

/** What every feature adds to a resolved topic. */
export type TopicSettings = EachFeature<Features, 'resolved'>;

/** Schema of the route options: every feature's option keys, unknown keys refused. */
export const featureOptionsSchema = z.strictObject(
  Object.assign({}, ...TOPIC_FEATURES.map((feature) => feature.schema)) as Record<string, z.ZodType>,
);

/** Every feature as the registry runs it: on the whole validated options (each reads the keys it owns). */
type AnyFeature = TopicFeature<RouteOptionsView, object>;

const features = TOPIC_FEATURES as unknown as readonly AnyFeature[];

/** Problems every feature finds in a route's validated options (empty when the route is fine). */
export function checkFeatures(options: RouteOptionsView, context: FeatureContext): FeatureProblem[] {
  return features.flatMap((feature) => feature.check?.(options, context) ?? []);
}

/** The settings of a topic: every feature's part, from the route's validated options. */
export function resolveFeatures(options: RouteOptionsView, context: FeatureContext): TopicSettings {
  return Object.assign({}, ...features.map((feature) => feature.resolve(options, context))) as TopicSettings;
}
