/**
 * The payload of consumer events (`consumer.consumed`, `consumer.consuming.pause`, ...) for a partition.
 */
import { withBatchMessages } from '../instrumentation/batch-messages.js';
import type { ConsumerEventPayload } from '../instrumentation/events.js';
import type { KafkaMessage } from '../kafka/types.js';
import type { Topic } from '../routing/topic.js';

/**
 * Event payload for `partition` of `topic` and `batch` (possibly empty; tracing reads its headers), and the
 * virtual partition when the batch is one job of a split batch.
 */
export function consumerEventPayload(
  topic: Topic,
  partition: number,
  batch: readonly KafkaMessage[],
  virtualPartition?: number,
): ConsumerEventPayload {
  return withBatchMessages(
    {
      consumerGroup: topic.consumerGroup,
      topic: topic.name,
      partition,
      messages: batch.length,
      ...(batch.length > 0 ? { firstOffset: batch[0]!.offset, lastOffset: batch.at(-1)!.offset } : {}),
      ...(virtualPartition === undefined ? {} : { virtualPartition }),
    },
    batch,
  );
}
