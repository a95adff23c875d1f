import { describe, expect, it } from 'vitest';
import { MessageValidationError } from '../../../src/producer/errors.js';
import { validateMessage } from '../../../src/producer/message-validator.js';

const MAX = 1_000_012;

function failure(message: unknown, max = MAX): MessageValidationError {
  try {
    validateMessage(message, max);
  } catch (error) {
    if (error instanceof MessageValidationError) return error;
    throw error;
  }
  throw new Error('expected the message to be rejected');
}

describe('validateMessage', () => {
  it('accepts a full valid message', () => {
    expect(() =>
      validateMessage(
        {
          topic: 'orders.v1_x-y',
          payload: Buffer.from('x'),
          key: 'k',
          partition: 0,
          headers: { a: 'b', c: [Buffer.from('d'), 'e'] },
          timestamp: new Date(),
          label: { any: 'thing' },
        },
        MAX,
      ),
    ).not.toThrow();
    expect(() => validateMessage({ topic: 't', payload: null, partitionKey: 'p', timestamp: 0 }, MAX)).not.toThrow();
  });

  it('rejects something that is not an object', () => {
    expect(failure('hello').field).toBe('message');
    expect(failure(null).field).toBe('message');
  });

  it.each([
    ['missing', { payload: 'x' }, /topic must be a non-empty string \(got undefined\)/],
    ['empty', { topic: '', payload: 'x' }, /topic must be a non-empty string/],
    ['not a string', { topic: 5, payload: 'x' }, /topic must be a non-empty string \(got number 5\)/],
    ['illegal characters', { topic: 'a b', payload: 'x' }, /'a b' is not a legal Kafka topic name/],
    ['too long', { topic: 'x'.repeat(250), payload: 'x' }, /is not a legal Kafka topic name/],
  ])('rejects a topic that is %s, naming the topic field', (_case, message, text) => {
    const error = failure(message);
    expect(error.field).toBe('topic');
    expect(error.message).toMatch(text);
  });

  it.each([
    ['missing', { topic: 't' }, /payload must be a string, a Buffer or null \(got undefined\)/],
    ['a number', { topic: 't', payload: 42 }, /payload must be a string, a Buffer or null \(got number 42\)/],
    ['an object', { topic: 't', payload: { a: 1 } }, /\(got an object\)/],
  ])('rejects a payload that is %s, naming the payload field', (_case, message, text) => {
    const error = failure(message);
    expect(error.field).toBe('payload');
    expect(error.message).toMatch(text);
    expect(error.message).toContain("for topic 't'");
  });

  it('rejects a payload over maxPayloadSize (default 1 000 012 bytes), counting UTF-8 bytes of strings', () => {
    expect(() => validateMessage({ topic: 't', payload: Buffer.alloc(MAX) }, MAX)).not.toThrow();
    const error = failure({ topic: 't', payload: Buffer.alloc(MAX + 1) });
    expect(error.field).toBe('payload');
    expect(error.message).toContain('payload is 1000013 bytes, over maxPayloadSize (1000012 bytes)');
    // 'é' is two bytes in UTF-8: three of them are 6 bytes, over a limit of 5.
    expect(failure({ topic: 't', payload: 'ééé' }, 5).message).toContain('payload is 6 bytes');
  });

  it.each([
    ['negative', -1, /partition must be 0 or more \(got -1\)/],
    ['fractional', 1.5, /partition must be an integer/],
    ['a string', '1', /partition must be an integer \(got '1'\)/],
  ])('rejects a partition that is %s, naming the partition field', (_case, partition, text) => {
    const error = failure({ topic: 't', payload: 'x', partition });
    expect(error.field).toBe('partition');
    expect(error.message).toMatch(text);
  });

  it('rejects a key that is not a string, Buffer or null', () => {
    const error = failure({ topic: 't', payload: 'x', key: 12 });
    expect(error.field).toBe('key');
    expect(error.message).toMatch(/key must be a string, a Buffer or null/);
  });

  it('rejects an empty partitionKey, and a partitionKey combined with a partition', () => {
    expect(failure({ topic: 't', payload: 'x', partitionKey: '' }).field).toBe('partitionKey');
    const both = failure({ topic: 't', payload: 'x', partitionKey: 'a', partition: 1 });
    expect(both.field).toBe('partitionKey');
    expect(both.message).toContain('set partition or partitionKey, not both');
  });

  it('rejects headers that are not an object of string or Buffer values, naming the header', () => {
    expect(failure({ topic: 't', payload: 'x', headers: 'a=b' }).field).toBe('headers');
    expect(failure({ topic: 't', payload: 'x', headers: [] }).field).toBe('headers');
    const error = failure({ topic: 't', payload: 'x', headers: { good: 'ok', bad: 3 } });
    expect(error.field).toBe('headers.bad');
    expect(error.message).toContain("header 'bad' must be a string, a Buffer or an array of them");
    expect(failure({ topic: 't', payload: 'x', headers: { list: ['a', null] } }).field).toBe('headers.list');
  });

  it.each([
    ['negative', -5],
    ['fractional', 1.5],
    ['an invalid Date', new Date('nonsense')],
    ['a string', '2024-01-01'],
  ])('rejects a timestamp that is %s, naming the timestamp field', (_case, timestamp) => {
    const error = failure({ topic: 't', payload: 'x', timestamp });
    expect(error.field).toBe('timestamp');
    expect(error.message).toContain('timestamp must be a valid Date or milliseconds since the epoch');
  });

  it('rejects unknown fields, such as value instead of payload', () => {
    const error = failure({ topic: 't', payload: 'x', value: 'y' });
    expect(error.field).toBe('value');
    expect(error.message).toContain("unknown field 'value'");
  });
});
