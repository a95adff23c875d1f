import { describe, expect, it } from 'vitest';
import { AdminArgumentError, TopicNotFoundError } from '../../../src/admin/errors.js';
import { KafkaDriverError } from '../../../src/kafka/driver-error.js';
import { bootstrapServers, createTopic, produceMessages, uniqueName } from '../../support/kafka.js';
import { openAdmin, produce } from './helpers.js';

describe('Admin: topics', () => {
  it('createTopic creates a topic with its configs, ready to be written when it resolves', async () => {
    const admin = openAdmin();
    const topic = uniqueName('admin-create');

    await admin.createTopic(topic, 3, 1, { 'retention.ms': '3600000' });

    const info = await admin.topicInfo(topic);
    expect(info).toMatchObject({ name: topic, partitionCount: 3, internal: false });
    expect(info.partitions.map((p) => p.partition)).toEqual([0, 1, 2]);
    expect(info.partitions.every((p) => p.leader >= 0 && p.replicas.length === 1)).toBe(true);
    expect((await admin.describeConfigs(topic, ['retention.ms']))['retention.ms']).toMatchObject({
      value: '3600000',
      source: 'topic',
    });
    await produceMessages(topic, 1, { partition: 2 });
  });

  it('deleteTopic removes a topic: it is gone once the call resolves', async () => {
    const admin = openAdmin();
    const topic = await createTopic(uniqueName('admin-delete'));

    await admin.deleteTopic(topic);

    await expect(admin.topicInfo(topic)).rejects.toThrow(TopicNotFoundError);
    expect((await admin.clusterInfo()).topics.map((t) => t.name)).not.toContain(topic);
  });

  it('createPartitions raises the partition count, and refuses to lower it', async () => {
    const admin = openAdmin();
    const topic = await createTopic(uniqueName('admin-partitions'));

    await admin.createPartitions(topic, 4);

    expect((await admin.topicInfo(topic)).partitionCount).toBe(4);
    await expect(admin.createPartitions(topic, 2)).rejects.toThrow(AdminArgumentError);
    await expect(admin.createPartitions(topic, 2)).rejects.toThrow(/Kafka cannot remove partitions/);
  });

  it('topicInfo of a topic that does not exist is a TopicNotFoundError naming it', async () => {
    const admin = openAdmin();
    const topic = uniqueName('admin-missing');
    await expect(admin.topicInfo(topic)).rejects.toThrow(`Topic '${topic}' does not exist`);
  });

  it('clusterInfo lists the brokers and the topics with their partitions', async () => {
    const admin = openAdmin();
    const topic = await createTopic(uniqueName('admin-cluster'), 2);

    const info = await admin.clusterInfo();

    const [host, port] = bootstrapServers().split(':');
    expect(info.brokers).toContainEqual(expect.objectContaining({ host, port: Number(port) }));
    expect(info.topics.find((t) => t.name === topic)).toMatchObject({ partitionCount: 2, internal: false });
  });

  it('readWatermarkOffsets gives low and high offsets of one partition or of all of them', async () => {
    const admin = openAdmin();
    const topic = await createTopic(uniqueName('admin-watermarks'), 2);
    await produceMessages(topic, 3, { partition: 1 });

    expect(await admin.readWatermarkOffsets(topic, 1)).toEqual({ low: 0, high: 3 });
    expect(await admin.readWatermarkOffsets(topic)).toEqual({ 0: { low: 0, high: 0 }, 1: { low: 0, high: 3 } });
    await expect(admin.readWatermarkOffsets(topic, 5)).rejects.toThrow(/has no partition 5/);
  });

  it('readTopic reads from an offset, the last messages, or up to the end of a partition', async () => {
    const admin = openAdmin();
    const topic = await createTopic(uniqueName('admin-read'), 2);
    await produceMessages(topic, 10, { partition: 1, key: (i) => `k${String(i)}` });
    const payloads = (messages: readonly { value: Buffer | null }[]): (string | undefined)[] =>
      messages.map((m) => m.value?.toString());

    const fromOffset = await admin.readTopic(topic, 1, 3, 4);
    expect(fromOffset.map((m) => m.offset)).toEqual([4, 5, 6]);
    expect(payloads(fromOffset)).toEqual(['message-4', 'message-5', 'message-6']);
    expect(fromOffset[0]?.key?.toString()).toBe('k4');
    expect(payloads(await admin.readTopic(topic, 1, 2))).toEqual(['message-8', 'message-9']);
    expect((await admin.readTopic(topic, 1, 100, 7)).map((m) => m.offset)).toEqual([7, 8, 9]);
    expect(await admin.readTopic(topic, 1, 5, 10)).toEqual([]);
    expect(await admin.readTopic(topic, 0, 5)).toEqual([]);
  });

  it('readTopic reads from the first message at or after a time', async () => {
    const admin = openAdmin();
    const topic = await createTopic(uniqueName('admin-read-time'));
    const start = Date.UTC(2024, 0, 1);
    await produce(
      Array.from({ length: 6 }, (_, i) => ({ topic, payload: `t${String(i)}`, timestamp: start + i * 60_000 })),
    );

    const read = await admin.readTopic(topic, 0, 2, new Date(start + 3 * 60_000 - 1));

    expect(read.map((m) => m.value?.toString())).toEqual(['t3', 't4']);
    expect(read[0]?.timestamp).toBe(start + 3 * 60_000);
    expect(await admin.readTopic(topic, 0, 2, new Date(start + 10 * 60_000))).toEqual([]);
  });

  it('describeConfigs and alterConfigs read and change topic configs incrementally', async () => {
    const admin = openAdmin();
    const topic = await createTopic(uniqueName('admin-configs'), 1, { 'cleanup.policy': 'compact' });

    const before = await admin.describeConfigs(topic);
    expect(before['cleanup.policy']).toMatchObject({ value: 'compact', source: 'topic', isDefault: false });
    expect(before['retention.ms']).toMatchObject({ source: 'default', isDefault: true });

    await admin.alterConfigs(topic, { 'retention.ms': '86400000', 'cleanup.policy': null });

    const after = await admin.describeConfigs(topic, ['retention.ms', 'cleanup.policy', 'segment.bytes']);
    expect(after['retention.ms']).toMatchObject({ value: '86400000', source: 'topic' });
    expect(after['cleanup.policy']).toMatchObject({ value: 'delete', isDefault: true });
    expect(Object.keys(after).sort()).toEqual(['cleanup.policy', 'retention.ms', 'segment.bytes']);

    await admin.alterConfigs(topic, { 'retention.ms': '1000' }, { validateOnly: true });
    expect((await admin.describeConfigs(topic, ['retention.ms']))['retention.ms']?.value).toBe('86400000');
    const invalid = admin.alterConfigs(topic, { 'retention.ms': 'forever' });
    await expect(invalid).rejects.toThrow(KafkaDriverError);
    await expect(invalid).rejects.toThrow(/Invalid value forever for configuration retention.ms/);
    await expect(admin.describeConfigs(uniqueName('admin-no-topic'))).rejects.toThrow(/UNKNOWN_TOPIC_OR_PARTITION/);
  });
});
