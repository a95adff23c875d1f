/**
 * A logger bound to some fields (a consumer's `consumerGroup`, `topic` and `partition`): every line carries
 * them once. A logger with `child()` (pino) makes a child logger; any other gets the fields merged into each
 * call. Either way a call that passes a bound field again does not repeat the key: the bound value stays.
 */
import type { Logger } from './logger.js';

type Level = 'error' | 'warn' | 'info' | 'debug';

/** Calls `logger` with `bindings` left out of (child) or merged into (plain logger) each call's object. */
class BoundLogger implements Logger {
  readonly #logger: Logger;
  readonly #target: Logger;
  readonly #bindings: Readonly<Record<string, unknown>>;
  readonly #viaChild: boolean;

  constructor(logger: Logger, bindings: Readonly<Record<string, unknown>>) {
    this.#logger = logger;
    this.#bindings = bindings;
    this.#viaChild = typeof logger.child === 'function';
    this.#target = this.#viaChild ? logger.child!({ ...bindings }) : logger;
  }

  error(object: object, message?: string): void {
    this.#log('error', object, message);
  }

  warn(object: object, message?: string): void {
    this.#log('warn', object, message);
  }

  info(object: object, message?: string): void {
    this.#log('info', object, message);
  }

  debug(object: object, message?: string): void {
    this.#log('debug', object, message);
  }

  child(bindings: Record<string, unknown>): Logger {
    return new BoundLogger(this.#logger, { ...this.#bindings, ...bindings });
  }

  #log(level: Level, object: unknown, message: string | undefined): void {
    // pino also takes a message or an error as the first argument.
    if (typeof object === 'string') this.#target[level](this.#viaChild ? {} : { ...this.#bindings }, object);
    else if (object instanceof Error) this.#target[level](this.#fields({ err: object }), message ?? object.message);
    else if (typeof object === 'object' && object !== null) this.#target[level](this.#fields(object), message);
    else this.#target[level](this.#fields({}), message ?? String(object));
  }

  #fields(object: object): object {
    if (!this.#viaChild) return { ...object, ...this.#bindings };
    if (!Object.keys(this.#bindings).some((key) => key in object)) return object;
    const rest: Record<string, unknown> = { ...object };
    for (const key of Object.keys(this.#bindings)) delete rest[key];
    return rest;
  }
}

/** `logger` with `bindings` on every line it writes. */
export function bindLogger(logger: Logger, bindings: Readonly<Record<string, unknown>>): Logger {
  return new BoundLogger(logger, bindings);
}
