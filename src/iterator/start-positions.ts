/**
 * Turns the iterator's `topics` option into partitions with a first offset to read and the end each had when
 * the iteration started (its high watermark), asking the cluster once: topic layouts, watermarks, offsets by time.
 */
import type { AdminDriver, OffsetQuery } from '../kafka/admin-driver.js';
import { KafkaDriverError } from '../kafka/driver-error.js';
import type { TopicPartitionOffset } from '../kafka/types.js';
import { type IteratorStart, IteratorOptionsError } from './iterator-options.js';

/** Kafka's UNKNOWN_TOPIC_OR_PARTITION. */
const UNKNOWN_TOPIC = 3;

/** One partition to read: from `start` (next offset to read); `end` is its high watermark at the start. */
export interface PartitionRange {
  readonly topic: string;
  readonly partition: number;
  readonly start: number;
  readonly end: number;
}

const offsetOf = (list: readonly TopicPartitionOffset[], topic: string, partition: number): number =>
  list.find((o) => o.topic === topic && o.partition === partition)?.offset ?? -1;

/** The partitions of `topics` with their starts and ends. */
export async function resolveStartPositions(
  admin: AdminDriver,
  topics: ReadonlyMap<string, IteratorStart | ReadonlyMap<number, IteratorStart>>,
  timeoutMs: number,
): Promise<PartitionRange[]> {
  const deadline = Date.now() + timeoutMs;
  const remaining = (): number => Math.max(1, deadline - Date.now());
  const names = [...topics.keys()];
  let descriptions;
  try {
    descriptions = await admin.describeTopics(names, remaining());
  } catch (error) {
    if (error instanceof KafkaDriverError && error.code === UNKNOWN_TOPIC) {
      const missing = names.filter((name) => error.message.includes(name));
      throw new IteratorOptionsError(
        `Iterator option 'topics': topic ${(missing.length > 0 ? missing : names).map((n) => `'${n}'`).join(', ')} ` +
          `does not exist`,
      );
    }
    throw error;
  }
  const wanted: { topic: string; partition: number; start: IteratorStart }[] = [];
  for (const name of names) {
    const description = descriptions.find((d) => d.name === name);
    const existing = description?.partitions.map((p) => p.partition) ?? [];
    if (existing.length === 0)
      throw new IteratorOptionsError(`Iterator option 'topics': topic '${name}' does not exist`);
    const spec = topics.get(name)!;
    if (typeof spec === 'object' && !(spec instanceof Date)) {
      for (const [partition, start] of spec) {
        if (!existing.includes(partition)) {
          throw new IteratorOptionsError(
            `Iterator option 'topics': topic '${name}' has no partition ${String(partition)} ` +
              `(it has ${String(existing.length)})`,
          );
        }
        wanted.push({ topic: name, partition, start });
      }
    } else {
      for (const partition of existing) wanted.push({ topic: name, partition, start: spec });
    }
  }
  const all = wanted.map(({ topic, partition }) => ({ topic, partition }));
  const byTime: OffsetQuery[] = wanted.flatMap(({ topic, partition, start }) =>
    start instanceof Date ? [{ topic, partition, spec: { timestamp: start.getTime() } }] : [],
  );
  // One request per spec: librdkafka refuses a partition listed twice in one request.
  const [lows, highs, timed] = await Promise.all([
    admin.listOffsets(
      all.map((p) => ({ ...p, spec: 'earliest' as const })),
      remaining(),
    ),
    admin.listOffsets(
      all.map((p) => ({ ...p, spec: 'latest' as const })),
      remaining(),
    ),
    byTime.length === 0 ? Promise.resolve([]) : admin.listOffsets(byTime, remaining()),
  ]);
  return wanted.map(({ topic, partition, start }) => {
    const low = Math.max(0, offsetOf(lows, topic, partition));
    const high = Math.max(low, offsetOf(highs, topic, partition));
    let from: number;
    if (start === 'earliest') from = low;
    else if (start === 'latest') from = high;
    else if (start instanceof Date) {
      const found = offsetOf(timed, topic, partition);
      from = found < 0 ? high : found;
    } else if (start < 0) from = high + start;
    else from = start;
    return { topic, partition, start: Math.min(high, Math.max(low, from)), end: high };
  });
}
