/**
 * Checks a message before it reaches the Kafka client, so a mistake fails at once with an error that names
 * the field, instead of as an opaque client error or a delivery failure later.
 */
import { MessageValidationError } from './errors.js';
import type { ProducerMessage } from './types.js';

/** Fields a message may have. */
const FIELDS: ReadonlySet<string> = new Set([
  'topic',
  'payload',
  'key',
  'partition',
  'partitionKey',
  'headers',
  'timestamp',
  'label',
]);

/** Kafka's limits on topic names. */
const TOPIC_NAME = /^[a-zA-Z0-9._-]+$/;
const TOPIC_MAX_LENGTH = 249;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Buffer.isBuffer(value)) return `a Buffer of ${String(value.length)} bytes`;
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return `Date ${String(value)}`;
  if (typeof value === 'string') return `'${value.length > 60 ? `${value.slice(0, 60)}...` : value}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return `${typeof value} ${String(value)}`;
  }
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function isBytes(value: unknown): value is string | Buffer {
  return typeof value === 'string' || Buffer.isBuffer(value);
}

function fail(field: string, topic: unknown, problem: string): never {
  const where = typeof topic === 'string' && topic !== '' ? ` for topic '${topic}'` : '';
  throw new MessageValidationError(field, `Invalid message${where}: ${problem}`);
}

function validateHeaders(headers: unknown, topic: unknown): void {
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers) || Buffer.isBuffer(headers)) {
    fail(
      'headers',
      topic,
      `headers must be an object of name -> string | Buffer | array of them (got ${describe(headers)})`,
    );
  }
  for (const [name, value] of Object.entries(headers)) {
    const values: unknown[] = Array.isArray(value) ? value : [value];
    if (!values.every(isBytes)) {
      fail(
        `headers.${name}`,
        topic,
        `header '${name}' must be a string, a Buffer or an array of them (got ${describe(value)})`,
      );
    }
  }
}

/**
 * Throws `MessageValidationError` for the first rule `message` breaks: an object with only known fields; a
 * legal topic name; a string, Buffer or null payload of at most `maxPayloadSize` bytes; a string, Buffer or
 * null key; a non-negative integer partition; a string partitionKey, not combined with partition; string or
 * Buffer header values; a valid Date or non-negative integer timestamp.
 */
export function validateMessage(message: unknown, maxPayloadSize: number): asserts message is ProducerMessage {
  if (typeof message !== 'object' || message === null || Array.isArray(message) || Buffer.isBuffer(message)) {
    throw new MessageValidationError('message', `Invalid message: expected an object (got ${describe(message)})`);
  }
  const m = message as Record<string, unknown>;
  const topic = m.topic;
  if (typeof topic !== 'string' || topic === '') {
    fail('topic', undefined, `topic must be a non-empty string (got ${describe(topic)})`);
  }
  if (topic.length > TOPIC_MAX_LENGTH || !TOPIC_NAME.test(topic) || topic === '.' || topic === '..') {
    fail(
      'topic',
      undefined,
      `topic '${topic}' is not a legal Kafka topic name (letters, digits, '.', '_', '-'; at most 249)`,
    );
  }
  for (const field of Object.keys(m)) {
    if (!FIELDS.has(field)) fail(field, topic, `unknown field '${field}' (allowed: ${[...FIELDS].join(', ')})`);
  }
  const payload = m.payload;
  if (payload !== null && !isBytes(payload)) {
    fail('payload', topic, `payload must be a string, a Buffer or null (got ${describe(payload)})`);
  }
  if (payload !== null) {
    const size = typeof payload === 'string' ? Buffer.byteLength(payload, 'utf8') : payload.length;
    if (size > maxPayloadSize) {
      fail('payload', topic, `payload is ${String(size)} bytes, over maxPayloadSize (${String(maxPayloadSize)} bytes)`);
    }
  }
  if (m.key !== undefined && m.key !== null && !isBytes(m.key)) {
    fail('key', topic, `key must be a string, a Buffer or null (got ${describe(m.key)})`);
  }
  const partition = m.partition;
  if (partition !== undefined) {
    if (typeof partition !== 'number' || !Number.isInteger(partition)) {
      fail('partition', topic, `partition must be an integer (got ${describe(partition)})`);
    }
    if (partition < 0) fail('partition', topic, `partition must be 0 or more (got ${String(partition)})`);
  }
  if (m.partitionKey !== undefined) {
    if (typeof m.partitionKey !== 'string' || m.partitionKey === '') {
      fail('partitionKey', topic, `partitionKey must be a non-empty string (got ${describe(m.partitionKey)})`);
    }
    if (partition !== undefined) fail('partitionKey', topic, 'set partition or partitionKey, not both');
  }
  if (m.headers !== undefined) validateHeaders(m.headers, topic);
  const timestamp = m.timestamp;
  if (timestamp !== undefined) {
    const valid =
      timestamp instanceof Date
        ? !Number.isNaN(timestamp.getTime()) && timestamp.getTime() >= 0
        : typeof timestamp === 'number' && Number.isInteger(timestamp) && timestamp >= 0;
    if (!valid) {
      fail(
        'timestamp',
        topic,
        `timestamp must be a valid Date or milliseconds since the epoch (0 or more) (got ${describe(timestamp)})`,
      );
    }
  }
}
