/**
 * Routing feature "pause": the retry backoff of a topic (how long a failing partition waits before the next
 * attempt), over the app's `pause` setting. Also the default length of a consumer's `pause()`.
 */
import { z } from 'zod';
import { intIn } from '../config/settings.js';
import { defineTopicFeature } from './topic-feature.js';

/** The `pause` option of a route. */
export interface PauseOptions {
  /** Retry backoff of this topic (default: the app's `pause`). */
  readonly pause?: {
    readonly timeout?: number;
    readonly maxTimeout?: number;
    readonly withExponentialBackoff?: boolean;
  };
}

/** Retry backoff of a topic. */
export interface TopicPause {
  readonly timeout: number;
  readonly maxTimeout: number;
  readonly withExponentialBackoff: boolean;
}

/** The feature's part of a resolved topic. */
export interface TopicPauseSettings {
  /** Retry backoff (the app's, with the route's overrides). */
  readonly pause: TopicPause;
}

function merged(options: PauseOptions, settings: { readonly pause: TopicPause }): TopicPause {
  return { ...settings.pause, ...options.pause };
}

/** The `pause` feature. Check: `maxTimeout` is at least `timeout` once merged with the app's setting. */
export const pauseFeature = defineTopicFeature<PauseOptions, TopicPauseSettings>({
  name: 'pause',
  schema: {
    pause: z
      .strictObject({
        timeout: intIn(1, 86_400_000).optional(),
        maxTimeout: intIn(1, 86_400_000).optional(),
        withExponentialBackoff: z.boolean({ error: 'must be true or false' }).optional(),
      })
      .optional(),
  },
  check: (options, { settings }) => {
    const pause = merged(options, settings);
    if (pause.maxTimeout >= pause.timeout) return [];
    return [
      {
        key: 'pause.maxTimeout',
        line: `option 'pause.maxTimeout': got ${String(pause.maxTimeout)}; must be greater than or equal to pause.timeout (${String(pause.timeout)})`,
      },
    ];
  },
  resolve: (options, { settings }) => ({ pause: merged(options, settings) }),
});
