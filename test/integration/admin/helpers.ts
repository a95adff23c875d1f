/**
 * Helpers of the admin integration tests: admins and consumers closed after each test, messages with chosen
 * timestamps, and a group member that consumes and commits.
 */
import { afterEach } from 'vitest';
import { Admin } from '../../../src/admin/admin.js';
import type { ConsumerDriver } from '../../../src/kafka/consumer-driver.js';
import { rdkafkaDrivers } from '../../../src/kafka/drivers.js';
import type { KafkaMessage } from '../../../src/kafka/types.js';
import { Producer } from '../../../src/producer/producer.js';
import type { ProducerMessage } from '../../../src/producer/types.js';
import { baseSettings, consumerSettings } from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';

const closing: { close(): Promise<void> }[] = [];
const consumers: ConsumerDriver[] = [];

afterEach(async () => {
  await Promise.all(consumers.splice(0).map((c) => c.forceClose()));
  await Promise.all(closing.splice(0).map((c) => c.close()));
});

/** An admin of the test broker (closed after the test). */
export function openAdmin(): Admin {
  const admin = new Admin({ kafka: baseSettings() });
  closing.push(admin);
  return admin;
}

/** Produces `messages` in order and waits for every acknowledgement. */
export async function produce(messages: readonly ProducerMessage[]): Promise<void> {
  const producer = new Producer({ kafka: baseSettings({ 'linger.ms': 1 }) });
  try {
    await producer.produceManySync(messages);
  } finally {
    await producer.close();
  }
}

/** A subscribed member of `group` (closed after the test), once it has its partitions. */
export async function groupMember(group: string, topic: string): Promise<ConsumerDriver> {
  const consumer = rdkafkaDrivers.consumer({ settings: consumerSettings(group, { 'enable.auto.commit': false }) });
  consumers.push(consumer);
  await consumer.connect();
  consumer.subscribe([topic]);
  await waitUntil(
    async () => {
      await consumer.poll(1, 100);
      return consumer.assignment().length > 0;
    },
    { description: `a member of ${group} to be assigned ${topic}`, intervalMs: 0 },
  );
  return consumer;
}

/**
 * Joins `group`, reads `count` messages of `topic` (starting where the group's committed offsets say), commits
 * the offset after the last one of each partition and leaves. Returns what it read.
 */
export async function consumeAndCommit(group: string, topic: string, count: number): Promise<KafkaMessage[]> {
  const consumer = rdkafkaDrivers.consumer({ settings: consumerSettings(group, { 'enable.auto.commit': false }) });
  const read: KafkaMessage[] = [];
  try {
    await consumer.connect();
    consumer.subscribe([topic]);
    await waitUntil(
      async () => {
        read.push(...(await consumer.poll(count - read.length, 200)).messages);
        return read.length >= count;
      },
      { description: `${String(count)} messages of ${topic} for ${group}`, intervalMs: 0 },
    );
    const next = new Map<number, number>();
    for (const m of read) next.set(m.partition, m.offset + 1);
    await consumer.commit([...next].map(([partition, offset]) => ({ topic, partition, offset })));
  } finally {
    await consumer.close();
  }
  return read;
}
