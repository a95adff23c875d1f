import { describe, expect, it } from 'vitest';
import { MessageValidationError, ProduceManyError } from '../../../src/producer/errors.js';
import { partitionForKey } from '../../../src/producer/murmur2.js';
import { createTopic, uniqueName } from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';
import { openProducer, readPartition, recordEvents } from './helpers.js';

describe('Producer: producing', () => {
  it('produceSync resolves with the delivery report, and the message is in Kafka as sent', async () => {
    const topic = await createTopic(uniqueName('produce-sync'));
    const producer = openProducer({ id: 'sync-producer' });
    const events = recordEvents(producer.monitor);
    const timestamp = new Date('2024-05-01T10:00:00Z');

    const report = await producer.produceSync({
      topic,
      payload: 'hello',
      key: 'user-1',
      headers: { source: 'test', tag: ['a', Buffer.from('b')] },
      timestamp,
      label: 'first',
    });

    expect(report).toMatchObject({ topic, partition: 0, offset: 0, label: 'first' });
    const [message] = await readPartition(topic);
    expect(message?.value?.toString()).toBe('hello');
    expect(message?.key?.toString()).toBe('user-1');
    expect(message?.timestamp).toBe(timestamp.getTime());
    expect(message?.headers.map((h) => [h.key, h.value.toString()])).toEqual([
      ['source', 'test'],
      ['tag', 'a'],
      ['tag', 'b'],
    ]);
    const produced = events.find((e) => e.name === 'message.produced_sync');
    expect(produced?.payload).toMatchObject({ producerId: 'sync-producer', report: { offset: 0 } });
    expect(typeof produced?.payload.time).toBe('number');
    expect(events.find((e) => e.name === 'message.acknowledged')?.payload).toMatchObject({
      producerId: 'sync-producer',
      topic,
      partition: 0,
      offset: 0,
      label: 'first',
    });
  });

  it('produceAsync resolves once queued; the delivery comes through the handle and message.acknowledged', async () => {
    const topic = await createTopic(uniqueName('produce-async'));
    const producer = openProducer();
    const events = recordEvents(producer.monitor);

    const handle = await producer.produceAsync({ topic, payload: Buffer.from([1, 2, 3]), label: { order: 7 } });

    expect(events.some((e) => e.name === 'message.produced_async')).toBe(true);
    expect(handle).toMatchObject({ topic, label: { order: 7 } });
    const report = await handle.wait();
    expect(report).toMatchObject({ topic, partition: 0, offset: 0, label: { order: 7 } });
    await waitUntil(() => events.some((e) => e.name === 'message.acknowledged'), {
      description: 'message.acknowledged',
    });
    expect(events.find((e) => e.name === 'message.acknowledged')?.payload).toMatchObject({
      offset: 0,
      label: { order: 7 },
    });
    const [message] = await readPartition(topic);
    expect(message?.value).toEqual(Buffer.from([1, 2, 3]));
  });

  it('produceManySync writes a batch in order and resolves with every report', async () => {
    const topic = await createTopic(uniqueName('produce-many-sync'));
    const producer = openProducer();
    const events = recordEvents(producer.monitor);

    const reports = await producer.produceManySync(
      Array.from({ length: 5 }, (_, i) => ({ topic, payload: `m${String(i)}` })),
    );

    expect(reports.map((r) => r.offset)).toEqual([0, 1, 2, 3, 4]);
    expect((await readPartition(topic)).map((m) => m.value?.toString())).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    const batch = events.find((e) => e.name === 'messages.produced_sync');
    expect((batch?.payload.messages as unknown[]).length).toBe(5);
    expect((batch?.payload.reports as unknown[]).length).toBe(5);
  });

  it('produceManyAsync hands a batch over in order and returns one handle per message', async () => {
    const topic = await createTopic(uniqueName('produce-many-async'));
    const producer = openProducer();
    const events = recordEvents(producer.monitor);

    const handles = await producer.produceManyAsync([
      { topic, payload: 'a' },
      { topic, payload: 'b' },
      { topic, payload: 'c' },
    ]);

    expect(events.filter((e) => e.name === 'messages.produced_async')).toHaveLength(1);
    const reports = await Promise.all(handles.map((h) => h.wait()));
    expect(reports.map((r) => r.offset)).toEqual([0, 1, 2]);
    await waitUntil(() => events.filter((e) => e.name === 'message.acknowledged').length === 3, {
      description: 'three message.acknowledged events',
    });
  });

  it('checks every message of a batch before sending any', async () => {
    const topic = await createTopic(uniqueName('produce-many-invalid'));
    const producer = openProducer();

    const batch = producer.produceManySync([
      { topic, payload: 'ok' },
      { topic, payload: 'ok too' },
      { topic, payload: 42 as unknown as string },
    ]);

    await expect(batch).rejects.toThrow(MessageValidationError);
    await expect(batch).rejects.toThrow(/messages\[2\].*payload must be a string, a Buffer or null/);
    await producer.produceSync({ topic, payload: 'after' });
    expect((await readPartition(topic)).map((m) => m.value?.toString())).toEqual(['after']);
  });

  it('tombstone writes a null payload for the key', async () => {
    const topic = await createTopic(uniqueName('tombstone'), 1, { 'cleanup.policy': 'compact' });
    const producer = openProducer();

    await producer.produceSync({ topic, payload: 'v1', key: 'user-9' });
    const report = await producer.tombstone({ topic, key: 'user-9', partition: 0 });

    expect(report.offset).toBe(1);
    const messages = await readPartition(topic);
    expect(messages[1]?.key?.toString()).toBe('user-9');
    expect(messages[1]?.value).toBeNull();
    await expect(producer.tombstone({ topic } as unknown as { topic: string; key: string })).rejects.toThrow(
      /a tombstone needs the key/,
    );
  });

  it('partitionKey places a message where the default partitioner places that key, without setting the key', async () => {
    const topic = await createTopic(uniqueName('partition-key'), 6);
    const producer = openProducer();
    const keys = Array.from({ length: 12 }, (_, i) => `customer-${String(i)}`);

    const byKey = await producer.produceManySync(keys.map((key) => ({ topic, payload: 'k', key })));
    const byPartitionKey = await producer.produceManySync(
      keys.map((partitionKey) => ({ topic, payload: 'p', partitionKey })),
    );

    expect(byPartitionKey.map((r) => r.partition)).toEqual(byKey.map((r) => r.partition));
    expect(byPartitionKey.map((r) => r.partition)).toEqual(keys.map((k) => partitionForKey(k, 6)));
    expect(new Set(byKey.map((r) => r.partition)).size).toBeGreaterThan(1);
    const { partition, offset } = byPartitionKey[0]!;
    const landed = (await readPartition(topic, partition)).find((m) => m.offset === offset);
    expect(landed?.value?.toString()).toBe('p');
    expect(landed?.key).toBeNull();
  });

  it('writes to an explicit partition', async () => {
    const topic = await createTopic(uniqueName('explicit-partition'), 3);
    const producer = openProducer();

    const report = await producer.produceSync({ topic, payload: 'x', partition: 2 });

    expect(report.partition).toBe(2);
    expect((await readPartition(topic, 2)).map((m) => m.value?.toString())).toEqual(['x']);
  });

  it('turns idempotence on by default: the client gets a producer id from the broker', async () => {
    const topic = await createTopic(uniqueName('idempotence'));
    const producer = openProducer({}, { 'statistics.interval.ms': 100 });
    let idempotence: unknown;
    producer.monitor.subscribe('statistics.emitted', ({ statistics }) => {
      idempotence = (statistics.eos as { idemp_state?: unknown } | undefined)?.idemp_state;
    });

    await producer.produceSync({ topic, payload: 'x' });

    await waitUntil(() => idempotence === 'Assigned', {
      description: () => `idempotent producer state Assigned (last: ${String(idempotence)})`,
    });
  });

  it('reports a failed delivery through the handle and error.occurred (producer.delivery.error)', async () => {
    const topic = await createTopic(uniqueName('delivery-error'), 1, { 'max.message.bytes': '1000' });
    const producer = openProducer();
    const events = recordEvents(producer.monitor);

    const handle = await producer.produceAsync({ topic, payload: Buffer.alloc(5_000), label: 'too-big' });

    await expect(handle.wait()).rejects.toThrow(/too large|MSG_SIZE_TOO_LARGE/i);
    const error = events.find((e) => e.name === 'error.occurred');
    expect(error?.payload).toMatchObject({ type: 'producer.delivery.error', message: { topic, label: 'too-big' } });
    await expect(
      producer.produceManySync([
        { topic, payload: 'fits' },
        { topic, payload: Buffer.alloc(5_000) },
      ]),
    ).rejects.toThrow(ProduceManyError);
  });
});
