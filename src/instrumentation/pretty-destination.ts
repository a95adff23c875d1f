/**
 * Log output for people at a terminal: pino's JSON lines turned into one readable line each by pino-pretty
 * (in this thread, written synchronously, so nothing is lost when the process exits).
 *
 * The framework's own lines (those with an `event` key) say everything in their message, so only the message
 * is shown; a line with an error adds it below (stack, fields such as `code`, causes); any other line (yours) shows its
 * fields after the message. Colours only when the terminal supports them (`NO_COLOR` turns them off).
 */
import { createRequire } from 'node:module';
import { pino } from 'pino';
import type PinoPretty from 'pino-pretty';
import type { PrettyOptions } from 'pino-pretty';

type Format = (log: Record<string, unknown>) => string;

/** Fields of a serialized error that its rendering shows otherwise (or that say nothing). */
const ERROR_TEXT_FIELDS = new Set(['type', 'message', 'stack', 'cause', 'name', 'aggregateErrors', 'raw']);

/** pino-pretty, loaded only when pretty output is asked for (JSON output never pays for it). */
function prettyFactory(options: PrettyOptions): Format {
  const require = createRequire(import.meta.url);
  const pretty = require('pino-pretty') as typeof PinoPretty;
  return pretty.prettyFactory(options) as Format;
}

/** A serialized error (pino's `err`): anything with a string message. */
function isSerializedError(value: unknown): value is Record<string, unknown> & { message: string } {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string';
}

/** The error as people read it: its stack, its other fields (`code: -195`) on one line, then its causes. */
export function renderError(err: Record<string, unknown> & { message: string }, indent = '    '): string {
  const head =
    typeof err.stack === 'string' ? err.stack : `${typeof err.type === 'string' ? err.type : 'Error'}: ${err.message}`;
  let text = head
    .split('\n')
    .map((line) => `${indent}${line}\n`)
    .join('');
  const fields = Object.entries(err)
    .filter(([key, value]) => !ERROR_TEXT_FIELDS.has(key) && value !== undefined)
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}`);
  if (fields.length > 0) text += `${indent}${fields.join(', ')}\n`;
  if (Array.isArray(err.aggregateErrors)) {
    for (const inner of err.aggregateErrors) if (isSerializedError(inner)) text += renderError(inner, `${indent}  `);
  }
  if (isSerializedError(err.cause)) text += `${indent}caused by:\n${renderError(err.cause, `${indent}  `)}`;
  return text;
}

/** A pino destination that writes pretty lines to `out` (default: stdout, synchronously). */
export function prettyDestination(out: { write(text: string): unknown } = pino.destination({ dest: 1, sync: true })): {
  write(line: string): void;
} {
  const common: PrettyOptions = {
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'hostname,tags',
    messageFormat: '{if tags}[{tags}] {end}{msg}',
  };
  const framework = prettyFactory({ ...common, hideObject: true });
  const other = prettyFactory({ ...common, singleLine: true });
  return {
    write(line: string): void {
      let log: Record<string, unknown>;
      try {
        log = JSON.parse(line) as Record<string, unknown>;
      } catch {
        out.write(line);
        return;
      }
      const { err, ...rest } = log;
      const format = typeof log.event === 'string' ? framework : other;
      if (!isSerializedError(err)) out.write(format(log));
      else out.write(format(rest) + renderError(err));
    },
  };
}
