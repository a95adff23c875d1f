/**
 * Options of `new Iterator(...)`: which topics and partitions to read from where, how payloads are decoded,
 * whether to stop at the end, and (optionally) a group to commit to. Validated once, with errors that name the
 * option, the bad value and what is allowed.
 */
import type { KafkaDriverError } from '../kafka/driver-error.js';
import { rdkafkaDrivers, type KafkaDrivers } from '../kafka/drivers.js';
import type { OAuthBearerProvider } from '../kafka/oauth-bearer.js';
import { withOAuthBearer } from '../kafka/oauth-bearer-drivers.js';
import type { KafkaSettings } from '../kafka/types.js';
import { type Deserializer, type DeserializerFunction, deserializerName } from '../messages/deserializers.js';
import { payloadDecoder } from '../messages/payload-decoder.js';
import { STANDARD_SCHEMA_EXPECTED, type StandardSchemaV1, isStandardSchema } from '../messages/standard-schema.js';

/**
 * Where to start reading a partition: an offset (0 or more; below the first retained offset means the first),
 * a negative number `-n` for the last `n` messages, a `Date` for the first message at or after that time,
 * `'earliest'` (the first retained message) or `'latest'` (only what is produced from now on).
 */
export type IteratorStart = number | Date | 'earliest' | 'latest';

/**
 * What to read: topic names (every partition from `'earliest'`), or per topic one start for every partition,
 * or a start per partition (`{ orders: { 0: 100, 3: -10 } }` reads only partitions 0 and 3).
 */
export type IteratorTopics =
  string | readonly string[] | Readonly<Record<string, IteratorStart | Readonly<Record<number, IteratorStart>>>>;

/** Options of `new Iterator(...)`. */
export interface IteratorOptions<P = unknown> {
  /** librdkafka properties of the cluster; `bootstrap.servers` is required. */
  readonly kafka: KafkaSettings;
  /** The topics and partitions to read, and where each starts. */
  readonly topics: IteratorTopics;
  /** How `message.payload` is decoded: 'json' (default), 'string', 'raw' or a function of the raw message. */
  readonly deserializer?: Deserializer<P>;
  /**
   * A Standard Schema (zod 4, valibot, arktype...) that checks each decoded payload, as a route's `schema` does:
   * reading `payload` throws a `PayloadValidationError` for a payload it refuses.
   */
  readonly schema?: StandardSchemaV1<unknown, P>;
  /**
   * Stop once every partition reached the end it had when the iteration started (its high watermark then;
   * default true). With false, the iteration waits for new messages until `stop()` or `break`.
   */
  readonly stopAtEnd?: boolean;
  /**
   * A consumer group to commit to with `markAsConsumed` (default: none, nothing is committed). The iterator
   * never joins the group (it reads assigned partitions): the broker accepts its commits only while the group has
   * no active members.
   */
  readonly groupId?: string;
  /** How long one poll waits for messages, in ms (default 1 000). */
  readonly maxWaitTime?: number;
  /** Most messages taken from the client per poll (default 500). */
  readonly maxMessages?: number;
  /** Bound of the metadata and offset look-ups made when the iteration starts, in ms (default 30 000). */
  readonly timeout?: number;
  /**
   * Errors the client reports outside of a call (a broker unreachable, a partition error while fetching): the
   * client retries on its own and the iteration goes on; fatal errors end the loop with the error instead.
   */
  readonly onError?: (error: KafkaDriverError) => void;
  /** The driver family (default: librdkafka). */
  readonly drivers?: KafkaDrivers;
  /** SASL/OAUTHBEARER token provider, used when `kafka` sets `sasl.mechanisms: 'OAUTHBEARER'`. */
  readonly oauthBearerProvider?: OAuthBearerProvider;
}

/** Options with defaults applied; `topics` checked but not resolved to partitions yet (that needs the cluster). */
export interface ResolvedIteratorOptions<P> {
  readonly kafka: KafkaSettings;
  readonly topics: ReadonlyMap<string, IteratorStart | ReadonlyMap<number, IteratorStart>>;
  readonly deserialize: DeserializerFunction<P>;
  readonly deserializerName: string;
  readonly stopAtEnd: boolean;
  readonly groupId: string | undefined;
  readonly maxWaitTime: number;
  readonly maxMessages: number;
  readonly timeout: number;
  readonly onError: ((error: KafkaDriverError) => void) | undefined;
  readonly drivers: KafkaDrivers;
}

/** An invalid iterator option or call; the message names it, shows the bad value and says what is allowed. */
export class IteratorOptionsError extends Error {
  /** @param message which option and what is allowed */
  constructor(message: string) {
    super(message);
    this.name = 'IteratorOptionsError';
  }
}

const show = (value: unknown): string =>
  value instanceof Date ? `Date(${String(value)})` : (JSON.stringify(value) ?? String(value));

function checkStart(where: string, start: unknown): IteratorStart {
  const valid =
    start === 'earliest' ||
    start === 'latest' ||
    (start instanceof Date && !Number.isNaN(start.getTime())) ||
    (typeof start === 'number' && Number.isSafeInteger(start));
  if (!valid) {
    throw new IteratorOptionsError(
      `Iterator option 'topics': the start of ${where} must be an offset (0 or more), a negative number -n ` +
        `(the last n messages), a Date, 'earliest' or 'latest' (got ${show(start)})`,
    );
  }
  return start;
}

