/**
 * Turns the client library's errors into the project's `KafkaDriverError`.
 */
import { KafkaDriverError, KafkaErrorCodes } from '../driver-error.js';

interface LibraryErrorShape {
  message?: unknown;
  code?: unknown;
  isFatal?: unknown;
  isRetriable?: unknown;
  isTxnRequiresAbort?: unknown;
}

/**
 * The library's client error events arrive without their code (-1) and a lower-case description: the ones the
 * framework reacts to are recognised by that description.
 */
const CODES_BY_MESSAGE: Readonly<Record<string, number>> = {
  'broker transport failure': KafkaErrorCodes.transport,
  'all broker connections are down': KafkaErrorCodes.allBrokersDown,
  'host resolution failure': KafkaErrorCodes.resolve,
  'ssl transport failure': KafkaErrorCodes.ssl,
  'authentication failure': KafkaErrorCodes.authentication,
};

/** Wraps anything the library threw or called back with; `context` says which operation failed. */
export function toDriverError(error: unknown, context: string): KafkaDriverError {
  if (error instanceof KafkaDriverError) return error;
  const shape: LibraryErrorShape = typeof error === 'object' && error !== null ? error : {};
  const message = typeof shape.message === 'string' ? shape.message : String(error);
  const code = typeof shape.code === 'number' && shape.code !== -1 ? shape.code : (CODES_BY_MESSAGE[message] ?? -1);
  return new KafkaDriverError(`${context}: ${message}`, code, {
    retriable: shape.isRetriable === true,
    fatal: shape.isFatal === true,
    txnRequiresAbort: shape.isTxnRequiresAbort === true,
    cause: error,
  });
}

/** The numeric code of a library error, or undefined. */
export function errorCode(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as LibraryErrorShape).code;
  return typeof code === 'number' ? code : undefined;
}

/** Adapts a Node-style callback API to a promise, wrapping errors. */
export function callbackToPromise<T>(
  context: string,
  start: (done: (err: unknown, value?: T) => void) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    try {
      start((err, value) => {
        if (err !== null && err !== undefined) reject(toDriverError(err, context));
        else resolve(value as T);
      });
    } catch (error) {
      reject(toDriverError(error, context));
    }
  });
}
