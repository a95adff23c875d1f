/**
 * Routing feature "long-running job": for work that may take longer than `max.poll.interval.ms`. While a job of
 * the partition runs, its fetching is paused; the job may run past `max.poll.interval.ms` without this member
 * giving its partitions up; and a revocation does not wait for it: the partition is released at once, the job
 * sees it (`isRevoked`, `signal`) and its later marks are refused. See docs/long-running-jobs.md.
 */
import { z } from 'zod';
import { defineTopicFeature } from './topic-feature.js';

/** The `longRunningJob` option of a route. */
export interface LongRunningJobOptions {
  /**
   * True: jobs of this topic may run longer than `max.poll.interval.ms`; a revocation releases the partition at
   * once instead of waiting for the running job (default false).
   */
  readonly longRunningJob?: boolean;
}

/** The feature's part of a resolved topic. */
export interface TopicLongRunningJob {
  /** True: jobs may outlive `max.poll.interval.ms`, revocations do not wait for them. */
  readonly longRunningJob: boolean;
}

/** The `longRunningJob` feature. */
export const longRunningJobFeature = defineTopicFeature<LongRunningJobOptions, TopicLongRunningJob>({
  name: 'long-running job',
  schema: { longRunningJob: z.boolean({ error: 'must be true or false' }).optional() },
  resolve: (options) => ({ longRunningJob: options.longRunningJob ?? false }),
});
