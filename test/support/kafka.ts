/**
 * Helpers for integration tests against the local broker: unique names, topics, producing, committed offsets.
 */
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import type { AdminDriver } from '../../src/kafka/admin-driver.js';
import { rdkafkaDrivers } from '../../src/kafka/drivers.js';
import type { ProducerDriver } from '../../src/kafka/producer-driver.js';
import type { DeliveryReport, KafkaHeader, KafkaSettings } from '../../src/kafka/types.js';
import { waitUntil } from './wait-until.js';

let counter = 0;
let admin: AdminDriver | undefined;
let producer: Promise<ProducerDriver> | undefined;

/** `host:port` of the test broker. */
export function bootstrapServers(): string {
  return inject('bootstrapServers');
}

/** Client settings every test client shares: the broker, and timeouts that suit a local single node. */
export function baseSettings(extra: KafkaSettings = {}): KafkaSettings {
  return { 'bootstrap.servers': bootstrapServers(), 'socket.timeout.ms': 10_000, ...extra };
}

/** Consumer settings for a test group: short session, start from the beginning. */
export function consumerSettings(groupId: string, extra: KafkaSettings = {}): KafkaSettings {
  return baseSettings({
    'group.id': groupId,
    'auto.offset.reset': 'earliest',
    'session.timeout.ms': 6_000,
    'heartbeat.interval.ms': 500,
    ...extra,
  });
}

/** A topic or group name no other test (or earlier run) uses. */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${String(process.pid)}-${String(counter)}-${randomBytes(3).toString('hex')}`;
}

function sharedAdmin(): AdminDriver {
  admin ??= rdkafkaDrivers.admin({ settings: baseSettings() });
  return admin;
}

function sharedProducer(): Promise<ProducerDriver> {
  producer ??= (async () => {
    const driver = rdkafkaDrivers.producer({ settings: baseSettings({ 'linger.ms': 1 }) });
    await driver.connect();
    return driver;
  })();
  return producer;
}

/** Creates a topic and waits until every partition has a leader. Returns its name. */
export async function createTopic(name: string, partitions = 1, configs?: Record<string, string>): Promise<string> {
  const client = sharedAdmin();
  await client.createTopic({ name, partitions, replicationFactor: 1, ...(configs ? { configs } : {}) }, 10_000);
  await waitUntil(
    async () => {
      const [topic] = await client.describeTopics([name], 5_000);
      return topic?.partitions.length === partitions && topic.partitions.every((p) => p.leader >= 0);
    },
    { description: `topic ${name} to have ${String(partitions)} partitions with leaders` },
  );
  return name;
}

/** What `produceMessages` sends for message `i`. */
export interface ProduceOptions {
  readonly partition?: number;
  readonly payload?: (i: number) => string | Buffer | null;
  readonly key?: (i: number) => string | null;
  readonly headers?: (i: number) => KafkaHeader[];
  /** Create time of message `i`, ms since the epoch. */
  readonly timestamp?: (i: number) => number;
}

/** Produces `count` messages (payload `message-<i>` by default) and waits for every delivery report. */
export async function produceMessages(
  topic: string,
  count: number,
  options: ProduceOptions = {},
): Promise<DeliveryReport[]> {
  const driver = await sharedProducer();
  const reports: Promise<DeliveryReport>[] = [];
  for (let i = 0; i < count; i += 1) {
    const payload = options.payload ? options.payload(i) : `message-${String(i)}`;
    const key = options.key?.(i);
    reports.push(
      driver.produce({
        topic,
        value: typeof payload === 'string' ? Buffer.from(payload) : payload,
        ...(key === undefined ? {} : { key }),
        ...(options.partition === undefined ? {} : { partition: options.partition }),
        ...(options.headers ? { headers: options.headers(i) } : {}),
        ...(options.timestamp ? { timestamp: options.timestamp(i) } : {}),
      }),
    );
  }
  return Promise.all(reports);
}

/** Committed offsets of `group` on `topic`, by partition (partitions without a commit are absent). */
export async function committedOffsets(group: string, topic: string): Promise<Map<number, number>> {
  const offsets = await sharedAdmin().groupOffsets(group, undefined, 10_000);
  const result = new Map<number, number>();
  for (const o of offsets) if (o.topic === topic && o.offset >= 0) result.set(o.partition, o.offset);
  return result;
}

/**
 * Waits until the committed offsets of `group` on `topic` equal `expected` (partition -> offset).
 * A commit acknowledged to one client can take a moment to show in another client's reads on a freshly
 * created offsets topic, so reads from another client poll until they match.
 */
export async function waitForCommittedOffsets(
  group: string,
  topic: string,
  expected: ReadonlyMap<number, number>,
  timeoutMs = 15_000,
): Promise<void> {
  let last = new Map<number, number>();
  await waitUntil(
    async () => {
      last = await committedOffsets(group, topic);
      return last.size === expected.size && [...expected].every(([p, o]) => last.get(p) === o);
    },
    {
      timeoutMs,
      description: () =>
        `group ${group} to commit ${JSON.stringify([...expected])} on ${topic} (last read: ${JSON.stringify([...last])})`,
    },
  );
}

/** Closes the clients the helpers opened (called after each test file). */
export async function closeTestClients(): Promise<void> {
  const closing: Promise<void>[] = [];
  if (producer !== undefined) closing.push(producer.then((p) => p.close(5_000)));
  if (admin !== undefined) closing.push(admin.close());
  producer = undefined;
  admin = undefined;
  await Promise.all(closing);
}
