/**
 * The admin API over each secured way in: topics and metadata through librdkafka, topic configs through the
 * project's own protocol client (its TLS, SCRAM, PLAIN and OAUTHBEARER), group offsets through a consumer.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Admin } from '../../../src/admin/admin.js';
import { uniqueName } from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';
import { secureSettings, unsecuredJwt, type SecureWay } from './helpers.js';

const ways: SecureWay[] = [
  'SCRAM-SHA-256',
  'SCRAM-SHA-512',
  'PLAIN',
  'mTLS (PEM files)',
  'mTLS (PKCS#12 keystore)',
  'OAUTHBEARER',
];

const open: Admin[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((admin) => admin.close()));
});

function adminFor(way: SecureWay): Admin {
  const admin = new Admin({
    kafka: secureSettings(way),
    ...(way === 'OAUTHBEARER' ? { oauthBearerProvider: () => unsecuredJwt('admin-user') } : {}),
  });
  open.push(admin);
  return admin;
}

describe('admin API on the secured listeners', () => {
  it.each(ways)('creates a topic, reads cluster metadata, and reads and changes topic configs over %s', async (way) => {
    const admin = adminFor(way);
    const topic = uniqueName(`secure-admin-${way.replace(/[^a-zA-Z0-9]+/g, '-')}`);
    await admin.createTopic(topic, 2, 1, { 'retention.ms': '3600000' });
    expect((await admin.topicInfo(topic)).partitionCount).toBe(2);
    const cluster = await admin.clusterInfo();
    expect(cluster.brokers).toHaveLength(1);
    // The brokers are advertised on the listener the client came in through.
    expect(`${cluster.brokers[0]!.host}:${String(cluster.brokers[0]!.port)}`).toBe(
      String(secureSettings(way)['bootstrap.servers']),
    );
    expect(cluster.topics.map((t) => t.name)).toContain(topic);

    // The protocol client: DescribeConfigs and IncrementalAlterConfigs.
    expect((await admin.describeConfigs(topic, ['retention.ms']))['retention.ms']?.value).toBe('3600000');
    await admin.alterConfigs(topic, { 'retention.ms': '7200000', 'cleanup.policy': 'compact' });
    const configs = await admin.describeConfigs(topic, ['retention.ms', 'cleanup.policy']);
    expect(configs['retention.ms']?.value).toBe('7200000');
    expect(configs['cleanup.policy']?.value).toBe('compact');
    await admin.deleteTopic(topic);
  });

  it.each(['SCRAM-SHA-512', 'mTLS (PEM files)', 'OAUTHBEARER'] as const)(
    'moves, reads and deletes a consumer group offsets over %s',
    async (way) => {
      const admin = adminFor(way);
      const topic = uniqueName('secure-groups');
      const group = uniqueName('secure-group');
      await admin.createTopic(topic, 1, 1);
      expect(await admin.readLagsWithOffsets({ [group]: [topic] })).toEqual({
        [group]: { [topic]: { 0: { offset: -1, lag: -1 } } },
      });
      expect(await admin.seekConsumerGroup(group, { [topic]: 'earliest' })).toEqual([
        { topic, partition: 0, offset: 0 },
      ]);
      await waitUntil(
        async () => (await admin.readLagsWithOffsets({ [group]: [topic] }))[group]?.[topic]?.[0]?.offset === 0,
        { description: `the committed offset of ${group} to show` },
      );
      await admin.deleteConsumerGroup(group);
      await admin.deleteTopic(topic);
    },
  );
});
