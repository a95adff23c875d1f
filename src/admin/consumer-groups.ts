/**
 * Consumer group operations. librdkafka's admin client cannot change a group's committed offsets, so they
 * are committed by a short-lived consumer that uses the group's id without subscribing (it never joins the
 * group, so the broker accepts the commit only while the group has no members: checked first, with a clear
 * error).
 */
import type { OffsetQuery } from '../kafka/admin-driver.js';
import { KafkaDriverError } from '../kafka/driver-error.js';
import type { TopicPartition, TopicPartitionOffset } from '../kafka/types.js';
import type { AdminContext, Deadline } from './context.js';
import { AdminArgumentError, ConsumerGroupActiveError } from './errors.js';
import type { GroupSeekTargets, LagsWithOffsets, SeekTarget } from './types.js';

/** Kafka's NON_EMPTY_GROUP and GROUP_ID_NOT_FOUND. */
const NON_EMPTY_GROUP = 68;
const GROUP_ID_NOT_FOUND = 69;

/** Throws `ConsumerGroupActiveError` when `group` has members. */
export async function assertNoActiveMembers(
  context: AdminContext,
  group: string,
  action: string,
  deadline: Deadline,
): Promise<void> {
  const [description] = await context.driver.describeGroups([group], deadline.remaining);
  if (description === undefined) return;
  const idle = description.state === 'empty' || description.state === 'dead';
  if (description.members.length > 0 || !idle) {
    throw new ConsumerGroupActiveError(group, description.members.length, action);
  }
}

/** Commits `offsets` for `group` through a consumer of the group that does not subscribe. */
export async function commitGroupOffsets(
  context: AdminContext,
  group: string,
  offsets: readonly TopicPartitionOffset[],
): Promise<void> {
  if (offsets.length === 0) return;
  const consumer = await context.consumer(group);
  try {
    await consumer.commit(offsets);
  } finally {
    await consumer.forceClose();
  }
}

function isPerPartition(value: GroupSeekTargets[string]): value is Readonly<Record<number, SeekTarget>> {
  return typeof value === 'object' && !(value instanceof Date);
}

function checkTarget(group: string, topic: string, partition: number, target: unknown): SeekTarget {
  const valid =
    target === 'earliest' ||
    target === 'latest' ||
    (target instanceof Date && !Number.isNaN(target.getTime())) ||
    (typeof target === 'number' && Number.isInteger(target) && target >= 0);
  if (!valid) {
    throw new AdminArgumentError(
      `seekConsumerGroup('${group}'): target of ${topic}/${String(partition)} must be an offset (0 or more), a Date, ` +
        `'earliest' or 'latest' (got ${JSON.stringify(target) ?? String(target)})`,
    );
  }
  return target;
}

/** Turns seek targets into offsets: one metadata call, then one offset look-up per kind of target. */
async function resolveTargets(
  context: AdminContext,
  group: string,
  targets: GroupSeekTargets,
  deadline: Deadline,
): Promise<TopicPartitionOffset[]> {
  const topics = await context.describeTopics(Object.keys(targets), deadline);
  const wanted: { topic: string; partition: number; target: SeekTarget }[] = [];
  for (const description of topics) {
    const value = targets[description.name]!;
    const existing = description.partitions.map((p) => p.partition);
    const entries: [number, unknown][] = isPerPartition(value)
      ? Object.entries(value).map(([p, t]) => [Number(p), t])
      : existing.map((p) => [p, value]);
    for (const [partition, target] of entries) {
      if (!existing.includes(partition)) {
        throw new AdminArgumentError(
          `seekConsumerGroup('${group}'): topic '${description.name}' has no partition ${String(partition)}`,
        );
      }
      wanted.push({
        topic: description.name,
        partition,
        target: checkTarget(group, description.name, partition, target),
      });
    }
  }
  const byTime: OffsetQuery[] = [];
  const byEnd: OffsetQuery[] = [];
  for (const { topic, partition, target } of wanted) {
    if (target instanceof Date) byTime.push({ topic, partition, spec: { timestamp: target.getTime() } });
    if (target instanceof Date || target === 'latest') byEnd.push({ topic, partition, spec: 'latest' });
    if (target === 'earliest') byEnd.push({ topic, partition, spec: 'earliest' });
  }
  const [timed, ends] = await Promise.all([
    byTime.length === 0 ? [] : context.driver.listOffsets(byTime, deadline.remaining),
    byEnd.length === 0 ? [] : context.driver.listOffsets(byEnd, deadline.remaining),
  ]);
  const find = (list: readonly TopicPartitionOffset[], topic: string, partition: number): number =>
    list.find((o) => o.topic === topic && o.partition === partition)?.offset ?? -1;
  return wanted.map(({ topic, partition, target }) => {
    if (typeof target === 'number') return { topic, partition, offset: target };
    if (target instanceof Date) {
      // No message at or after that time: the group moves to the end, to read only what comes next.
      const offset = find(timed, topic, partition);
      return { topic, partition, offset: offset >= 0 ? offset : find(ends, topic, partition) };
    }
    return { topic, partition, offset: find(ends, topic, partition) };
  });
}

