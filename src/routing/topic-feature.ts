/**
 * The shape of a routing feature: the options it adds to a route, their schemas (whose messages name the key,
 * the bad value and what is allowed), checks that span options, and how the options resolve (defaults
 * applied) into the feature's part of a `Topic`. Every feature lives in its own `*-feature.ts` file and is
 * listed once in `topic-features.ts`; routes, options schema and `Topic` are built from that list.
 */
import type { z } from 'zod';
import type { Settings } from '../config/settings.js';

/** What a feature sees besides its own options when it checks and resolves a route. */
export interface FeatureContext {
  /** The app's settings (the defaults of per-topic options). */
  readonly settings: Settings;
}

/** A problem a feature found in a route's options. */
export interface FeatureProblem {
  /** Dotted key the problem is about (`pause.maxTimeout`). */
  readonly key: string;
  /** One line: `option '<key>': got <value>; <what is allowed>` (or why the combination cannot work). */
  readonly line: string;
}

/**
 * One routing feature. `Options` are the route options it owns (all optional); `Resolved` is what it adds to
 * the resolved `Topic` (every value decided).
 */
export interface TopicFeature<Options extends object, Resolved extends object> {
  /** Short name, for docs and errors. */
  readonly name: string;
  /** A schema per option key (each accepts `undefined`: every route option is optional). */
  readonly schema: { readonly [K in keyof Required<Options>]: z.ZodType<Options[K] | undefined> };
  /**
   * Problems the schemas cannot see: limits that depend on the app's settings or on another feature's
   * options. `options` are the route's validated options (every feature's).
   */
  check?(options: Options & RouteOptionsView, context: FeatureContext): readonly FeatureProblem[];
  /** The feature's part of the resolved topic, from the route's validated options. */
  resolve(options: Options & RouteOptionsView, context: FeatureContext): Resolved;
}

/** Every validated option of a route, as a feature that looks past its own options sees them. */
export interface RouteOptionsView {
  readonly [option: string]: unknown;
}

/** Declares a feature (only infers its types). */
export function defineTopicFeature<Options extends object, Resolved extends object>(
  feature: TopicFeature<Options, Resolved>,
): TopicFeature<Options, Resolved> {
  return feature;
}
