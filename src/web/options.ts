/**
 * Options of the web UI's reporting (in every consumer process) and their defaults: the internal topics, how
 * often processes report, when a silent process counts as gone, how often the materialiser writes.
 */
import type { KafkaSettings } from '../kafka/types.js';
import type { WebUiOptions } from './ui/ui-options.js';

/** Names of the internal topics. */
export interface WebTopicNames {
  /** Every process's report, every `trackingInterval` (default `karafka_consumers_reports`). */
  readonly reports: string;
  /** The current state of every process, compacted (default `karafka_consumers_states`). */
  readonly states: string;
  /** Time-bucketed history for the charts, compacted (default `karafka_consumers_metrics`). */
  readonly metrics: string;
  /** Commands to processes and their results: the commands history (default `karafka_consumers_commands`). */
  readonly commands: string;
  /** Errors of every process (default `karafka_errors`). */
  readonly errors: string;
}

/** Options of `enableWeb(app, options)` (times in ms). */
export interface WebOptions {
  /** Internal topic names (each defaults as in `WebTopicNames`). */
  readonly topics?: Partial<WebTopicNames>;
  /** How often each process reports (default 5 000). */
  readonly trackingInterval?: number;
  /** A process that has not reported for this long is shown as gone (default 30 000). */
  readonly processTtl?: number;
  /** How often the materialiser writes the current state and the history (default 2 500). */
  readonly materializeInterval?: number;
  /** Consumer group of the materialiser (default `karafka_web`): one member at a time materialises. */
  readonly groupId?: string;
  /** Whether processes take commands from the UI (default true). */
  readonly commands?: boolean;
  /** Whether processes take part in materialising (default true; at least one process must). */
  readonly materialize?: boolean;
  /** Extra Kafka settings of the web's own clients, over the app's `kafka`. */
  readonly kafka?: KafkaSettings;
  /** Replication factor of the internal topics `karafka web install` creates (default: up to 3, the brokers). */
  readonly replicationFactor?: number;
  /** Options of the UI `karafka web` serves (auth, read-only, base path...). */
  readonly ui?: WebUiOptions;
}

/** Options with defaults applied. */
export interface ResolvedWebOptions {
  readonly topics: WebTopicNames;
  readonly trackingInterval: number;
  readonly processTtl: number;
  readonly materializeInterval: number;
  readonly groupId: string;
  readonly commands: boolean;
  readonly materialize: boolean;
  readonly kafka: KafkaSettings;
  readonly replicationFactor: number | undefined;
  readonly ui: WebUiOptions;
}

/** The default internal topic names. */
export const DEFAULT_WEB_TOPICS: WebTopicNames = {
  reports: 'karafka_consumers_reports',
  states: 'karafka_consumers_states',
  metrics: 'karafka_consumers_metrics',
  commands: 'karafka_consumers_commands',
  errors: 'karafka_errors',
};

/** An invalid web option: the message names it, the bad value and what is allowed. */
export class WebOptionsError extends Error {
  /** @param message which option and what is allowed */
  constructor(message: string) {
    super(message);
    this.name = 'WebOptionsError';
  }
}

function show(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : (JSON.stringify(value) ?? String(value));
}

function positiveInt(name: string, value: unknown, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new WebOptionsError(`web option ${name} must be an integer of at least ${String(min)} (got ${show(value)})`);
  }
  return value;
}

function flag(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean')
    throw new WebOptionsError(`web option ${name} must be true or false (got ${show(value)})`);
  return value;
}

const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

function topicNames(value: unknown): WebTopicNames {
  if (value === undefined) return DEFAULT_WEB_TOPICS;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new WebOptionsError(`web option topics must be an object of topic names (got ${show(value)})`);
  }
  const names: Record<string, string> = { ...DEFAULT_WEB_TOPICS };
  for (const [key, name] of Object.entries(value as Record<string, unknown>)) {
    if (!(key in DEFAULT_WEB_TOPICS)) {
      throw new WebOptionsError(
        `web option topics.${key} is unknown: the topics are ${Object.keys(DEFAULT_WEB_TOPICS).join(', ')}`,
      );
    }
    if (typeof name !== 'string' || !TOPIC_NAME.test(name)) {
      throw new WebOptionsError(
        `web option topics.${key} must be a Kafka topic name (letters, digits, '.', '_', '-'; got ${show(name)})`,
      );
    }
    names[key] = name;
  }
  const resolved = names as unknown as WebTopicNames;
  const unique = new Set(Object.values(resolved));
  if (unique.size !== Object.keys(resolved).length) {
    throw new WebOptionsError(`web option topics: every internal topic needs a name of its own`);
  }
  return resolved;
}

/** Validates `options` and applies the defaults. */
export function resolveWebOptions(options: WebOptions = {}): ResolvedWebOptions {
  if (typeof options !== 'object' || (options as unknown) === null) {
    throw new WebOptionsError(`web options must be an object (got ${show(options)})`);
  }
  const known = new Set([
    'topics',
    'trackingInterval',
    'processTtl',
    'materializeInterval',
    'groupId',
    'commands',
    'materialize',
    'kafka',
    'replicationFactor',
    'ui',
  ]);
  for (const key of Object.keys(options)) {
    if (!known.has(key))
      throw new WebOptionsError(`web option ${key} is unknown: the options are ${[...known].join(', ')}`);
  }
  const trackingInterval = positiveInt('trackingInterval', options.trackingInterval, 5_000, 100);
  const processTtl = positiveInt('processTtl', options.processTtl, 30_000, 100);
  if (processTtl <= trackingInterval) {
    throw new WebOptionsError(
      `web option processTtl (${String(processTtl)} ms) must be longer than trackingInterval (${String(trackingInterval)} ms): ` +
        `otherwise running processes show as gone between two reports`,
    );
  }
  if (options.groupId !== undefined && (typeof options.groupId !== 'string' || options.groupId === '')) {
    throw new WebOptionsError(`web option groupId must be a non-empty string (got ${show(options.groupId)})`);
  }
  if (options.kafka !== undefined && (typeof options.kafka !== 'object' || options.kafka === null)) {
    throw new WebOptionsError(`web option kafka must be an object of librdkafka settings (got ${show(options.kafka)})`);
  }
  return {
    topics: topicNames(options.topics),
    trackingInterval,
    processTtl,
    materializeInterval: positiveInt('materializeInterval', options.materializeInterval, 2_500, 100),
    groupId: options.groupId ?? 'karafka_web',
    commands: flag('commands', options.commands, true),
    materialize: flag('materialize', options.materialize, true),
    kafka: options.kafka ?? {},
    replicationFactor:
      options.replicationFactor === undefined
        ? undefined
        : positiveInt('replicationFactor', options.replicationFactor, 1),
    ui: options.ui ?? {},
  };
}
