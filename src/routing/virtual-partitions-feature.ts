/**
 * Routing feature "virtual partitions": one Kafka partition's batch is split by a key into up to `maxPartitions`
 * jobs that run side by side on the worker pool; messages with the same key stay in order, in one job. The
 * committed offset only moves past messages that are done in every virtual partition. See
 * docs/virtual-partitions.md.
 */
import { z } from 'zod';
import { intIn } from '../config/settings.js';
import type { Message } from '../messages/message.js';
import { defineTopicFeature } from './topic-feature.js';

/**
 * What a partitioner returns for a message: messages with equal keys are processed in order by one virtual
 * partition. `null` or `undefined`: the message has no key and may go to any virtual partition.
 */
export type VirtualKey = string | number | bigint | boolean | Buffer | null | undefined;

/**
 * How keys are spread over the virtual partitions of a batch. `balanced`: keys are dealt out so that every
 * virtual partition gets about as many messages (best throughput; a key may land in another virtual partition,
 * so another consumer instance, from one batch to the next). `consistent`: a key always lands in the same
 * virtual partition (a hash of the key), so the same consumer instance sees it every time.
 */
export type VirtualDistribution = 'balanced' | 'consistent';

/** Virtual partitions options of a route. `P` is the route's payload type. */
export interface VirtualPartitionsOptions<P = never> {
  /**
   * The virtual key of a message (default: the message's Kafka key). Keys that are equal keep their messages in
   * order; a message without a key (`null`/`undefined`) has no order promise towards other keyless messages.
   */
  readonly partitioner?: (message: Message<P>) => VirtualKey;
  /** Most jobs one batch is split into (default: the app's `concurrency`). */
  readonly maxPartitions?: number;
  /** How keys are spread over the jobs (default `balanced`). */
  readonly distribution?: VirtualDistribution;
}

/** The `virtualPartitions` option of a route. */
export interface VirtualPartitionsRouteOptions<P = never> {
  /**
   * Virtual partitions: a batch of one partition is split by key into jobs that run side by side (`{}` turns
   * them on with the defaults).
   */
  readonly virtualPartitions?: VirtualPartitionsOptions<P>;
}

/** Virtual partitions of a topic, defaults applied. */
export interface TopicVirtualPartitions {
  /** The virtual key of a message. */
  readonly partitioner: (message: Message<unknown>) => VirtualKey;
  /** Most jobs one batch is split into. */
  readonly maxPartitions: number;
  readonly distribution: VirtualDistribution;
}

/** The feature's part of a resolved topic. */
export interface TopicVirtualPartitionsSettings {
  /** Virtual partitions, when the route has them. */
  readonly virtualPartitions: TopicVirtualPartitions | undefined;
}

/** The default partitioner: the message's Kafka key, as raw bytes (no decoding). */
export const byMessageKey = (message: Message<unknown>): VirtualKey => message.rawKey;

/** The `virtualPartitions` feature. */
export const virtualPartitionsFeature = defineTopicFeature<
  VirtualPartitionsRouteOptions,
  TopicVirtualPartitionsSettings
>({
  name: 'virtual partitions',
  schema: {
    virtualPartitions: z
      .strictObject({
        partitioner: z
          .custom<(message: Message<never>) => VirtualKey>((value) => typeof value === 'function', {
            error: 'must be a function (message) => key',
          })
          .optional(),
        maxPartitions: intIn(1, 10_000).optional(),
        distribution: z.enum(['balanced', 'consistent'], { error: "must be 'balanced' or 'consistent'" }).optional(),
      })
      .optional(),
  },
  resolve: (options, { settings }) => {
    const vp = options.virtualPartitions;
    if (vp === undefined) return { virtualPartitions: undefined };
    return {
      virtualPartitions: {
        partitioner: (vp.partitioner as ((message: Message<unknown>) => VirtualKey) | undefined) ?? byMessageKey,
        maxPartitions: vp.maxPartitions ?? settings.concurrency,
        distribution: vp.distribution ?? 'balanced',
      },
    };
  },
});