function resolveTopics(topics: unknown): Map<string, IteratorStart | Map<number, IteratorStart>> {
  const result = new Map<string, IteratorStart | Map<number, IteratorStart>>();
  const checkName = (name: unknown): string => {
    if (typeof name !== 'string' || name.trim() === '') {
      throw new IteratorOptionsError(
        `Iterator option 'topics': a topic name must be a non-empty string (got ${show(name)})`,
      );
    }
    return name;
  };
  if (typeof topics === 'string' || Array.isArray(topics)) {
    for (const name of typeof topics === 'string' ? [topics] : (topics as unknown[])) {
      result.set(checkName(name), 'earliest');
    }
  } else if (typeof topics === 'object' && topics !== null) {
    for (const [name, value] of Object.entries(topics)) {
      checkName(name);
      if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
        const partitions = new Map<number, IteratorStart>();
        for (const [key, start] of Object.entries(value as Record<string, unknown>)) {
          const partition = Number(key);
          if (!Number.isInteger(partition) || partition < 0) {
            throw new IteratorOptionsError(
              `Iterator option 'topics': partitions of '${name}' must be numbers 0 or more (got ${show(key)})`,
            );
          }
          partitions.set(partition, checkStart(`${name}/${key}`, start));
        }
        if (partitions.size === 0) {
          throw new IteratorOptionsError(`Iterator option 'topics': '${name}' lists no partition`);
        }
        result.set(name, partitions);
      } else {
        result.set(name, checkStart(`'${name}'`, value));
      }
    }
  }
  if (result.size === 0) {
    throw new IteratorOptionsError(
      `Iterator option 'topics' must name at least one topic: a name, a list of names, or { topic: start } ` +
        `(got ${show(topics)})`,
    );
  }
  return result;
}

function positiveInteger(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new IteratorOptionsError(`Iterator option '${name}' must be a positive integer (got ${show(value)})`);
  }
  return value;
}

/** Validates `options` and applies defaults. */
export function resolveIteratorOptions<P>(options: IteratorOptions<P>): ResolvedIteratorOptions<P> {
  const kafka: unknown = (options as { kafka?: unknown } | undefined)?.kafka;
  if (typeof kafka !== 'object' || kafka === null || Array.isArray(kafka)) {
    throw new IteratorOptionsError(
      `Iterator option 'kafka' must be an object of librdkafka properties (got ${String(kafka)})`,
    );
  }
  const servers = (kafka as Record<string, unknown>)['bootstrap.servers'];
  if (typeof servers !== 'string' || servers.trim() === '') {
    throw new IteratorOptionsError(
      `Iterator option 'kafka' must set 'bootstrap.servers' to 'host:port[,host:port]' (got ${show(servers)})`,
    );
  }
  const deserializer: unknown = options.deserializer ?? 'json';
  if (typeof deserializer !== 'function' && !['json', 'string', 'raw'].includes(deserializer as string)) {
    throw new IteratorOptionsError(
      `Iterator option 'deserializer' must be 'json', 'string', 'raw' or a function (got ${show(deserializer)})`,
    );
  }
  const stopAtEnd: unknown = options.stopAtEnd ?? true;
  if (typeof stopAtEnd !== 'boolean') {
    throw new IteratorOptionsError(`Iterator option 'stopAtEnd' must be true or false (got ${show(stopAtEnd)})`);
  }
  const groupId: unknown = options.groupId;
  if (groupId !== undefined && (typeof groupId !== 'string' || groupId.trim() === '')) {
    throw new IteratorOptionsError(`Iterator option 'groupId' must be a non-empty string (got ${show(groupId)})`);
  }
  const provider: unknown = options.oauthBearerProvider;
  if (provider !== undefined && typeof provider !== 'function') {
    throw new IteratorOptionsError(
      `Iterator option 'oauthBearerProvider' must be a function returning { value, expiresAt, principal } (got ${typeof provider})`,
    );
  }
  const onError: unknown = options.onError;
  if (onError !== undefined && typeof onError !== 'function') {
    throw new IteratorOptionsError(`Iterator option 'onError' must be a function (got ${typeof onError})`);
  }
  const schema: unknown = options.schema;
  if (schema !== undefined && !isStandardSchema(schema)) {
    throw new IteratorOptionsError(
      `Iterator option 'schema' must be ${STANDARD_SCHEMA_EXPECTED}, got ${typeof schema}`,
    );
  }
  const decoder = deserializer as Deserializer<P>;
  return {
    kafka: kafka as KafkaSettings,
    topics: resolveTopics(options.topics),
    deserialize: payloadDecoder(decoder, options.schema),
    deserializerName: deserializerName(decoder),
    stopAtEnd,
    groupId,
    maxWaitTime: positiveInteger('maxWaitTime', options.maxWaitTime, 1_000),
    maxMessages: positiveInteger('maxMessages', options.maxMessages, 500),
    timeout: positiveInteger('timeout', options.timeout, 30_000),
    onError: options.onError,
    drivers: withOAuthBearer(options.drivers ?? rdkafkaDrivers, options.oauthBearerProvider),
  };
}
