/**
 * Routing feature "periodic ticks": `tick()` runs on each assigned partition's consumer when the partition had
 * no messages to consume for an interval, so a consumer can act on time rather than on data (flush a window,
 * emit a heartbeat, close idle sessions). See docs/periodic-ticks.md.
 */
import { z } from 'zod';
import { intIn } from '../config/settings.js';
import { defineTopicFeature } from './topic-feature.js';

/** Default interval of periodic ticks, in ms (like Karafka's). */
export const DEFAULT_TICK_INTERVAL_MS = 5_000;

/** Settings of periodic ticks. */
export interface PeriodicTicksOptions {
  /**
   * How long a partition must have had no messages before `tick()` runs, and the least time between two ticks
   * of one partition, in ms (default 5 000; 50 to 86 400 000).
   */
  readonly interval?: number;
  /**
   * True: ticks also run while the partition is paused (by the consumer's `pause()`, a strategy or a command).
   * Default true, false for a `longRunningJob` topic.
   */
  readonly duringPause?: boolean;
  /** True: ticks also run while a failed batch waits for its retry (default false). */
  readonly duringRetry?: boolean;
}

/** The `periodic` option of a route. */
export interface PeriodicRouteOptions {
  /**
   * Periodic ticks: `tick()` runs on the partition's consumer when it had no messages for `interval`
   * (`true`: every default; an object: the settings to change).
   */
  readonly periodic?: boolean | PeriodicTicksOptions;
}

/** Periodic ticks of a topic, defaults applied. */
export interface TopicPeriodic {
  /** Least time without messages before a tick, and between ticks of one partition, in ms. */
  readonly interval: number;
  /** True: ticks run while the partition is paused. */
  readonly duringPause: boolean;
  /** True: ticks run while a failed batch waits for its retry. */
  readonly duringRetry: boolean;
}

/** The feature's part of a resolved topic. */
export interface TopicPeriodicSettings {
  /** Periodic ticks, when the route has them. */
  readonly periodic: TopicPeriodic | undefined;
}

const flag = z.boolean({ error: 'must be true or false' });

/** The `periodic` feature. */
export const periodicTicksFeature = defineTopicFeature<PeriodicRouteOptions, TopicPeriodicSettings>({
  name: 'periodic ticks',
  schema: {
    // `true` is every default (`{}`), `false` no ticks: one object schema gives errors naming the nested key.
    periodic: z.preprocess(
      (value) => (value === true ? {} : value === false ? undefined : value),
      z
        .strictObject(
          {
            interval: intIn(50, 86_400_000).optional(),
            duringPause: flag.optional(),
            duringRetry: flag.optional(),
          },
          { error: 'must be true, false or { interval?, duringPause?, duringRetry? }' },
        )
        .optional(),
    ),
  },
  resolve: (options) => {
    const settings = options.periodic;
    if (settings === undefined || typeof settings === 'boolean') return { periodic: undefined };
    return {
      periodic: {
        interval: settings.interval ?? DEFAULT_TICK_INTERVAL_MS,
        duringPause: settings.duringPause ?? options.longRunningJob !== true,
        duringRetry: settings.duringRetry ?? false,
      },
    };
  },
});
