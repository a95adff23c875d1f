/**
 * Helpers of the producer integration tests: producers closed after each test, a reader that reads a
 * partition to its end, and an event recorder.
 */
import { afterEach } from 'vitest';
import type { EventName } from '../../../src/instrumentation/events.js';
import type { Monitor } from '../../../src/instrumentation/monitor.js';
import { rdkafkaDrivers } from '../../../src/kafka/drivers.js';
import type { KafkaMessage, KafkaSettings } from '../../../src/kafka/types.js';
import { Producer } from '../../../src/producer/producer.js';
import type { ProducerOptions } from '../../../src/producer/options.js';
import { baseSettings, uniqueName } from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';

const open: Producer[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((p) => p.close()));
});

/** A producer on the test broker (closed after the test). */
export function openProducer(options: Partial<ProducerOptions> = {}, kafka: KafkaSettings = {}): Producer {
  const producer = new Producer({ ...options, kafka: baseSettings({ 'linger.ms': 1, ...kafka }) });
  open.push(producer);
  return producer;
}

/** Every message of one partition, read from offset 0 to the partition's end (its LSO for read_committed). */
export async function readPartition(
  topic: string,
  partition = 0,
  settings: KafkaSettings = {},
): Promise<KafkaMessage[]> {
  const consumer = rdkafkaDrivers.consumer({
    settings: baseSettings({ 'group.id': uniqueName('reader'), 'enable.partition.eof': true, ...settings }),
  });
  await consumer.connect();
  const messages: KafkaMessage[] = [];
  try {
    consumer.assign([{ topic, partition, offset: 0 }]);
    await waitUntil(
      async () => {
        const batch = await consumer.poll(500, 200);
        messages.push(...batch.messages);
        return batch.eofs.some((eof) => eof.topic === topic && eof.partition === partition);
      },
      { description: `the end of ${topic}/${String(partition)}`, intervalMs: 0 },
    );
  } finally {
    await consumer.forceClose();
  }
  return messages;
}

/** Records every event of `monitor`, in order. */
export function recordEvents(monitor: Monitor): { name: EventName; payload: Readonly<Record<string, unknown>> }[] {
  const events: { name: EventName; payload: Readonly<Record<string, unknown>> }[] = [];
  monitor.subscribeAll((name, payload) => {
    events.push({ name, payload });
  });
  return events;
}
