/**
 * `readTopic`: reads up to `count` messages of one partition, from an offset, from a time, or the last
 * `count`, with a consumer that is assigned the partition directly (it never joins a group, commits nothing).
 */
import { KafkaDriverError } from '../kafka/driver-error.js';
import type { KafkaMessage, Watermarks } from '../kafka/types.js';
import type { AdminContext, Deadline } from './context.js';
import { AdminArgumentError } from './errors.js';

/** How long one poll waits for data before the deadline is checked again. */
const POLL_MS = 500;

/** Low and high watermarks of the given partitions of `topic`. */
export async function partitionWatermarks(
  context: AdminContext,
  topic: string,
  partitions: readonly number[],
  deadline: Deadline,
): Promise<Map<number, Watermarks>> {
  // One call per spec: librdkafka refuses a partition listed twice in one request.
  const [lows, highs] = await Promise.all(
    (['earliest', 'latest'] as const).map((spec) =>
      context.driver.listOffsets(
        partitions.map((partition) => ({ topic, partition, spec })),
        deadline.remaining,
      ),
    ),
  );
  const result = new Map<number, Watermarks>();
  for (const partition of partitions) {
    const low = lows?.find((o) => o.partition === partition)?.offset ?? 0;
    const high = highs?.find((o) => o.partition === partition)?.offset ?? 0;
    result.set(partition, { low, high });
  }
  return result;
}

/** First offset to read, or undefined when there is nothing to read. */
async function startOffset(
  context: AdminContext,
  topic: string,
  partition: number,
  count: number,
  start: number | Date,
  { low, high }: Watermarks,
  deadline: Deadline,
): Promise<number | undefined> {
  if (start instanceof Date) {
    const [found] = await context.driver.listOffsets(
      [{ topic, partition, spec: { timestamp: start.getTime() } }],
      deadline.remaining,
    );
    return found === undefined || found.offset < 0 || found.offset >= high ? undefined : Math.max(found.offset, low);
  }
  const from = start < 0 ? high - count : start;
  return Math.max(from, low) >= high ? undefined : Math.max(from, low);
}

/** Reads up to `count` messages of `topic`/`partition` (see `Admin.readTopic`). */
export async function readTopic(
  context: AdminContext,
  topic: string,
  partition: number,
  count: number,
  start: number | Date,
): Promise<KafkaMessage[]> {
  if (!Number.isInteger(count) || count <= 0) {
    throw new AdminArgumentError(`readTopic: count must be a positive integer (got ${String(count)})`);
  }
  if (!(start instanceof Date) && (!Number.isInteger(start) || start < -1)) {
    throw new AdminArgumentError(`readTopic: start must be an offset (0 or more), -1 (the last count) or a Date`);
  }
  const deadline = context.deadline();
  const description = await context.describeTopic(topic, deadline);
  if (!description.partitions.some((p) => p.partition === partition)) {
    throw new AdminArgumentError(
      `readTopic: topic '${topic}' has no partition ${String(partition)} (it has ${String(description.partitions.length)})`,
    );
  }
  const watermarks = (await partitionWatermarks(context, topic, [partition], deadline)).get(partition)!;
  const from = await startOffset(context, topic, partition, count, start, watermarks, deadline);
  if (from === undefined) return [];

  const consumer = await context.consumer(`karafka-ts-admin-reader`, {
    'enable.partition.eof': true,
    'auto.offset.reset': 'earliest',
  });
  const messages: KafkaMessage[] = [];
  try {
    consumer.assign([{ topic, partition, offset: from }]);
    for (;;) {
      const batch = await consumer.poll(count - messages.length, Math.min(POLL_MS, deadline.remaining));
      for (const message of batch.messages) {
        if (message.topic === topic && message.partition === partition && message.offset >= from)
          messages.push(message);
      }
      const last = messages.at(-1);
      const atEnd =
        batch.eofs.some((eof) => eof.topic === topic && eof.partition === partition) ||
        (last !== undefined && last.offset >= watermarks.high - 1);
      if (messages.length >= count || atEnd) break;
      if (deadline.passed) {
        throw new KafkaDriverError(
          `readTopic: read ${String(messages.length)} of up to ${String(count)} messages of ${topic}/${String(partition)} ` +
            `before the ${String(context.options.timeout)} ms timeout`,
          -185,
        );
      }
    }
  } finally {
    await consumer.forceClose();
  }
  return messages.slice(0, count);
}
