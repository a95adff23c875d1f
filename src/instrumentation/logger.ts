/**
 * The logging interface the framework uses, and the built-in logger (pino): JSON lines on stdout for machines,
 * pretty lines for people at a terminal.
 */
import { pino } from 'pino';
import { serializeError } from './error-serializer.js';
import { prettyDestination } from './pretty-destination.js';
import { processContext } from './process-context.js';

/** The logging calls the framework makes (pino's signature; a pino logger fits as is). */
export interface Logger {
  error(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  info(object: object, message?: string): void;
  debug(object: object, message?: string): void;
  /** A logger whose every line carries `bindings` (pino's child loggers); optional. */
  child?(bindings: Record<string, unknown>): Logger;
}

/** Log levels of the built-in logger. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A log level of the built-in logger. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Output formats of the built-in logger: `auto` is pretty on a terminal (people), JSON lines otherwise (machines). */
export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;

/** An output format of the built-in logger. */
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Environment variable that overrides the `logLevel` setting of the built-in logger. */
export const LOG_LEVEL_VARIABLE = 'KARAFKA_LOG_LEVEL';

/** Environment variable that overrides the `logFormat` setting of the built-in logger. */
export const LOG_FORMAT_VARIABLE = 'KARAFKA_LOG_FORMAT';

function fromEnvironment<T extends string>(
  variable: string,
  allowed: readonly T[],
  setting: T,
  env: NodeJS.ProcessEnv,
): T {
  const value = env[variable]?.trim();
  if (value === undefined || value === '') return setting;
  const found = allowed.find((candidate) => candidate === value.toLowerCase());
  if (found === undefined) {
    throw new RangeError(`${variable} must be one of ${allowed.join(', ')}; got '${value}'`);
  }
  return found;
}

/** The level of the built-in logger: `KARAFKA_LOG_LEVEL` when set, else the `logLevel` setting. */
export function effectiveLogLevel(setting: LogLevel, env: NodeJS.ProcessEnv = process.env): LogLevel {
  return fromEnvironment(LOG_LEVEL_VARIABLE, LOG_LEVELS, setting, env);
}

/** The format of the built-in logger: `KARAFKA_LOG_FORMAT` when set, else the `logFormat` setting. */
export function effectiveLogFormat(setting: LogFormat, env: NodeJS.ProcessEnv = process.env): LogFormat {
  return fromEnvironment(LOG_FORMAT_VARIABLE, LOG_FORMATS, setting, env);
}

/** True when `format` means pretty lines here: `pretty`, or `auto` with stdout a terminal. */
export function isPretty(format: LogFormat, stdoutIsTerminal = process.stdout.isTTY === true): boolean {
  return format === 'pretty' || (format === 'auto' && stdoutIsTerminal);
}

/** Where the built-in logger writes (default: stdout). */
export interface LogDestination {
  write(text: string): unknown;
}

/**
 * A pino logger at `level`, named after the app, writing to `destination` (default stdout): JSON lines, or
 * pretty lines when `format` says so (`auto`: when stdout is a terminal). Lines carry the process tags
 * (`mode:swarm`, `node:2`) once set; errors under `err` are logged with their type, message, code, stack and
 * cause.
 */
export function createLogger(
  name: string,
  level: LogLevel,
  format: LogFormat = 'auto',
  destination?: LogDestination,
): Logger {
  const options: pino.LoggerOptions = {
    name,
    level,
    base: { pid: process.pid },
    serializers: { err: serializeError },
    mixin: () => {
      const tags = processContext.tags;
      return tags.length === 0 ? {} : { tags };
    },
  };
  if (isPretty(format)) return pino(options, prettyDestination(destination));
  return destination === undefined ? pino(options) : pino(options, destination);
}
