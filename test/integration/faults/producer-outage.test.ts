/**
 * The producer while no broker answers: calls fail after the documented bound with the cause named, queued
 * messages are delivered once a broker appears (once each), and the outage is reported once, not per attempt.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { KafkaDriverError, KafkaErrorCodes } from '../../../src/kafka/driver-error.js';
import { Producer } from '../../../src/producer/producer.js';
import { bootstrapServers, createTopic, uniqueName } from '../../support/kafka.js';
import { TcpGate } from '../../support/tcp-gate.js';
import { waitUntil } from '../../support/wait-until.js';
import { readPartition, recordEvents } from '../producer/helpers.js';

const closing: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close();
});

async function producerBehindClosedGate(
  kafka: Record<string, number> = {},
): Promise<{ producer: Producer; gate: TcpGate }> {
  const gate = await TcpGate.reserve(bootstrapServers());
  const producer = new Producer({ kafka: { 'bootstrap.servers': gate.address, 'linger.ms': 1, ...kafka } });
  closing.push(
    () => gate.close(),
    () => producer.close(),
  );
  return { producer, gate };
}

describe('producer during a broker outage', () => {
  it('fails produceSync after message.timeout.ms with an error naming the bound and the refused address', async () => {
    const topic = await createTopic(uniqueName('outage-sync'));
    const { producer, gate } = await producerBehindClosedGate({ 'message.timeout.ms': 3_000 });
    const events = recordEvents(producer.monitor);

    const failure = await producer.produceSync({ topic, payload: 'lost?' }).then(
      () => undefined,
      (error: unknown) => error,
    );

    expect(failure).toBeInstanceOf(KafkaDriverError);
    expect((failure as KafkaDriverError).code).toBe(KafkaErrorCodes.messageTimedOut);
    expect((failure as Error).message).toContain('message.timeout.ms (3000 ms)');
    expect((failure as Error).message).toContain(`Connect to ipv4#${gate.address} failed: Connection refused`);
    const errors = events.filter((e) => e.name === 'error.occurred').map((e) => e.payload.type);
    expect(errors).toContain('producer.delivery.error');
    expect(errors.filter((t) => t === 'producer.client.unreachable')).toHaveLength(1);
    expect(errors.filter((t) => t === 'producer.client.error')).toEqual([]);
  });

  it('delivers what was produced during the outage once a broker answers, each message once and in order', async () => {
    const topic = await createTopic(uniqueName('outage-async'));
    const { producer, gate } = await producerBehindClosedGate();
    const events = recordEvents(producer.monitor);
    const handles = await producer.produceManyAsync(
      Array.from({ length: 10 }, (_, i) => ({ topic, payload: `m${String(i)}` })),
    );
    await waitUntil(() => events.some((e) => e.name === 'producer.client.unreachable'), {
      description: 'the outage to be reported',
    });

    await gate.open();

    const reports = await Promise.all(handles.map((h) => h.wait()));
    expect(reports.map((r) => r.offset)).toEqual(Array.from({ length: 10 }, (_, i) => i));
    const stored = await readPartition(topic);
    expect(stored.map((m) => m.value?.toString())).toEqual(Array.from({ length: 10 }, (_, i) => `m${String(i)}`));
    await waitUntil(() => events.some((e) => e.name === 'producer.client.reachable'), {
      description: 'the recovery to be reported',
    });
  });
});
