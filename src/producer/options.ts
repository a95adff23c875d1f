/**
 * Producer options: what can be set, the defaults, and validation with messages that name the option, the
 * bad value and what is allowed.
 */
import { randomUUID } from 'node:crypto';
import { rdkafkaDrivers, type KafkaDrivers } from '../kafka/drivers.js';
import type { OAuthBearerProvider } from '../kafka/oauth-bearer.js';
import { withOAuthBearer } from '../kafka/oauth-bearer-drivers.js';
import type { KafkaSettings } from '../kafka/types.js';
import { Monitor } from '../instrumentation/monitor.js';
import type { ProducerMiddleware } from './types.js';

/** Options of `new Producer(...)`. Times are in milliseconds. */
export interface ProducerOptions {
  /** librdkafka producer properties; `bootstrap.servers` is required. Merged over `PRODUCER_KAFKA_DEFAULTS`. */
  readonly kafka: KafkaSettings;
  /** Identifies the producer in events and logs (default: a random UUID). */
  readonly id?: string;
  /** Where events go (default: a monitor of its own). */
  readonly monitor?: Monitor;
  /** Run on every message, in order, before validation. */
  readonly middleware?: readonly ProducerMiddleware[];
  /** Largest payload accepted, in bytes (default 1 000 012). */
  readonly maxPayloadSize?: number;
  /** How long a message waits while the client's local queue is full before it fails (default 30 000). */
  readonly queueFullTimeout?: number;
  /** How long `close()` waits for queued messages to be delivered (default 30 000). */
  readonly closeTimeout?: number;
  /** Bound of transaction calls (init, commit, abort, send offsets) and metadata look-ups (default 30 000). */
  readonly operationTimeout?: number;
  /** How long the partition count of a topic is cached for `partitionKey` (default 30 000). */
  readonly partitionCountTtl?: number;
  /** The driver family (default: librdkafka); tests of pure logic pass a fake. */
  readonly drivers?: KafkaDrivers;
  /** SASL/OAUTHBEARER token provider, used when `kafka` sets `sasl.mechanisms: 'OAUTHBEARER'`. */
  readonly oauthBearerProvider?: OAuthBearerProvider;
}

/** Options with every default applied. */
export interface ResolvedProducerOptions {
  readonly kafka: KafkaSettings;
  readonly id: string;
  readonly monitor: Monitor;
  readonly middleware: readonly ProducerMiddleware[];
  readonly maxPayloadSize: number;
  readonly queueFullTimeout: number;
  readonly closeTimeout: number;
  readonly operationTimeout: number;
  readonly partitionCountTtl: number;
  readonly drivers: KafkaDrivers;
  /** True when `kafka` has a `transactional.id`. */
  readonly transactional: boolean;
}

/**
 * librdkafka settings the producer sets unless the user does: idempotence (no duplicates or reordering on
 * retries), acknowledgement by all in-sync replicas, the Java client's key hashing (so `key` and
 * `partitionKey` place messages alike, and other Kafka clients agree), and a client-side message size limit
 * equal to the broker's default `max.message.bytes` (librdkafka's own default, 1 000 000, would refuse
 * payloads that `maxPayloadSize` accepts). A message not acknowledged within a minute (plus `linger.ms`) fails
 * (`message.timeout.ms`; librdkafka's own 5 minutes would hold `produceSync` through a whole broker outage,
 * past a consumer's `max.poll.interval.ms`).
 */
export const PRODUCER_KAFKA_DEFAULTS: KafkaSettings = {
  'enable.idempotence': true,
  acks: 'all',
  partitioner: 'murmur2_random',
  'message.max.bytes': 1_048_588,
  'message.timeout.ms': 60_000,
};

/**
 * The defaults for `kafka`. The delivery bound counts from when a message is queued, so a message waiting out
 * a long `linger.ms` still gets its minute. A transactional producer keeps librdkafka's own bound, which
 * follows `transaction.timeout.ms` (messages may not outlive their transaction).
 */
function defaultsFor(kafka: KafkaSettings): KafkaSettings {
  const { 'message.timeout.ms': timeout, ...rest } = PRODUCER_KAFKA_DEFAULTS;
  if (kafka['transactional.id'] !== undefined) return rest;
  const linger = Number(kafka['linger.ms'] ?? kafka['queue.buffering.max.ms'] ?? 0);
  return { ...rest, 'message.timeout.ms': Number(timeout) + (Number.isFinite(linger) ? linger : 0) };
}

