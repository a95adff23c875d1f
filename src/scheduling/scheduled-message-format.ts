/**
 * How a scheduled message is kept in the schedules topic and how it is delivered. A schedule is a message
 * whose key is the schedule's id, whose value is the payload to deliver and whose `karafka_schedule_*` headers
 * say where and when; a tombstone of the id cancels it (or records its delivery).
 */
import type { KafkaMessage } from '../kafka/types.js';
import type { ProducerHeaders, ProducerMessage, TombstoneMessage } from '../producer/types.js';

/** Prefix of the headers the schedules topic uses (refused in users' headers). */
export const SCHEDULE_HEADER_PREFIX = 'karafka_schedule_';
const H = {
  version: 'karafka_schedule_version',
  at: 'karafka_schedule_at',
  topic: 'karafka_schedule_topic',
  key: 'karafka_schedule_key',
  partition: 'karafka_schedule_partition',
  id: 'karafka_schedule_id',
  /** On a tombstone: why (`cancelled` or `delivered`). */
  reason: 'karafka_schedule_reason',
  /** On a delivery tombstone: the offset of the schedule it delivered. */
  deliveredOffset: 'karafka_schedule_delivered_offset',
} as const;

/** A schedule as the dispatcher keeps it. */
export interface ScheduleEntry {
  readonly id: string;
  /** Delivery time, ms since the epoch. */
  readonly at: number;
  /** Offset of the schedule in its partition. */
  readonly offset: number;
  readonly topic: string;
  readonly key: Buffer | null;
  readonly partition: number | undefined;
  readonly payload: Buffer;
  /** The user's headers. */
  readonly headers: Readonly<Record<string, Buffer[]>>;
}

/** What one message of the schedules topic means. */
export type ScheduleRecord =
  | { readonly kind: 'schedule'; readonly entry: ScheduleEntry }
  | { readonly kind: 'tombstone'; readonly id: string; readonly deliveredOffset: number | undefined }
  | { readonly kind: 'invalid'; readonly problem: string };

/** The message the dispatcher is given to deliver. */
export interface ScheduledMessageInput {
  /** Target topic. */
  readonly topic: string;
  /** The payload (a string is written as UTF-8). A null payload cannot be scheduled. */
  readonly payload: string | Buffer;
  readonly key?: string | Buffer;
  /** Explicit target partition; omitted means the partitioner places it by key. */
  readonly partition?: number;
  readonly headers?: ProducerHeaders;
}

/** The message written to the schedules topic for `input`, due at `at` (ms since the epoch), under `id`. */
export function encodeSchedule(
  schedulesTopic: string,
  id: string,
  at: number,
  input: ScheduledMessageInput,
): ProducerMessage {
  const headers: Record<string, string | Buffer | readonly (string | Buffer)[]> = { ...(input.headers ?? {}) };
  headers[H.version] = '1';
  headers[H.at] = String(at);
  headers[H.topic] = input.topic;
  if (input.key !== undefined) headers[H.key] = input.key;
  if (input.partition !== undefined) headers[H.partition] = String(input.partition);
  return { topic: schedulesTopic, key: id, payload: input.payload, headers };
}

function headerValues(message: KafkaMessage): Map<string, Buffer[]> {
  const values = new Map<string, Buffer[]>();
  for (const header of message.headers) {
    const list = values.get(header.key) ?? [];
    list.push(header.value);
    values.set(header.key, list);
  }
  return values;
}

/** Reads one message of the schedules topic. */
export function decodeSchedule(message: KafkaMessage): ScheduleRecord {
  const id = message.key?.toString('utf8') ?? '';
  if (id === '') return { kind: 'invalid', problem: 'it has no key (the schedule id)' };
  const headers = headerValues(message);
  const one = (name: string): string | undefined => headers.get(name)?.[0]?.toString('utf8');
  const payload = message.value;
  if (payload === null) {
    const delivered = one(H.deliveredOffset);
    return { kind: 'tombstone', id, deliveredOffset: delivered === undefined ? undefined : Number(delivered) };
  }
  if (one(H.version) !== '1') return { kind: 'invalid', problem: `header ${H.version} is not '1'` };
  const at = Number(one(H.at));
  if (!Number.isSafeInteger(at)) return { kind: 'invalid', problem: `header ${H.at} is not a time in ms` };
  const topic = one(H.topic);
  if (topic === undefined || topic === '') return { kind: 'invalid', problem: `header ${H.topic} is missing` };
  const partitionText = one(H.partition);
  const partition = partitionText === undefined ? undefined : Number(partitionText);
  if (partition !== undefined && !(Number.isInteger(partition) && partition >= 0)) {
    return { kind: 'invalid', problem: `header ${H.partition} is not a partition number` };
  }
  const user: Record<string, Buffer[]> = {};
  for (const [name, values] of headers) if (!name.startsWith(SCHEDULE_HEADER_PREFIX)) user[name] = values;
  return {
    kind: 'schedule',
    entry: {
      id,
      at,
      offset: message.offset,
      topic,
      key: headers.get(H.key)?.[0] ?? null,
      partition,
      payload,
      headers: user,
    },
  };
}

/** The message that delivers `entry` (its headers plus the schedule's id and time). */
export function deliveryMessage(entry: ScheduleEntry): ProducerMessage {
  return {
    topic: entry.topic,
    payload: entry.payload,
    ...(entry.key === null ? {} : { key: entry.key }),
    ...(entry.partition === undefined ? {} : { partition: entry.partition }),
    headers: { ...entry.headers, [H.id]: entry.id, [H.at]: String(entry.at) },
  };
}

/** The tombstone that records the delivery of `entry` in the schedules topic. */
export function deliveredTombstone(schedulesTopic: string, partition: number, entry: ScheduleEntry): TombstoneMessage {
  return {
    topic: schedulesTopic,
    partition,
    key: entry.id,
    headers: { [H.reason]: 'delivered', [H.deliveredOffset]: String(entry.offset) },
  };
}

/** The tombstone that cancels the schedule `id`. */
export function cancelTombstone(schedulesTopic: string, id: string): TombstoneMessage {
  return { topic: schedulesTopic, key: id, headers: { [H.reason]: 'cancelled' } };
}
