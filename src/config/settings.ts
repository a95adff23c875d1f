/**
 * The app's settings: declared once as a schema with defaults, validated once, with messages that name the
 * key, the value and what is allowed.
 */
import { z } from 'zod';
import { LOG_FORMATS, LOG_LEVELS, type Logger } from '../instrumentation/logger.js';
import type { OAuthBearerProvider } from '../kafka/oauth-bearer.js';
import type { KafkaSettings } from '../kafka/types.js';
import { ConfigurationError } from './config-error.js';
import { describeIssues } from './describe-issues.js';

/** An integer in [min, max] with one message for every way to miss it. */
export function intIn(min: number, max: number): z.ZodInt {
  const error = `must be an integer from ${String(min)} to ${String(max)}`;
  return z.int({ error }).min(min, { error }).max(max, { error });
}

/** Keys the framework sets itself; setting them by hand would break offset management or routing. */
const RESERVED_KAFKA_KEYS: Readonly<Record<string, string>> = {
  'group.id': "the consumer group name sets it: use routes consumerGroup('name', ...)",
  'enable.auto.offset.store':
    'karafka-ts stores offsets itself after processing (use manualOffsetManagement to mark by hand)',
  rebalance_cb: 'karafka-ts handles rebalances itself (subscribe to rebalance.* events instead)',
  offset_commit_cb: 'karafka-ts handles commits itself (subscribe to events instead)',
};

/** librdkafka properties: string, number or boolean values, without the keys the framework owns. */
export const kafkaSettingsSchema = z
  .record(
    z.string(),
    z.union([z.string(), z.number(), z.boolean()], { error: 'must be a string, a number or a boolean' }),
  )
  .superRefine((settings, context) => {
    for (const key of Object.keys(settings)) {
      const reason = RESERVED_KAFKA_KEYS[key];
      if (reason !== undefined) {
        context.addIssue({ code: 'custom', path: [key], message: `cannot be set: ${reason}` });
      }
    }
  });

/** Pause (backoff) settings for retries. */
export const pauseSchema = z
  .strictObject({
    timeout: intIn(1, 86_400_000).default(1_000),
    maxTimeout: intIn(1, 86_400_000).default(30_000),
    withExponentialBackoff: z.boolean({ error: 'must be true or false' }).default(true),
  })
  .refine((pause) => pause.maxTimeout >= pause.timeout, {
    path: ['maxTimeout'],
    message: 'must be greater than or equal to pause.timeout',
  });

/** Swarm mode (`karafka swarm`): how many node processes, and how the supervisor watches them. Times in ms. */
export const swarmSchema = z
  .strictObject({
    /** Node processes the supervisor starts. */
    nodes: intIn(1, 1_000).default(3),
    /** A node that has not reported for this long is stopped (and restarted). */
    nodeReportTimeout: intIn(1, 86_400_000).default(60_000),
    /** How long a dead node stays down before the supervisor starts it again. */
    nodeRestartTimeout: intIn(0, 86_400_000).default(5_000),
    /** How often each node reports its health to the supervisor. */
    livenessInterval: intIn(1, 86_400_000).default(10_000),
  })
  .refine((swarm) => swarm.nodeReportTimeout > swarm.livenessInterval, {
    path: ['nodeReportTimeout'],
    message: 'must be greater than swarm.livenessInterval (a node reports once per livenessInterval)',
  });

/**
 * Transactional producers per partition (`this.transaction()` in consumers): each assigned partition gets a
 * producer of its own, whose `transactional.id` is `<idPrefix>:<consumer group>:<topic>:<partition>`.
 */
export const transactionalProducersSchema = z.strictObject({
  /**
   * First part of every `transactional.id`; the same on every process of the app (a process taking a partition
   * over fences its predecessor's producer through it), different between apps sharing a cluster.
   */
  idPrefix: z
    .string({ error: "must be a non-empty string of letters, digits, '.', '_' or '-'" })
    .regex(/^[A-Za-z0-9._-]+$/, {
      error: "must be a non-empty string of letters, digits, '.', '_' or '-' (':' separates the parts of the id)",
    }),
  /** Most producers open at once; a new one closes the one used longest ago. At least the partitions assigned. */
  maxProducers: intIn(1, 10_000).default(64),
  /** librdkafka producer properties for these producers, over `kafka` (e.g. `transaction.timeout.ms`). */
  kafka: kafkaSettingsSchema.default({}),
});

const loggerSchema = z.custom<Logger>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    ['error', 'warn', 'info', 'debug'].every((m) => typeof (value as Record<string, unknown>)[m] === 'function'),
  { error: 'must be a logger object with error, warn, info and debug methods (a pino logger works)' },
);

