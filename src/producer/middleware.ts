/**
 * Producer middleware: functions run on every message, in order, before validation. Each returns the message
 * (the same object or a changed copy) or throws to reject it; a rejected message is never sent.
 */
import { MessageValidationError } from './errors.js';
import type { ProducerMessage, ProducerMiddleware } from './types.js';

/** An ordered chain of middleware functions. */
export class Middleware {
  readonly #steps: ProducerMiddleware[];

  /** @param steps the initial chain, run first to last */
  constructor(steps: readonly ProducerMiddleware[] = []) {
    this.#steps = [...steps];
  }

  /** Adds `step` at the end of the chain. */
  append(step: ProducerMiddleware): void {
    this.#steps.push(step);
  }

  /** Adds `step` at the start of the chain. */
  prepend(step: ProducerMiddleware): void {
    this.#steps.unshift(step);
  }

  /** Number of steps. */
  get size(): number {
    return this.#steps.length;
  }

  /** Runs every step on `message`; throws what a step throws. */
  run(message: ProducerMessage): ProducerMessage {
    let current = message;
    this.#steps.forEach((step, index) => {
      const next: unknown = step(current);
      if (typeof next !== 'object' || next === null) {
        throw new MessageValidationError(
          'message',
          `Producer middleware #${String(index + 1)} returned ${next === null ? 'null' : typeof next}: ` +
            'return the message (changed or not), or throw to reject it',
        );
      }
      current = next as ProducerMessage;
    });
    return current;
  }
}
