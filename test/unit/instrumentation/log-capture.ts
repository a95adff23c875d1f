/**
 * The built-in logger writing into memory, with a logger listener on a fresh monitor: what a test publishes
 * comes back as the raw JSON lines a user would see.
 */
import { LoggerListener } from '../../../src/instrumentation/logger-listener.js';
import { type LogLevel, type Logger, createLogger } from '../../../src/instrumentation/logger.js';
import { Monitor } from '../../../src/instrumentation/monitor.js';

/** A monitor whose events are logged into `raw`. */
export interface LogCapture {
  readonly monitor: Monitor;
  readonly logger: Logger;
  /** Every line as written. */
  readonly raw: string[];
  /** Every line, parsed. */
  lines(): Record<string, unknown>[];
  /** The lines of `event`, parsed. */
  of(event: string): Record<string, unknown>[];
}

/** JSON lines in memory, written by `createLogger('shop', level)`. */
export function captureLogs(level: LogLevel = 'debug'): LogCapture {
  const raw: string[] = [];
  const logger = createLogger('shop', level, 'json', {
    write: (text: string) => raw.push(...text.split('\n').filter((line) => line !== '')),
  });
  const monitor = new Monitor();
  new LoggerListener(logger).attach(monitor);
  const lines = (): Record<string, unknown>[] => raw.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { monitor, logger, raw, lines, of: (event) => lines().filter((line) => line.event === event) };
}

/** pino's numeric levels. */
export const LEVEL = { debug: 20, info: 30, warn: 40, error: 50 } as const;
