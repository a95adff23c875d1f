import { describe, expect, it } from 'vitest';
import { KafkaDriverError, KafkaErrorCodes } from '../../../src/kafka/driver-error.js';
import { ProducerClosedError } from '../../../src/producer/errors.js';
import { Producer } from '../../../src/producer/producer.js';
import { baseSettings, createTopic, uniqueName } from '../../support/kafka.js';
import { openProducer, readPartition, recordEvents } from './helpers.js';

describe('Producer: lifecycle', () => {
  it('close() delivers messages still waiting in the client (linger) before disconnecting', async () => {
    const topic = await createTopic(uniqueName('close-flush'));
    // A minute of linger: nothing would be sent before close() flushes.
    const producer = new Producer({ kafka: baseSettings({ 'linger.ms': 60_000 }) });
    const events = recordEvents(producer.monitor);
    const handles = await producer.produceManyAsync(
      Array.from({ length: 20 }, (_, i) => ({ topic, payload: `m${String(i)}` })),
    );
    expect(events.filter((e) => e.name === 'message.acknowledged')).toHaveLength(0);

    await producer.close();

    expect(events.filter((e) => e.name === 'message.acknowledged')).toHaveLength(20);
    expect((await Promise.all(handles.map((h) => h.wait()))).map((r) => r.offset)).toEqual(
      Array.from({ length: 20 }, (_, i) => i),
    );
    expect(await readPartition(topic)).toHaveLength(20);
    expect(producer.status).toBe('closed');
  });

  it('close() is idempotent, and producing after it fails with a clear error', async () => {
    const topic = await createTopic(uniqueName('close-twice'));
    const producer = new Producer({ kafka: baseSettings(), id: 'closing-producer' });
    const events = recordEvents(producer.monitor);
    await producer.produceSync({ topic, payload: 'x' });

    await Promise.all([producer.close(), producer.close()]);
    await producer.close();

    expect(events.filter((e) => e.name === 'producer.closed')).toHaveLength(1);
    await expect(producer.produceSync({ topic, payload: 'late' })).rejects.toThrow(ProducerClosedError);
    await expect(producer.produceAsync({ topic, payload: 'late' })).rejects.toThrow(
      'Producer closing-producer is closed: cannot produce',
    );
    await expect(producer.produceManySync([{ topic, payload: 'late' }])).rejects.toThrow(ProducerClosedError);
    expect(await readPartition(topic)).toHaveLength(1);
  });

  it('closes a producer that never connected', async () => {
    const producer = new Producer({ kafka: baseSettings() });
    await producer.close();
    expect(producer.status).toBe('closed');
  });

  it('waits while the client queue is full, keeping the order of messages', async () => {
    const topic = await createTopic(uniqueName('queue-full-wait'));
    const producer = openProducer({}, { 'queue.buffering.max.messages': 2, 'linger.ms': 0 });

    const handles = await producer.produceManyAsync(
      Array.from({ length: 30 }, (_, i) => ({ topic, payload: String(i) })),
    );

    const reports = await Promise.all(handles.map((h) => h.wait()));
    expect(reports.map((r) => r.offset)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect((await readPartition(topic)).map((m) => m.value?.toString())).toEqual(
      Array.from({ length: 30 }, (_, i) => String(i)),
    );
  });

  it('keeps the order of produceAsync calls made without awaiting while the client queue is full', async () => {
    const topic = await createTopic(uniqueName('queue-full-concurrent'));
    const producer = openProducer({}, { 'queue.buffering.max.messages': 2, 'linger.ms': 0 });
    await producer.connect();

    const queued = Array.from({ length: 40 }, (_, i) => producer.produceAsync({ topic, payload: String(i) }));
    const handles = await Promise.all(queued);

    const reports = await Promise.all(handles.map((h) => h.wait()));
    expect(reports.map((r) => r.offset)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect((await readPartition(topic)).map((m) => m.value?.toString())).toEqual(
      Array.from({ length: 40 }, (_, i) => String(i)),
    );
  });

  it('fails a message that finds the client queue full for longer than queueFullTimeout, and reports it', async () => {
    const topic = await createTopic(uniqueName('queue-full-error'));
    // One message fills the queue, and a minute of linger keeps it there.
    const producer = openProducer(
      { queueFullTimeout: 200 },
      { 'queue.buffering.max.messages': 1, 'linger.ms': 60_000 },
    );
    const events = recordEvents(producer.monitor);
    const first = await producer.produceAsync({ topic, payload: 'first' });

    const error: unknown = await producer.produceAsync({ topic, payload: 'second' }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(KafkaDriverError);
    expect((error as KafkaDriverError).code).toBe(KafkaErrorCodes.queueFull);
    expect((error as Error).message).toContain('the local queue stayed full for 200 ms');
    expect(events.find((e) => e.name === 'error.occurred')?.payload).toMatchObject({
      type: 'producer.produce.error',
      message: { payload: 'second' },
    });
    await producer.close();
    expect((await first.wait()).offset).toBe(0);
  });

  it('has an id, given or generated, carried by every event', async () => {
    const topic = await createTopic(uniqueName('producer-id'));
    const named = openProducer({ id: 'billing-producer' });
    const events = recordEvents(named.monitor);
    await named.produceSync({ topic, payload: 'x' });

    expect(named.id).toBe('billing-producer');
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.payload.producerId === 'billing-producer')).toBe(true);
    const generated = openProducer();
    expect(generated.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(generated.id).not.toBe(openProducer().id);
  });
});
