/**
 * Scheduled messages: `enableScheduledMessages(app)` adds the schedules topic to the app's routes with the
 * built-in dispatcher as its consumer, so every server of the app delivers the schedules of the partitions it
 * is assigned; `schedule()` and `cancel()` write to that topic from any process.
 *
 * ```ts
 * const schedules = enableScheduledMessages(app);
 * await schedules.schedule({ id: 'remind-42', at: new Date(Date.now() + 3_600_000),
 *   message: { topic: 'reminders', key: '42', payload: JSON.stringify({ order: 42 }) } });
 * await schedules.cancel('remind-42');
 * ```
 */
import { randomUUID } from 'node:crypto';
import { Admin } from '../admin/admin.js';
import type { App } from '../app/app.js';
import type { KafkaMessage } from '../kafka/types.js';
import { ownedPartitionConsumer } from './owned-partition.js';
import { ScheduleDispatcher } from './schedule-dispatcher.js';
import {
  SCHEDULE_HEADER_PREFIX,
  type ScheduleEntry,
  type ScheduledMessageInput,
  cancelTombstone,
  decodeSchedule,
  encodeSchedule,
} from './scheduled-message-format.js';
import { type InternalTopic, positiveInteger, requireName } from './internal-topic.js';

/** Options of `enableScheduledMessages`. */
export interface ScheduledMessagesOptions {
  /** The schedules topic (default `karafka_scheduled_messages`). */
  readonly topic?: string;
  /** Its partitions when created (default 5): dispatching spreads over the processes by partition. */
  readonly partitions?: number;
  /** Its replication factor when created (default 1). */
  readonly replicationFactor?: number;
  /** Most schedules delivered in one transaction (default 100). */
  readonly batchSize?: number;
}

/** A message to deliver later. */
export interface ScheduleRequest {
  /** Id of the schedule (default: a random UUID); scheduling an id again replaces its pending schedule. */
  readonly id?: string;
  /** When to deliver it: a Date or ms since the epoch. A past time means as soon as possible. */
  readonly at: Date | number;
  /** The message to deliver. */
  readonly message: ScheduledMessageInput;
}

/** A schedule as written. */
export interface ScheduleReceipt {
  readonly id: string;
  readonly at: Date;
  /** Where the schedule is kept in the schedules topic. */
  readonly partition: number;
  readonly offset: number;
}

/** A schedule not yet delivered nor cancelled, as `pending()` reads it. */
export interface PendingSchedule {
  readonly id: string;
  readonly at: Date;
  /** Target topic. */
  readonly topic: string;
  /** Target key as UTF-8 text, when it has one. */
  readonly key: string | null;
  /** Size of the payload in bytes. */
  readonly size: number;
  /** Where the schedule is kept in the schedules topic. */
  readonly partition: number;
  readonly offset: number;
}

/** A bad argument to the scheduled messages API. */
export class ScheduleArgumentError extends Error {
  /** @param message what is wrong, naming the argument */
  constructor(message: string) {
    super(message);
    this.name = 'ScheduleArgumentError';
  }
}

const enabled = new WeakMap<App, ScheduledMessages>();

/** Scheduled messages of one app: write schedules, cancel them, read what is pending. */
export class ScheduledMessages {
  /** The schedules topic and how it is created. */
  readonly topic: InternalTopic;
  readonly #app: App;

  /** Use `enableScheduledMessages(app)`. */
  constructor(app: App, topic: InternalTopic) {
    this.#app = app;
    this.topic = topic;
  }

  /** Writes a schedule (through the app's producer); resolves once the broker acknowledged it. */
  async schedule(request: ScheduleRequest): Promise<ScheduleReceipt> {
    const id = checkRequest(request);
    const at = request.at instanceof Date ? request.at.getTime() : request.at;
    const report = await this.#app.producer.produceSync(encodeSchedule(this.topic.name, id, at, request.message));
    return { id, at: new Date(at), partition: report.partition, offset: report.offset };
  }

  /**
   * Cancels the schedule `id`: a tombstone of the id. It takes effect when the dispatcher reads it before the
   * schedule's time; a schedule already delivered is not undone.
   */
  async cancel(id: string): Promise<void> {
    if (typeof id !== 'string' || id === '')
      throw new ScheduleArgumentError('cancel(id): id must be a non-empty string');
    await this.#app.producer.tombstone(cancelTombstone(this.topic.name, id));
  }

  /** Reads the schedules topic to its end and returns the schedules neither delivered nor cancelled, by time. */
  async pending(): Promise<PendingSchedule[]> {
    const admin = new Admin({
      kafka: this.#app.settings.kafka,
      oauthBearerProvider: this.#app.settings.oauthBearerProvider,
    });
    try {
      const info = await admin.topicInfo(this.topic.name);
      const found: PendingSchedule[] = [];
      for (const { partition } of info.partitions) {
        const { low, high } = (await admin.readWatermarkOffsets(this.topic.name, partition)) as {
          low: number;
          high: number;
        };
        if (high <= low) continue;
        const messages = await admin.readTopic(this.topic.name, partition, high - low, low);
        found.push(...foldPending(messages).map((entry) => pendingOf(entry, partition)));
      }
      return found.sort((a, b) => a.at.getTime() - b.at.getTime() || a.id.localeCompare(b.id));
    } finally {
      await admin.close();
    }
  }
}

