import { describe, expect, it } from 'vitest';
import { MessageValidationError } from '../../../src/producer/errors.js';
import type { ProducerMessage } from '../../../src/producer/types.js';
import { createTopic, uniqueName } from '../../support/kafka.js';
import { openProducer, readPartition } from './helpers.js';

/** A message that breaks one rule, cast past the compiler as a JavaScript caller would send it. */
function bad(message: Record<string, unknown>): ProducerMessage {
  return message as unknown as ProducerMessage;
}

describe('Producer: validation before the client', () => {
  it.each([
    ['a missing topic', 'topic', { payload: 'x' }],
    ['a payload of the wrong type', 'payload', { payload: 12 }],
    ['a negative partition', 'partition', { payload: 'x', partition: -1 }],
    ['a payload over maxPayloadSize (1 000 012 bytes by default)', 'payload', { payload: Buffer.alloc(1_000_013) }],
    ['a key of the wrong type', 'key', { payload: 'x', key: 5 }],
    ['a header of the wrong type', 'headers.h', { payload: 'x', headers: { h: 1 } }],
    ['an invalid timestamp', 'timestamp', { payload: 'x', timestamp: -1 }],
  ])('rejects %s with an error naming the field, and writes nothing', async (_rule, field, fields) => {
    const topic = await createTopic(uniqueName('validation'));
    const producer = openProducer();
    const message = bad({ topic, ...fields });
    if (field === 'topic') delete (message as { topic?: string }).topic;

    for (const call of [() => producer.produceSync(message), () => producer.produceAsync(message)]) {
      const error: unknown = await call().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(MessageValidationError);
      expect((error as MessageValidationError).field).toBe(field);
    }
    await producer.produceSync({ topic, payload: 'valid' });
    expect((await readPartition(topic)).map((m) => m.value?.toString())).toEqual(['valid']);
  });

  it('delivers a payload of exactly the default maxPayloadSize (1 000 012 bytes)', async () => {
    const topic = await createTopic(uniqueName('max-payload-default'));
    const producer = openProducer();

    const report = await producer.produceSync({ topic, payload: Buffer.alloc(1_000_012, 7) });

    expect(report.offset).toBe(0);
    expect((await readPartition(topic))[0]?.value?.length).toBe(1_000_012);
  });

  it('applies a custom maxPayloadSize', async () => {
    const topic = await createTopic(uniqueName('max-payload'));
    const producer = openProducer({ maxPayloadSize: 10 });

    await expect(producer.produceSync({ topic, payload: 'x'.repeat(11) })).rejects.toThrow(
      /payload is 11 bytes, over maxPayloadSize \(10 bytes\)/,
    );
    expect((await producer.produceSync({ topic, payload: 'x'.repeat(10) })).offset).toBe(0);
  });
});

describe('Producer: middleware', () => {
  it('changes every message before validation, in order, including steps added later', async () => {
    const topic = await createTopic(uniqueName('middleware'));
    const producer = openProducer({
      middleware: [(m) => ({ ...m, headers: { ...m.headers, 'trace-id': 'abc' } })],
    });
    producer.middleware.append((m) => ({ ...m, payload: JSON.stringify({ wrapped: m.payload }) }));
    // Runs first: fills in the topic, which validation would otherwise reject.
    producer.middleware.prepend((m) => ({ ...m, topic: m.topic === 'default' ? topic : m.topic }));

    await producer.produceSync({ topic: 'default', payload: 'hi' });
    await producer.produceManySync([{ topic, payload: 'batch' }]);

    const messages = await readPartition(topic);
    expect(messages.map((m) => m.value?.toString())).toEqual(['{"wrapped":"hi"}', '{"wrapped":"batch"}']);
    expect(messages.map((m) => m.headers.find((h) => h.key === 'trace-id')?.value.toString())).toEqual(['abc', 'abc']);
  });

  it('rejects a message when a step throws: the error reaches the caller and nothing is written', async () => {
    const topic = await createTopic(uniqueName('middleware-reject'));
    const producer = openProducer({
      middleware: [
        (m) => {
          if (m.payload === 'secret') throw new Error('secrets are not produced');
          return m;
        },
      ],
    });

    await expect(producer.produceSync({ topic, payload: 'secret' })).rejects.toThrow('secrets are not produced');
    await expect(
      producer.produceManyAsync([
        { topic, payload: 'ok' },
        { topic, payload: 'secret' },
      ]),
    ).rejects.toThrow('secrets are not produced');
    await producer.produceSync({ topic, payload: 'public' });
    expect((await readPartition(topic)).map((m) => m.value?.toString())).toEqual(['public']);
  });
});
