/**
 * Routing feature "filtering": a chain of filters applied to each batch of a partition before `consume()`
 * (`filters`: factories of your own `MessageFilter`s), and three built-in filters set by shorthands: `expire`
 * (drop messages older than an age), `delay` (consume messages only once they are old enough) and `throttle`
 * (at most `limit` messages per `interval` per partition). Chain order: expire, delay, your filters, throttle.
 * See docs/filtering.md.
 */
import { z } from 'zod';
import { intIn } from '../config/settings.js';
import type { FilterFactory } from './message-filter.js';
import { defineTopicFeature } from './topic-feature.js';

/** Throttling of a route: at most `limit` messages consumed per `interval` ms, per partition. */
export interface ThrottleOptions {
  /** Most messages handed to `consume()` in any `interval` ms of one partition. */
  readonly limit: number;
  /** The window, in ms. */
  readonly interval: number;
}

/** The filtering options of a route. `P` is the route's payload type. */
export interface FilteringRouteOptions<P = never> {
  /** Factories of the filters applied to each batch before `consume()` (one instance per assigned partition). */
  readonly filters?: readonly FilterFactory<P>[];
  /**
   * Throttling: at most `limit` messages per `interval` ms per partition; the rest wait (fetching paused) and
   * are consumed in later windows, nothing skipped.
   */
  readonly throttle?: ThrottleOptions;
  /**
   * Delayed consumption: a message is consumed only once `delay` ms passed since its timestamp; the partition
   * pauses until the next one is due.
   */
  readonly delay?: number;
  /** Expiring messages: messages older than `expire` ms (by their timestamp) are dropped, never consumed, and marked. */
  readonly expire?: number;
}

/** Filtering of a topic, as routed. */
export interface TopicFiltering {
  /** Factories of the route's own filters, in order. */
  readonly filters: readonly FilterFactory<unknown>[];
  readonly throttle: ThrottleOptions | undefined;
  /** Delay in ms, if any. */
  readonly delay: number | undefined;
  /** Age in ms after which messages are dropped, if any. */
  readonly expire: number | undefined;
}

/** The feature's part of a resolved topic. */
export interface TopicFilteringSettings {
  /** The topic's filters, when the route has any (its own or built-in). */
  readonly filtering: TopicFiltering | undefined;
}

/** Longest throttle window, delay or age: one week. */
const MAX_MS = 7 * 86_400_000;

/** The filtering feature (`filters`, `throttle`, `delay`, `expire`). */
export const filteringFeature = defineTopicFeature<FilteringRouteOptions, TopicFilteringSettings>({
  name: 'filtering',
  schema: {
    filters: z
      .array(
        z.custom<FilterFactory<never>>((value) => typeof value === 'function', {
          error: 'must be a function ({ topic, partition }) => filter',
        }),
        { error: 'must be an array of filter factories' },
      )
      .readonly()
      .optional(),
    throttle: z.strictObject({ limit: intIn(1, 1_000_000_000), interval: intIn(1, MAX_MS) }).optional(),
    delay: intIn(1, MAX_MS).optional(),
    expire: intIn(1, MAX_MS).optional(),
  },
  check: (options) => {
    const { delay, expire } = options;
    if (delay === undefined || expire === undefined || expire > delay) return [];
    return [
      {
        key: 'expire',
        line: `option 'expire': got ${String(expire)}; must be greater than delay (${String(delay)}): every message would expire before it is due`,
      },
    ];
  },
  resolve: (options) => {
    const { filters = [], throttle, delay, expire } = options;
    if (filters.length === 0 && throttle === undefined && delay === undefined && expire === undefined) {
      return { filtering: undefined };
    }
    return { filtering: { filters, throttle, delay, expire } };
  },
});