function pendingOf(entry: ScheduleEntry, partition: number): PendingSchedule {
  return {
    id: entry.id,
    at: new Date(entry.at),
    topic: entry.topic,
    key: entry.key?.toString('utf8') ?? null,
    size: entry.payload.length,
    partition,
    offset: entry.offset,
  };
}

/** The schedules left after reading `messages` of one partition in order. */
function foldPending(messages: readonly KafkaMessage[]): ScheduleEntry[] {
  const pending = new Map<string, ScheduleEntry>();
  for (const message of messages) {
    const record = decodeSchedule(message);
    if (record.kind === 'schedule') pending.set(record.entry.id, record.entry);
    if (record.kind === 'tombstone') {
      const entry = pending.get(record.id);
      if (entry !== undefined && (record.deliveredOffset === undefined || entry.offset <= record.deliveredOffset))
        pending.delete(record.id);
    }
  }
  return [...pending.values()];
}

function checkRequest(request: ScheduleRequest): string {
  if (typeof request !== 'object' || request === null)
    throw new ScheduleArgumentError('schedule(request): request must be an object');
  const id = request.id ?? randomUUID();
  if (typeof id !== 'string' || id === '') throw new ScheduleArgumentError('schedule(): id must be a non-empty string');
  if (id.startsWith('__karafka'))
    throw new ScheduleArgumentError(`schedule(): id '${id}' is reserved (ids may not start with '__karafka')`);
  const at = request.at instanceof Date ? request.at.getTime() : request.at;
  if (typeof at !== 'number' || !Number.isSafeInteger(at) || at < 0) {
    throw new ScheduleArgumentError(
      `schedule(): at must be a valid Date or ms since the epoch (got ${String(request.at)})`,
    );
  }
  const message = request.message as ScheduledMessageInput | undefined;
  if (typeof message !== 'object' || message === null)
    throw new ScheduleArgumentError('schedule(): message must be an object');
  if (typeof message.topic !== 'string' || message.topic === '')
    throw new ScheduleArgumentError('schedule(): message.topic must be a non-empty string');
  if (typeof message.payload !== 'string' && !Buffer.isBuffer(message.payload)) {
    throw new ScheduleArgumentError(
      'schedule(): message.payload must be a string or a Buffer (a null payload cannot be scheduled: it would read as a cancel)',
    );
  }
  if (message.partition !== undefined && !(Number.isInteger(message.partition) && message.partition >= 0))
    throw new ScheduleArgumentError(
      `schedule(): message.partition must be 0 or more (got ${String(message.partition)})`,
    );
  for (const name of Object.keys(message.headers ?? {})) {
    if (name.startsWith(SCHEDULE_HEADER_PREFIX))
      throw new ScheduleArgumentError(
        `schedule(): header '${name}' is reserved (names starting with '${SCHEDULE_HEADER_PREFIX}')`,
      );
  }
  return id;
}

/**
 * Turns scheduled messages on for `app`: adds the schedules topic to its routes (its own subscription group,
 * the built-in dispatcher as consumer; `karafka topics migrate` or `karafka schedules install` creates it), so
 * every server of the app delivers schedules. Returns the API to write them. Calling it twice is refused.
 */
export function enableScheduledMessages(app: App, options: ScheduledMessagesOptions = {}): ScheduledMessages {
  if (enabled.has(app))
    throw new ScheduleArgumentError(`enableScheduledMessages(): already enabled for app '${app.settings.clientId}'`);
  const name = requireName('enableScheduledMessages', 'topic', options.topic ?? 'karafka_scheduled_messages');
  const topic: InternalTopic = {
    name,
    partitions: positiveInteger('enableScheduledMessages', 'partitions', options.partitions ?? 5),
    replicationFactor: positiveInteger('enableScheduledMessages', 'replicationFactor', options.replicationFactor ?? 1),
    configs: { 'cleanup.policy': 'compact', 'min.cleanable.dirty.ratio': '0.1', 'segment.ms': String(3_600_000) },
  };
  const batchSize = positiveInteger('enableScheduledMessages', 'batchSize', options.batchSize ?? 100);
  const consumer = ownedPartitionConsumer(
    app,
    'schedules',
    (context) => new ScheduleDispatcher(context, { batchSize }),
  );
  app.routes.draw((r) =>
    r.subscriptionGroup(name, (s) =>
      s.topic(name, {
        consumer,
        deserializer: 'raw',
        initialOffset: 'earliest',
        manualOffsetManagement: true,
        eofed: true,
        config: { partitions: topic.partitions, replicationFactor: topic.replicationFactor, configs: topic.configs },
      }),
    ),
  );
  const schedules = new ScheduledMessages(app, topic);
  enabled.set(app, schedules);
  return schedules;
}

/** The scheduled messages of `app`, when `enableScheduledMessages` was called for it. */
export function scheduledMessagesOf(app: App): ScheduledMessages | undefined {
  return enabled.get(app);
}
