/**
 * `readCommittedOffsets`: a group's committed offsets with their offset metadata (the string a consumer
 * committed with the offset: `markAsConsumed(message, metadata)`).
 */
import type { TopicPartition } from '../kafka/types.js';
import type { AdminContext } from './context.js';
import type { CommittedOffsets } from './types.js';

/** See `Admin.readCommittedOffsets`. */
export async function readCommittedOffsets(
  context: AdminContext,
  group: string,
  topics: readonly string[] = [],
): Promise<CommittedOffsets> {
  const deadline = context.deadline();
  let partitions: TopicPartition[] | undefined;
  if (topics.length > 0) {
    partitions = (await context.describeTopics(topics, deadline)).flatMap((t) =>
      t.partitions.map((p) => ({ topic: t.name, partition: p.partition })),
    );
  }
  const committed = await context.driver.groupOffsets(group, partitions, deadline.remaining);
  const result: Record<string, Record<number, { offset: number; metadata: string | undefined }>> = {};
  for (const topic of topics) result[topic] = {};
  for (const { topic, partition, offset, metadata } of committed) {
    result[topic] ??= {};
    // librdkafka reports "no metadata" as an empty string on some paths: both read as undefined.
    result[topic][partition] = { offset, metadata: metadata === null || metadata === '' ? undefined : metadata };
  }
  return result;
}
