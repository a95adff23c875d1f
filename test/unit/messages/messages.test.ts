import { describe, expect, it } from 'vitest';
import type { KafkaMessage } from '../../../src/kafka/types.js';
import { Message } from '../../../src/messages/message.js';
import { Messages } from '../../../src/messages/messages.js';
import { resolveDeserializer } from '../../../src/messages/deserializers.js';

function raw(offset: number, value: string | null, extra: Partial<KafkaMessage> = {}): KafkaMessage {
  return {
    topic: 'events',
    partition: 2,
    offset,
    key: Buffer.from(`k${String(offset)}`),
    value: value === null ? null : Buffer.from(value),
    headers: [
      { key: 'a', value: Buffer.from('1') },
      { key: 'a', value: Buffer.from('2') },
    ],
    timestamp: 1_700_000_000_000,
    size: value?.length ?? 0,
    ...extra,
  };
}

describe('messages', () => {
  it('deserializes JSON lazily and once, and exposes the raw parts', () => {
    let calls = 0;
    const json = resolveDeserializer('json');
    const message = new Message(
      raw(5, '{"id":7}'),
      (m) => {
        calls += 1;
        return json(m);
      },
      'json',
    );
    expect(calls).toBe(0);
    expect(message.deserialized).toBe(false);
    expect(message.payload).toEqual({ id: 7 });
    expect(message.payload).toEqual({ id: 7 });
    expect(calls).toBe(1);
    expect(message.rawPayload?.toString()).toBe('{"id":7}');
    expect(message.key).toBe('k5');
    expect(message.headers).toEqual({ a: '2' });
    expect(message.rawHeaders).toHaveLength(2);
    expect(message.timestamp.getTime()).toBe(1_700_000_000_000);
    expect([message.topic, message.partition, message.offset]).toEqual(['events', 2, 5]);
  });

  it('names the message and the deserializer when a payload cannot be deserialized', () => {
    const message = new Message(raw(9, 'not json'), resolveDeserializer('json'), 'json');
    expect(() => message.payload).toThrow(
      /^Could not deserialize the payload of events\/2@9 with the json deserializer: /,
    );
    expect(message.rawPayload?.toString()).toBe('not json');
  });

  it('gives null for tombstones with the built-in deserializers, and raw bytes with raw', () => {
    for (const name of ['json', 'string', 'raw'] as const) {
      expect(new Message(raw(1, null), resolveDeserializer(name), name).payload).toBeNull();
    }
    expect(new Message(raw(1, null), resolveDeserializer('json')).tombstone).toBe(true);
    expect(new Message(raw(1, 'x'), resolveDeserializer('raw')).payload).toEqual(Buffer.from('x'));
    expect(new Message(raw(1, 'x'), resolveDeserializer('string')).payload).toBe('x');
  });

  it('describes a batch with its offsets and lags', () => {
    const items = [raw(3, '1'), raw(4, '2')].map((r) => new Message(r, resolveDeserializer('json')));
    const batch = new Messages(items, 'events', 2, 1_700_000_010_000);
    batch.markProcessing(1_700_000_010_500);
    expect(batch.length).toBe(2);
    expect(batch.payloads()).toEqual([1, 2]);
    expect(batch.first()?.offset).toBe(3);
    expect(batch.last()?.offset).toBe(4);
    expect(batch.metadata).toMatchObject({
      topic: 'events',
      partition: 2,
      size: 2,
      firstOffset: 3,
      lastOffset: 4,
      processingLag: 500,
      consumptionLag: 10_500,
    });
    expect(Messages.empty('events', 0).metadata).toMatchObject({ size: 0, firstOffset: -1, lastOffset: -1 });
  });
});