/** See `Admin.seekConsumerGroup`. */
export async function seekConsumerGroup(
  context: AdminContext,
  group: string,
  targets: GroupSeekTargets,
): Promise<TopicPartitionOffset[]> {
  const deadline = context.deadline();
  await assertNoActiveMembers(context, group, 'seek', deadline);
  const offsets = await resolveTargets(context, group, targets, deadline);
  await commitGroupOffsets(context, group, offsets);
  return offsets;
}

/** Committed offsets of `group` on the partitions of `topics` (only partitions with a commit). */
async function committedOffsets(
  context: AdminContext,
  group: string,
  topics: readonly string[],
  deadline: Deadline,
): Promise<TopicPartitionOffset[]> {
  const partitions: TopicPartition[] = (await context.describeTopics(topics, deadline)).flatMap((t) =>
    t.partitions.map((p) => ({ topic: t.name, partition: p.partition })),
  );
  if (partitions.length === 0) return [];
  const offsets = await context.driver.groupOffsets(group, partitions, deadline.remaining);
  // The offset metadata goes along (a copied group resumes with the same metadata).
  return offsets
    .filter((o) => o.offset >= 0)
    .map(({ topic, partition, offset, metadata }) =>
      typeof metadata === 'string' && metadata !== ''
        ? { topic, partition, offset, metadata }
        : { topic, partition, offset },
    );
}

/** See `Admin.copyConsumerGroup`. */
export async function copyConsumerGroup(
  context: AdminContext,
  previous: string,
  next: string,
  topics: readonly string[],
): Promise<boolean> {
  if (previous === next) throw new AdminArgumentError(`copyConsumerGroup: source and target are both '${previous}'`);
  const deadline = context.deadline();
  const offsets = await committedOffsets(context, previous, topics, deadline);
  if (offsets.length === 0) return false;
  await assertNoActiveMembers(context, next, 'copy offsets into', deadline);
  await commitGroupOffsets(context, next, offsets);
  return true;
}

/** See `Admin.deleteConsumerGroup`. */
export async function deleteConsumerGroup(context: AdminContext, group: string): Promise<void> {
  try {
    await context.driver.deleteGroups([group], context.options.timeout);
  } catch (error) {
    if (!(error instanceof KafkaDriverError)) throw error;
    if (error.code === NON_EMPTY_GROUP) {
      const [description] = await context.driver.describeGroups([group], context.options.timeout);
      throw new ConsumerGroupActiveError(group, description?.members.length ?? 1, 'delete');
    }
    if (error.code === GROUP_ID_NOT_FOUND) {
      throw new KafkaDriverError(`Consumer group '${group}' does not exist`, error.code, { cause: error });
    }
    throw error;
  }
}

/** See `Admin.readLagsWithOffsets`. */
export async function readLagsWithOffsets(
  context: AdminContext,
  groups: Readonly<Record<string, readonly string[]>>,
): Promise<LagsWithOffsets> {
  const deadline = context.deadline();
  const entries = await Promise.all(
    Object.entries(groups).map(async ([group, listed]) => {
      const topics =
        listed.length > 0
          ? listed
          : [...new Set((await context.driver.groupOffsets(group, undefined, deadline.remaining)).map((o) => o.topic))];
      const descriptions = await context.describeTopics(topics, deadline);
      const partitions = descriptions.flatMap((t) =>
        t.partitions.map((p) => ({ topic: t.name, partition: p.partition })),
      );
      if (partitions.length === 0) return [group, {}] as const;
      const [committed, ends] = await Promise.all([
        context.driver.groupOffsets(group, partitions, deadline.remaining),
        context.driver.listOffsets(
          partitions.map((p) => ({ ...p, spec: 'latest' as const })),
          deadline.remaining,
        ),
      ]);
      const byTopic: Record<string, Record<number, { offset: number; lag: number }>> = {};
      for (const { topic, partition } of partitions) {
        const offset = committed.find((o) => o.topic === topic && o.partition === partition)?.offset ?? -1;
        const end = ends.find((o) => o.topic === topic && o.partition === partition)?.offset ?? 0;
        byTopic[topic] ??= {};
        byTopic[topic][partition] = offset < 0 ? { offset: -1, lag: -1 } : { offset, lag: Math.max(0, end - offset) };
      }
      return [group, byTopic] as const;
    }),
  );
  return Object.fromEntries(entries);
}