/** Default of `maxPayloadSize`, in bytes. */
export const DEFAULT_MAX_PAYLOAD_SIZE = 1_000_012;

/** An invalid producer option; the message names it, shows the bad value and says what is allowed. */
export class ProducerOptionsError extends Error {
  /** The option that is wrong. */
  readonly option: string;

  /** @param option the option's name; @param message what is wrong */
  constructor(option: string, message: string) {
    super(message);
    this.name = 'ProducerOptionsError';
    this.option = option;
  }
}

function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'function') return 'a function';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function positiveInteger(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new ProducerOptionsError(name, `Producer option '${name}' must be a positive integer (got ${show(value)})`);
  }
  return value;
}

function kafkaSettings(value: unknown): KafkaSettings {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ProducerOptionsError(
      'kafka',
      `Producer option 'kafka' must be an object of librdkafka properties (got ${show(value)})`,
    );
  }
  for (const [key, setting] of Object.entries(value)) {
    if (typeof setting !== 'string' && typeof setting !== 'number' && typeof setting !== 'boolean') {
      throw new ProducerOptionsError(
        `kafka.${key}`,
        `Producer option 'kafka.${key}' must be a string, number or boolean (got ${show(setting)})`,
      );
    }
  }
  const settings = value as KafkaSettings;
  const servers = settings['bootstrap.servers'];
  if (typeof servers !== 'string' || servers.trim() === '') {
    throw new ProducerOptionsError(
      'kafka.bootstrap.servers',
      `Producer option 'kafka' must set 'bootstrap.servers' to 'host:port[,host:port]' (got ${show(servers)})`,
    );
  }
  return settings;
}

/** Validates `options` and applies the defaults; throws `ProducerOptionsError` naming the first bad option. */
export function resolveProducerOptions(options: ProducerOptions): ResolvedProducerOptions {
  if (typeof options !== 'object' || (options as unknown) === null) {
    throw new ProducerOptionsError('options', `Producer options must be an object (got ${show(options)})`);
  }
  const given = kafkaSettings(options.kafka);
  const kafka = { ...defaultsFor(given), ...given };
  const transactionalId = kafka['transactional.id'];
  const transactional = transactionalId !== undefined && String(transactionalId) !== '';
  if (transactional && String(kafka['enable.idempotence']) === 'false') {
    throw new ProducerOptionsError(
      'kafka.enable.idempotence',
      "Producer option 'kafka.enable.idempotence' cannot be false with a 'transactional.id': transactions need it",
    );
  }
  if (options.id !== undefined && (typeof options.id !== 'string' || options.id === '')) {
    throw new ProducerOptionsError('id', `Producer option 'id' must be a non-empty string (got ${show(options.id)})`);
  }
  if (options.monitor !== undefined && !(options.monitor instanceof Monitor)) {
    throw new ProducerOptionsError(
      'monitor',
      `Producer option 'monitor' must be a Monitor (got ${show(options.monitor)})`,
    );
  }
  const middleware = options.middleware ?? [];
  if (!Array.isArray(middleware) || middleware.some((fn) => typeof fn !== 'function')) {
    throw new ProducerOptionsError(
      'middleware',
      `Producer option 'middleware' must be an array of functions (message) => message (got ${show(middleware)})`,
    );
  }
  if (options.oauthBearerProvider !== undefined && typeof options.oauthBearerProvider !== 'function') {
    throw new ProducerOptionsError(
      'oauthBearerProvider',
      `Producer option 'oauthBearerProvider' must be a function returning { value, expiresAt, principal } (got ${show(options.oauthBearerProvider)})`,
    );
  }
  return {
    kafka,
    id: options.id ?? randomUUID(),
    monitor: options.monitor ?? new Monitor(),
    middleware,
    maxPayloadSize: positiveInteger('maxPayloadSize', options.maxPayloadSize, DEFAULT_MAX_PAYLOAD_SIZE),
    queueFullTimeout: positiveInteger('queueFullTimeout', options.queueFullTimeout, 30_000),
    closeTimeout: positiveInteger('closeTimeout', options.closeTimeout, 30_000),
    operationTimeout: positiveInteger('operationTimeout', options.operationTimeout, 30_000),
    partitionCountTtl: positiveInteger('partitionCountTtl', options.partitionCountTtl, 30_000),
    drivers: withOAuthBearer(options.drivers ?? rdkafkaDrivers, options.oauthBearerProvider),
    transactional,
  };
}
