/**
 * The message `karafka produce` sends, from its arguments: checked before anything connects, with errors
 * that name the argument and what it takes.
 */
import { InvalidArgumentError } from 'commander';
import { ConfigurationError } from '../../config/config-error.js';
import type { ProducerMessage } from '../../producer/types.js';

/** How `karafka produce` checks the payload: `json` (it must parse, as the default deserializer wants) or `string`. */
export const PAYLOAD_FORMATS = ['json', 'string'] as const;

/** A payload format of `karafka produce`. */
export type PayloadFormat = (typeof PAYLOAD_FORMATS)[number];

/** The options of `karafka produce` as commander parses them. */
export interface ProduceFlags {
  /** Config file (default: ./karafka.config.{ts,mts,mjs,js}). */
  readonly config?: string;
  /** The message key. */
  readonly key?: string;
  /** Headers, by name (a name given twice has both values). */
  readonly header?: Readonly<Record<string, string | readonly string[]>>;
  /** Explicit partition. */
  readonly partition?: number;
  /** How the payload is checked (default: `payloadFormatFor`). */
  readonly format?: PayloadFormat;
}

/** Commander parser of `--header name=value`, accumulating repeated headers. */
export function collectHeader(
  value: string,
  previous: Readonly<Record<string, string | readonly string[]>> | undefined,
): Record<string, string | readonly string[]> {
  const at = value.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError(`takes name=value (a non-empty name, then =), got '${value}'`);
  const name = value.slice(0, at);
  const headerValue = value.slice(at + 1);
  const headers: Record<string, string | readonly string[]> = { ...previous };
  const earlier = headers[name];
  headers[name] =
    earlier === undefined ? headerValue : [...(typeof earlier === 'string' ? [earlier] : earlier), headerValue];
  return headers;
}

/** Commander parser of `--partition`: a partition number (0 or more). */
export function parsePartition(value: string): number {
  const partition = Number(value);
  if (value.trim() === '' || !Number.isInteger(partition) || partition < 0) {
    throw new InvalidArgumentError(`takes a partition number (0, 1, ...), got '${value}'`);
  }
  return partition;
}

/** Commander parser of `--format`. */
export function parsePayloadFormat(value: string): PayloadFormat {
  const format = PAYLOAD_FORMATS.find((candidate) => candidate === value);
  if (format === undefined) throw new InvalidArgumentError(`must be json or string, got '${value}'`);
  return format;
}

/**
 * How to check a payload for a topic whose routes use `deserializers` (their names, none when it is not
 * routed): `explicit` when given, else `json` unless every route of the topic reads something else.
 */
export function payloadFormatFor(explicit: PayloadFormat | undefined, deserializers: readonly string[]): PayloadFormat {
  if (explicit !== undefined) return explicit;
  return deserializers.length > 0 && !deserializers.includes('json') ? 'string' : 'json';
}

/**
 * The message to send `payload` to `topic` with `flags`. Throws a `ConfigurationError` when the payload
 * is not valid JSON and the format is `json` (the default: see `payloadFormatFor`), saying how to send it
 * anyway.
 */
export function produceMessage(
  topic: string,
  payload: string,
  flags: ProduceFlags,
  format: PayloadFormat = flags.format ?? 'json',
): ProducerMessage {
  if (format === 'json') {
    try {
      JSON.parse(payload);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ConfigurationError(
        `The payload is not valid JSON (${reason}), and routes deserialize payloads as JSON unless they say ` +
          `otherwise. Quote a JSON string ('"hello"'), or pass --format string to send the text as it is ` +
          `(for a route with deserializer: 'string' or another one).`,
        'payload',
      );
    }
  }
  return {
    topic,
    payload,
    ...(flags.key === undefined ? {} : { key: flags.key }),
    ...(flags.partition === undefined ? {} : { partition: flags.partition }),
    ...(flags.header === undefined ? {} : { headers: flags.header }),
  };
}
