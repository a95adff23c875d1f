import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import type { KafkaMessage } from '../../../src/kafka/types.js';
import { DeserializationError } from '../../../src/messages/deserialization-error.js';
import { Message } from '../../../src/messages/message.js';
import { payloadDecoder } from '../../../src/messages/payload-decoder.js';
import {
  AsynchronousSchemaError,
  PayloadValidationError,
  formatIssuePath,
} from '../../../src/messages/payload-validation-error.js';
import type { StandardSchemaV1 } from '../../../src/messages/standard-schema.js';

function raw(offset: number, value: string | null): KafkaMessage {
  return {
    topic: 'orders',
    partition: 3,
    offset,
    key: null,
    value: value === null ? null : Buffer.from(value),
    headers: [],
    timestamp: 1_700_000_000_000,
    size: value?.length ?? 0,
  };
}

const Order = z.object({
  id: z.string(),
  total: z.number(),
  items: z.array(z.object({ sku: z.string(), quantity: z.int().min(1) })),
});

function messageOf(value: string | null, offset = 7): Message<z.output<typeof Order>> {
  return new Message(raw(offset, value), payloadDecoder('json', Order), 'json');
}

function errorOf(read: () => unknown): Error {
  try {
    read();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the read to throw');
}

describe('payload schemas', () => {
  it('gives the validated payload, once, with the schema applied', () => {
    let validations = 0;
    const Counted = Order.transform((order) => {
      validations += 1;
      return { ...order, count: order.items.length };
    });
    const message = new Message(
      raw(1, '{"id":"a","total":5,"items":[{"sku":"x","quantity":2}],"extra":true}'),
      payloadDecoder('json', Counted),
      'json',
    );
    expect(message.payload).toEqual({ id: 'a', total: 5, items: [{ sku: 'x', quantity: 2 }], count: 1 });
    expect(message.payload.count).toBe(1);
    expect(validations).toBe(1);
    expect(message.deserialized).toBe(true);
  });

  it('rejects an invalid payload naming the message, each field path and its problem', () => {
    const message = messageOf('{"id":"a","total":"5","items":[{"sku":"x","quantity":0},{"quantity":1}]}');
    const error = errorOf(() => message.payload);
    expect(error).toBeInstanceOf(PayloadValidationError);
    expect(error.message).toMatch(/^Invalid payload of orders\/3@7 \(the route's zod schema\): /);
    expect(error.message).toContain('total: Invalid input: expected number, received string');
    expect(error.message).toContain('items[0].quantity: Too small: expected number to be >=1');
    expect(error.message).toContain('items[1].sku: Invalid input: expected string, received undefined');
    expect((error as PayloadValidationError).issues).toHaveLength(3);
    expect(error).toMatchObject({ topic: 'orders', partition: 3, offset: 7 });
    // Not cached: read again, validated again.
    expect(() => message.payload).toThrow(PayloadValidationError);
    expect(message.deserialized).toBe(false);
  });

  it('rejects a tombstone unless the schema allows null', () => {
    expect(errorOf(() => messageOf(null).payload).message).toContain('(root): Invalid input: expected object');
    const nullable = new Message(raw(2, null), payloadDecoder('json', Order.nullable()), 'json');
    expect(nullable.payload).toBeNull();
  });

  it('validates the output of any deserializer', () => {
    const message = new Message(raw(1, 'abc'), payloadDecoder('string', z.string().min(5)), 'string');
    expect(errorOf(() => message.payload).message).toContain('(root): Too small: expected string to have >=5');
    const lengths = new Message(
      raw(1, 'abc'),
      payloadDecoder(
        'string',
        z.string().transform((s) => s.length),
      ),
    );
    expect(lengths.payload).toBe(3);
  });

  it('reports a payload the deserializer rejects as a deserialization error, before the schema runs', () => {
    const error = errorOf(() => messageOf('not json').payload);
    expect(error).toBeInstanceOf(DeserializationError);
    expect(error.message).toMatch(/^Could not deserialize the payload of orders\/3@7 with the json deserializer: /);
  });

  it('tells how to pick another deserializer when a JSON route gets something that is not JSON', () => {
    const error = errorOf(() => new Message(raw(4, 'plain text'), payloadDecoder('json', undefined), 'json').payload);
    expect(error.message).toContain(
      "if this topic's payloads are not JSON, pick another deserializer with the route's `deserializer` option: " +
        "'string' (UTF-8 text), 'raw' (the bytes as a Buffer) or a function (message) => payload",
    );
    const text = errorOf(
      () =>
        new Message(
          raw(4, 'x'),
          () => {
            throw new Error('bad');
          },
          'string',
        ).payload,
    );
    expect(text.message).not.toContain('pick another deserializer');
  });

  it('refuses a schema that answers asynchronously, with a clear error and no unhandled rejection', () => {
    const Slow = z.string().refine(async (value) => Promise.resolve(value.length > 0));
    const error = errorOf(() => new Message(raw(5, 'abc'), payloadDecoder('string', Slow), 'string').payload);
    expect(error).toBeInstanceOf(AsynchronousSchemaError);
    expect(error.message).toContain("The zod schema of topic 'orders' answered asynchronously for orders/3@5");
  });

  it('works with any Standard Schema, not only zod', () => {
    const even: StandardSchemaV1<unknown, number> = {
      '~standard': {
        version: 1,
        vendor: 'hand-made',
        validate: (value) =>
          typeof value === 'number' && value % 2 === 0
            ? { value }
            : { issues: [{ message: 'must be even', path: [{ key: 'value' }] }] },
      },
    };
    expect(new Message(raw(1, '4'), payloadDecoder('json', even)).payload).toBe(4);
    expect(errorOf(() => new Message(raw(1, '3'), payloadDecoder('json', even)).payload).message).toBe(
      "Invalid payload of orders/3@1 (the route's hand-made schema): value: must be even",
    );
  });

  it('writes field paths as code would', () => {
    expect(formatIssuePath(undefined)).toBe('(root)');
    expect(formatIssuePath([])).toBe('(root)');
    expect(formatIssuePath(['items', 0, { key: 'sku' }])).toBe('items[0].sku');
    expect(formatIssuePath(['headers', 'content-type'])).toBe('headers["content-type"]');
    expect(formatIssuePath([Symbol('s')])).toBe('[Symbol(s)]');
  });
});
