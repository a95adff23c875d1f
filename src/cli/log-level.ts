/**
 * The built-in logger's level from the command line. The app (and its logger) is built while its config file
 * loads, so the CLI sets `KARAFKA_LOG_LEVEL` (which the built-in logger reads, over the `logLevel` setting)
 * before loading it: `--log-level` for `server` and `swarm` (swarm nodes inherit the variable), and `silent`
 * for every other command, whose output is for people and must not mix in log lines.
 */
import { InvalidArgumentError } from 'commander';
import { LOG_LEVELS, LOG_LEVEL_VARIABLE, type LogLevel } from '../instrumentation/logger.js';

/** Commander parser of `--log-level`: one of the built-in logger's levels. */
export function parseLogLevel(value: string): LogLevel {
  const level = LOG_LEVELS.find((candidate) => candidate === value.trim().toLowerCase());
  if (level === undefined) {
    throw new InvalidArgumentError(`must be one of ${LOG_LEVELS.join(', ')}; got '${value}'`);
  }
  return level;
}

/** Makes the built-in logger of the app about to be loaded log at `level` (and the processes this one starts). */
export function useLogLevel(level: LogLevel): void {
  process.env[LOG_LEVEL_VARIABLE] = level;
}

/** Turns the built-in logger off for a command whose output is for people (`info`, `topics`, `produce`). */
export function silenceBuiltInLogger(): void {
  useLogLevel('silent');
}