/** The settings schema. */
export const settingsSchema = z
  .strictObject({
    /** Name of the app; Kafka `client.id` of its clients. */
    clientId: z
      .string({ error: 'must be a non-empty string' })
      .min(1, { error: 'must be a non-empty string' })
      .default('karafka'),
    /** Consumer group of topics declared outside any consumerGroup(); defaults to `clientId`. */
    groupId: z
      .string({ error: 'must be a non-empty string' })
      .min(1, { error: 'must be a non-empty string' })
      .optional(),
    /** librdkafka properties shared by every client (routes can override per topic). */
    kafka: kafkaSettingsSchema.default({ 'bootstrap.servers': '127.0.0.1:9092' }),
    /** Number of jobs processed at the same time, across all listeners. */
    concurrency: intIn(1, 10_000).default(5),
    /** Largest batch handed to one `consume()`. */
    maxMessages: intIn(1, 100_000).default(100),
    /** Longest wait of one poll, in ms. */
    maxWaitTime: intIn(1, 600_000).default(1_000),
    /** How long a stop waits for work to finish before it turns forceful, in ms. */
    shutdownTimeout: intIn(1, 86_400_000).default(60_000),
    /** How long the forceful path waits for Kafka clients to close, in ms. */
    forcefulShutdownWait: intIn(0, 600_000).default(5_000),
    /** Exit code of a forceful shutdown (standalone and swarm nodes only). */
    forcefulExitCode: intIn(1, 255).default(2),
    /**
     * Messages fetched but not yet processed, per partition, before fetching of that partition pauses (it
     * resumes at half). Pausing makes librdkafka drop what it prefetched for the partition, so a bound of a few
     * fetches' worth avoids fetching the same data again and again.
     */
    maxBufferedMessages: intIn(1, 10_000_000).default(10_000),
    /** The same bound in payload bytes (keys and values), per partition: whichever is reached first pauses. */
    maxBufferedBytes: intIn(1_024, 4_294_967_296).default(16 * 1024 * 1024),
    /** Backoff between retries of a failing partition. */
    pause: pauseSchema.default({ timeout: 1_000, maxTimeout: 30_000, withExponentialBackoff: true }),
    /** How long a listener waits before it recreates its client after a fetch-loop error, in ms. */
    listenerResetBackoff: intIn(0, 600_000).default(1_000),
    /** A logger to use instead of the built-in pino logger. */
    logger: loggerSchema.optional(),
    /** Error classes that stop the server (gracefully) instead of being retried or dead-lettered. */
    criticalErrors: z
      .array(
        z.custom<abstract new (...args: never[]) => Error>((value) => typeof value === 'function', {
          error: 'must be a list of error classes',
        }),
        { error: 'must be a list of error classes' },
      )
      .default([]),
    /** Level of the built-in logger. */
    logLevel: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
    /** Output of the built-in logger: `auto` (pretty on a terminal, JSON lines otherwise), `json` or `pretty`. */
    logFormat: z.enum(LOG_FORMATS, { error: `must be one of ${LOG_FORMATS.join(', ')}` }).default('auto'),
    /** Swarm mode: nodes and their supervision. */
    swarm: swarmSchema.default({
      nodes: 3,
      nodeReportTimeout: 60_000,
      nodeRestartTimeout: 5_000,
      livenessInterval: 10_000,
    }),
    /** A transactional producer per partition for consumers' transactions (see docs/transactions.md). */
    transactionalProducers: transactionalProducersSchema.optional(),
    /** SASL/OAUTHBEARER: supplies (and refreshes) the tokens of every client whose `sasl.mechanisms` is OAUTHBEARER. */
    oauthBearerProvider: z
      .custom<OAuthBearerProvider>((value) => typeof value === 'function', {
        error: 'must be a function returning { value, expiresAt, principal } (or a promise of it)',
      })
      .optional(),
  })
  .refine((s) => s.shutdownTimeout > s.maxWaitTime, {
    path: ['shutdownTimeout'],
    message: 'must be greater than maxWaitTime (a stop waits at least one poll)',
  })
  .superRefine((s, context) => {
    if (s.transactionalProducers === undefined) return;
    const derived =
      'transactionalProducers gives each partition its own transactional.id (<idPrefix>:<group>:<topic>:<partition>)';
    if (s.kafka['transactional.id'] !== undefined) {
      context.addIssue({
        code: 'custom',
        path: ['kafka', 'transactional.id'],
        message: `cannot be set together with transactionalProducers: ${derived}`,
      });
    }
    const own = s.transactionalProducers.kafka;
    if (own['transactional.id'] !== undefined) {
      context.addIssue({
        code: 'custom',
        path: ['transactionalProducers', 'kafka', 'transactional.id'],
        message: `cannot be set: ${derived}`,
      });
    }
    if (String(own['enable.idempotence'] ?? s.kafka['enable.idempotence']) === 'false') {
      context.addIssue({
        code: 'custom',
        path: ['transactionalProducers', 'kafka', 'enable.idempotence'],
        message: 'cannot be false: transactions need an idempotent producer',
      });
    }
  });

/** Settings as the user writes them: every key optional. */
export type SettingsInput = z.input<typeof settingsSchema>;

/** Validated settings with defaults applied. */
export type Settings = Readonly<z.output<typeof settingsSchema>> & { readonly kafka: KafkaSettings };

function allowedKeysAt(path: readonly PropertyKey[]): readonly string[] {
  if (path.length === 1 && path[0] === 'pause') return Object.keys(pauseSchema.shape);
  if (path.length === 1 && path[0] === 'swarm') return Object.keys(swarmSchema.shape);
  if (path.length === 1 && path[0] === 'transactionalProducers') return Object.keys(transactionalProducersSchema.shape);
  return Object.keys(settingsSchema.shape);
}

/** Validates `input` once and applies defaults; throws a `ConfigurationError` listing every problem. */
export function parseSettings(input: unknown): Settings {
  const result = settingsSchema.safeParse(input ?? {});
  if (result.success) return result.data;
  const lines = describeIssues(result.error.issues, input, 'setting', allowedKeysAt);
  const key = result.error.issues[0]?.path.join('.') ?? '';
  throw new ConfigurationError(`Invalid settings:\n  - ${lines.join('\n  - ')}`, key);
}
