import { describe, expect, it } from 'vitest';
import { KafkaDriverError } from '../../../src/kafka/driver-error.js';
import { callbackToPromise, errorCode, toDriverError } from '../../../src/kafka/rdkafka/errors.js';

describe('driver errors', () => {
  it('keeps the code and flags of a library error and says which operation failed', () => {
    const libraryError = Object.assign(new Error('Broker: Not coordinator'), {
      code: 16,
      isRetriable: true,
      isFatal: false,
    });
    const error = toDriverError(libraryError, 'Committing offsets');
    expect(error).toBeInstanceOf(KafkaDriverError);
    expect(error.message).toBe('Committing offsets: Broker: Not coordinator');
    expect(error.code).toBe(16);
    expect(error.retriable).toBe(true);
    expect(error.fatal).toBe(false);
    expect(error.cause).toBe(libraryError);
  });

  it('wraps values that are not errors', () => {
    const error = toDriverError('boom', 'Polling');
    expect(error.message).toBe('Polling: boom');
    expect(error.code).toBe(-1);
    expect(errorCode('boom')).toBeUndefined();
  });

  it('turns callback errors and synchronous throws into rejections', async () => {
    await expect(
      callbackToPromise('Seeking', (done) => done({ message: 'Local: Erroneous state', code: -172 })),
    ).rejects.toMatchObject({
      message: 'Seeking: Local: Erroneous state',
      code: -172,
    });
    await expect(
      callbackToPromise('Seeking', () => {
        throw new Error('not connected');
      }),
    ).rejects.toThrow('Seeking: not connected');
    await expect(callbackToPromise<number>('Reading', (done) => done(null, 42))).resolves.toBe(42);
  });
});
