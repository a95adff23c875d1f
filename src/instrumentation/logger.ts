/**
 * The logging interface the framework uses, and the built-in logger (pino, JSON lines on stdout).
 */
import { pino } from 'pino';
import { processContext } from './process-context.js';

/** The logging calls the framework makes (pino's signature; a pino logger fits as is). */
export interface Logger {
  error(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  info(object: object, message?: string): void;
  debug(object: object, message?: string): void;
}

/** Log levels of the built-in logger. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A log level of the built-in logger. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Output formats of the built-in logger: `auto` is pretty on a terminal (people), JSON lines otherwise (machines). */
export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;

/** An output format of the built-in logger. */
export type LogFormat = (typeof LOG_FORMATS)[number];

/** A pino logger at `level`, named after the app; lines carry the process tags (`mode:swarm`, `node:2`) once set. */
export function createLogger(name: string, level: LogLevel): Logger {
  return pino({
    name,
    level,
    base: { pid: process.pid },
    mixin: () => {
      const tags = processContext.tags;
      return tags.length === 0 ? {} : { tags };
    },
  });
}
