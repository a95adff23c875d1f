/**
 * Logs what the framework does, like Karafka's logger listener: the lifecycle, the work batch by batch
 * (consume jobs, retries, pauses, resumes, seeks, dead letter dispatches), rebalances, swarm supervision, and
 * every error with its type (`log-lines.ts` has the catalogue of lines).
 *
 * Each line has a message for people and every value as its own key for machines, and no key twice: payload
 * fields named like a key the logger writes itself get another name (`time` -> `durationMs`, a node's `pid`
 * -> `nodePid`, ...). Errors go under `err` as the error itself, for the logger's error serializer.
 */
import { describeError } from './error-serializer.js';
import type { DeliveredPayload, EventName } from './events.js';
import { type Fields, LOG_LINES, milliseconds, partitionName, text } from './log-lines.js';
import type { Logger } from './logger.js';
import type { Monitor } from './monitor.js';

/** Keys pino (and the built-in logger) writes on every line, plus the two the listener adds. */
const LOGGER_KEYS = ['level', 'time', 'pid', 'hostname', 'name', 'msg', 'tags', 'event', 'err'] as const;

/** What a payload field with a logger key is called in the line instead. */
const RENAMED: Readonly<Record<string, string>> = {
  time: 'durationMs',
  pid: 'nodePid',
  event: 'sourceEvent',
};

/** Payload fields that never reach a log line (bulky, or not serializable). */
const DROPPED = new Set(['statistics', 'caller']);

/** Subscribes a logger to a monitor. */
export class LoggerListener {
  readonly #logger: Logger;
  readonly #reserved: ReadonlySet<string>;

  /** @param logger where lines go (a pino logger's own bindings count as taken keys too) */
  constructor(logger: Logger) {
    this.#logger = logger;
    this.#reserved = new Set([...LOGGER_KEYS, ...bindingKeys(logger)]);
  }

  /** Subscribes to `monitor`; returns the unsubscribe function. */
  attach(monitor: Monitor): () => void {
    return monitor.subscribeAll((event, payload) => this.#log(event, payload));
  }

  #log(event: EventName, payload: Fields): void {
    if (event === 'error.occurred') {
      this.#logError(payload as DeliveredPayload<'error.occurred'>);
      return;
    }
    const line = LOG_LINES[event];
    if (line === undefined) return;
    const level = typeof line.level === 'function' ? line.level(payload) : line.level;
    if (!this.#enabled(level)) return;
    // A payload without the fields a message needs (an event published by hand) still gets its line.
    let fields: Fields = payload;
    let message: string = event;
    try {
      fields = line.fields?.(payload) ?? payload;
      message = line.message?.(payload) ?? event;
    } catch {
      // the payload as it is, under the event's name
    }
    this.#logger[level]({ event, ...this.#keys(fields) }, message);
  }

  #logError(payload: DeliveredPayload<'error.occurred'>): void {
    const { error, type, ...context } = payload;
    const keys = this.#keys(context);
    this.#logger.error({ event: 'error.occurred', type, ...keys, err: error }, errorMessage(type, context, error));
  }

  /** False when the logger says it drops `level` (pino's `isLevelEnabled`): the line is not even built. */
  #enabled(level: string): boolean {
    const check = (this.#logger as { isLevelEnabled?: (level: string) => boolean }).isLevelEnabled;
    return typeof check !== 'function' || check.call(this.#logger, level);
  }

  /** The payload as line keys: bulky fields dropped, partitions as `topic/partition`, taken keys renamed. */
  #keys(payload: Fields): Record<string, unknown> {
    const keys: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(payload)) {
      if (DROPPED.has(field) || value === undefined) continue;
      const key = this.#reserved.has(field) ? renamed(field, this.#reserved) : field;
      if (field === 'time' && typeof value === 'number') keys[key] = Math.round(value * 1000) / 1000;
      else if (field === 'partitions' && Array.isArray(value)) keys[key] = value.map((p: Fields) => partitionName(p));
      else keys[key] = value;
    }
    return keys;
  }
}

/** Keys a logger binds to every line itself (pino's `bindings()`: its name, a child's fields). */
function bindingKeys(logger: Logger): string[] {
  const bindings = (logger as { bindings?: () => unknown }).bindings;
  if (typeof bindings !== 'function') return [];
  try {
    const bound: unknown = bindings.call(logger);
    return typeof bound === 'object' && bound !== null ? Object.keys(bound) : [];
  } catch {
    return [];
  }
}

/** `time` -> `durationMs`, `name` -> `payloadName`, never a key that is taken too. */
function renamed(field: string, reserved: ReadonlySet<string>): string {
  let key = RENAMED[field] ?? `payload${field[0]!.toUpperCase()}${field.slice(1)}`;
  while (reserved.has(key)) key = `payload${key[0]!.toUpperCase()}${key.slice(1)}`;
  return key;
}

/** `consumer.consume.error on orders/0 (offsets 5-7): boom`. */
function errorMessage(type: string, context: Fields, error: unknown): string {
  let where = '';
  if (context.topic !== undefined && context.partition !== undefined) {
    where = ` on ${partitionName(context)}`;
    if (typeof context.offset === 'number') where += ` at offset ${text(context.offset)}`;
  } else if (context.listenerId !== undefined) {
    where = ` in listener ${text(context.listenerId)}`;
  } else if (context.nodeNumber !== undefined) {
    where = ` of node ${text(context.nodeNumber)}`;
  }
  const repeated =
    typeof context.repeated === 'number' && context.repeated > 0
      ? ` (and ${text(context.repeated)} more like it in the last ${milliseconds(context.intervalMs)})`
      : '';
  return `${type}${where}: ${describeError(error)}${repeated}`;
}
