/**
 * How an error looks in a log line: pino's `err` conventions (`type` is the class name, then `message`,
 * `stack`, every own field such as a Kafka driver error's `code`, and `cause` as an error of its own), also for
 * values thrown that are not errors (a string, an object), which pino would print as they are.
 */
import { pino } from 'pino';

/** An error as logged under `err`. */
export interface SerializedError {
  /** Class name (`KafkaDriverError`, `TypeError`), or what the thrown value was (`string`, `Object`). */
  readonly type: string;
  readonly message: string;
  readonly stack?: string;
  /** The error's cause, serialized the same way. */
  readonly cause?: SerializedError;
  /** Own fields of the error: `code`, `retriable`, ... */
  readonly [field: string]: unknown;
}

/** True for values pino treats as errors: anything with a string `message`. */
function isErrorLike(value: unknown): value is Error {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string';
}

/** What a thrown value that is not an error is: `string`, `number`, the class name of an object. */
function typeOf(value: unknown): string {
  if (typeof value !== 'object' || value === null) return value === null ? 'null' : typeof value;
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== '' ? name : 'Object';
}

/** Text of a thrown value that is not an error. */
function textOf(value: unknown): string {
  if (typeof value !== 'object' || value === null) return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** Serializes any thrown value for the `err` key of a log line (pino's `serializers.err`). */
export function serializeError(value: unknown): SerializedError {
  if (isErrorLike(value)) return pino.stdSerializers.errWithCause(value);
  return { type: typeOf(value), message: textOf(value) };
}

/** The error's message and, when it has one, its code: `Broker transport failure (code -195)`. */
export function describeError(value: unknown): string {
  if (!isErrorLike(value)) return textOf(value);
  const code = (value as { code?: unknown }).code;
  if (typeof code !== 'string' && typeof code !== 'number') return value.message;
  return code === '' ? value.message : `${value.message} (code ${String(code)})`;
}
