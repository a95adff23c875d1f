/**
 * Iterator options: defaults, the shapes `topics` takes, and errors that name the option, the bad value and what
 * is allowed.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { Iterator } from '../../../src/iterator/iterator.js';
import { IteratorOptionsError, resolveIteratorOptions } from '../../../src/iterator/iterator-options.js';
import type { KafkaMessage } from '../../../src/kafka/types.js';
import { PayloadValidationError } from '../../../src/messages/payload-validation-error.js';
import type { StandardSchemaV1 } from '../../../src/messages/standard-schema.js';

const kafka = { 'bootstrap.servers': '127.0.0.1:9092' };

describe('iterator options', () => {
  it('reads topic names from the first message, and keeps per-topic and per-partition starts', () => {
    const since = new Date('2026-11-30T12:00:00Z');
    expect([...resolveIteratorOptions({ kafka, topics: 'a' }).topics]).toEqual([['a', 'earliest']]);
    expect([...resolveIteratorOptions({ kafka, topics: ['a', 'b'] }).topics]).toEqual([
      ['a', 'earliest'],
      ['b', 'earliest'],
    ]);
    const resolved = resolveIteratorOptions({ kafka, topics: { a: -10, b: { 0: 5, 2: since, 3: 'latest' } } });
    expect(resolved.topics.get('a')).toBe(-10);
    expect([...(resolved.topics.get('b') as Map<number, unknown>)]).toEqual([
      [0, 5],
      [2, since],
      [3, 'latest'],
    ]);
    expect(resolved).toMatchObject({ stopAtEnd: true, groupId: undefined, maxWaitTime: 1_000, maxMessages: 500 });
    expect(resolved.deserializerName).toBe('json');
  });

  it('decodes payloads as a route does: the deserializer, then the schema', () => {
    const positive: StandardSchemaV1<unknown, number> = {
      '~standard': {
        version: 1,
        vendor: 'test',
        validate: (value) =>
          typeof value === 'number' && value > 0 ? { value } : { issues: [{ message: 'must be a positive number' }] },
      },
    };
    const { deserialize } = resolveIteratorOptions({ kafka, topics: 'a', schema: positive });
    const raw = (value: string): KafkaMessage => ({
      topic: 'a',
      partition: 0,
      offset: 0,
      key: null,
      value: Buffer.from(value),
      headers: [],
      timestamp: 0,
      size: value.length,
    });
    expect(deserialize(raw('42'))).toBe(42);
    expectTypeOf(new Iterator({ kafka, topics: 'a', schema: positive })).toEqualTypeOf<Iterator<number>>();
    expect(() => deserialize(raw('-1'))).toThrow(PayloadValidationError);
    expect(() => resolveIteratorOptions({ kafka, topics: 'a', schema: {} as never })).toThrow(
      /'schema' must be a Standard Schema/,
    );
  });

  it('refuses bad options with a message naming them', () => {
    const cases: [unknown, RegExp][] = [
      [{ topics: 'a' }, /'kafka' must be an object/],
      [{ kafka: {}, topics: 'a' }, /'kafka' must set 'bootstrap.servers'/],
      [{ kafka, topics: [] }, /'topics' must name at least one topic/],
      [{ kafka, topics: [''] }, /a topic name must be a non-empty string \(got ""\)/],
      [{ kafka, topics: { a: 1.5 } }, /the start of 'a' must be an offset .* \(got 1.5\)/],
      [{ kafka, topics: { a: new Date('nope') } }, /the start of 'a' must be/],
      [{ kafka, topics: { a: { x: 0 } } }, /partitions of 'a' must be numbers 0 or more \(got "x"\)/],
      [{ kafka, topics: { a: {} } }, /'a' lists no partition/],
      [{ kafka, topics: 'a', deserializer: 'yaml' }, /'deserializer' must be 'json', 'string', 'raw' or a function/],
      [{ kafka, topics: 'a', stopAtEnd: 'yes' }, /'stopAtEnd' must be true or false \(got "yes"\)/],
      [{ kafka, topics: 'a', groupId: '' }, /'groupId' must be a non-empty string/],
      [{ kafka, topics: 'a', maxWaitTime: 0 }, /'maxWaitTime' must be a positive integer \(got 0\)/],
      [{ kafka, topics: 'a', onError: 'log' }, /'onError' must be a function \(got string\)/],
    ];
    for (const [options, message] of cases) {
      expect(() => resolveIteratorOptions(options as never)).toThrow(IteratorOptionsError);
      expect(() => resolveIteratorOptions(options as never)).toThrow(message);
    }
  });

  it('refuses calls on partitions it does not read, and a second iteration', () => {
    const iterator = new Iterator({ kafka, topics: 'a' });
    expect(() => iterator.pause('a', 0)).toThrow(/a\/0 is not read by this iteration \(it has not started yet\)/);
    expect(() => iterator.pause('a', 0, -1)).toThrow(/timeoutMs must be 0 or more/);
    iterator[Symbol.asyncIterator]();
    expect(() => iterator[Symbol.asyncIterator]()).toThrow(/can be iterated once/);
  });
});
