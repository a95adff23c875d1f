/**
 * Log output for people at a terminal: pino's JSON lines turned into one readable line each by pino-pretty
 * (in this thread, written synchronously, so nothing is lost when the process exits).
 *
 * The framework's own lines (those with an `event` key) say everything in their message, so only the message
 * is shown; an error line adds its error (type, message, code, stack, cause); any other line (yours) shows its
 * fields after the message. Colours only when the terminal supports them (`NO_COLOR` turns them off).
 */
import { createRequire } from 'node:module';
import { pino } from 'pino';
import type PinoPretty from 'pino-pretty';
import type { PrettyOptions } from 'pino-pretty';

type Format = (log: Record<string, unknown>) => string;

/** Keys every pretty line shows in its head or message, whatever else is hidden. */
const HEAD_KEYS = ['level', 'time', 'pid', 'name', 'tags', 'msg'] as const;

/** pino-pretty, loaded only when pretty output is asked for (JSON output never pays for it). */
function prettyFactory(options: PrettyOptions): Format {
  const require = createRequire(import.meta.url);
  const pretty = require('pino-pretty') as typeof PinoPretty;
  return pretty.prettyFactory(options) as Format;
}

/** A pino destination that writes pretty lines to `out` (default: stdout, synchronously). */
export function prettyDestination(out: { write(text: string): unknown } = pino.destination({ dest: 1, sync: true })): {
  write(line: string): void;
} {
  const common: PrettyOptions = {
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'hostname',
    messageFormat: '{if tags}[{tags}] {end}{msg}',
  };
  const framework = prettyFactory({ ...common, hideObject: true });
  const error = prettyFactory(common);
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
      if (typeof log.event !== 'string') out.write(other(log));
      else if (log.err === undefined) out.write(framework(log));
      else out.write(error(pick(log, [...HEAD_KEYS, 'err'])));
    },
  };
}

function pick(log: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const key of keys) if (key in log) picked[key] = log[key];
  return picked;
}
