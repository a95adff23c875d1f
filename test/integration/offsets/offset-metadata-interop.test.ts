/**
 * Offset metadata shared with other Kafka clients, byte for byte: what KafkaJS (a client written without
 * librdkafka) commits reads whole in `offsetMetadata` and in the admin API, and what karafka-ts commits reads in
 * KafkaJS exactly as marked (no trailing NUL byte, which the client library used to add and to strip).
 */
import { Kafka, logLevel } from 'kafkajs';
import { afterEach, describe, expect, it } from 'vitest';
import { Admin } from '../../../src/admin/admin.js';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import { startEmbedded, testApp } from '../../support/app.js';
import { baseSettings, bootstrapServers, createTopic, produceMessages, uniqueName } from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

function kafkajs(): Kafka {
  return new Kafka({ clientId: uniqueName('kafkajs'), brokers: [bootstrapServers()], logLevel: logLevel.NOTHING });
}

/** Commits `offset` with `metadata` for partition 0 of `topic` in `group` as a KafkaJS member of that group. */
async function commitWithKafkaJs(group: string, topic: string, offset: number, metadata: string): Promise<void> {
  const consumer = kafkajs().consumer({ groupId: group, sessionTimeout: 6_000, rebalanceTimeout: 6_000 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    let committed = false;
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        if (committed || batch.partition !== 0) return;
        await consumer.commitOffsets([{ topic, partition: 0, offset: String(offset), metadata }]);
        committed = true;
      },
    });
    await waitUntil(() => committed, { description: 'KafkaJS committed the offset with its metadata' });
  } finally {
    await consumer.disconnect();
  }
}

describe('offset metadata with other clients', () => {
  it('reads what KafkaJS committed whole and commits what KafkaJS reads exactly', async () => {
    const topic = await createTopic(uniqueName('offset-metadata-interop'));
    const group = uniqueName('offset-metadata-interop-group');
    await produceMessages(topic, 6);
    // Multi-byte characters and a last character that a NUL-stripping reader would cut.
    const foreign = 'kafkajs: ünïcödé ✓ 3';
    await commitWithKafkaJs(group, topic, 3, foreign);

    const admin = new Admin({ kafka: baseSettings() });
    closers.push(() => admin.close());
    expect(await admin.readCommittedOffsets(group, [topic])).toEqual({
      [topic]: { 0: { offset: 3, metadata: foreign } },
    });

    const seen: (string | undefined)[] = [];
    const processed: number[] = [];
    class InteropConsumer extends BaseConsumer {
      async consume(): Promise<void> {
        if (processed.length === 0) seen.push(await this.offsetMetadata);
        for (const message of this.messages) {
          this.markAsConsumed(message, `karafka ✓ ${String(message.offset)}`);
          processed.push(message.offset);
        }
      }
    }
    const app = testApp({ groupId: group });
    app.routes.draw((r) => r.topic(topic, { consumer: InteropConsumer }));
    const embedded = await startEmbedded(app);
    await waitUntil(() => processed.length === 3, { description: 'offsets 3 to 5 consumed' });
    expect(seen).toEqual([foreign]);
    expect(processed).toEqual([3, 4, 5]);
    await embedded.stop();

    const kafkaAdmin = kafkajs().admin();
    await kafkaAdmin.connect();
    closers.push(() => kafkaAdmin.disconnect());
    const [offsets] = await kafkaAdmin.fetchOffsets({ groupId: group, topics: [topic] });
    expect(offsets?.partitions).toEqual([{ partition: 0, offset: '6', metadata: 'karafka ✓ 5' }]);
    expect(await admin.readCommittedOffsets(group, [topic])).toEqual({
      [topic]: { 0: { offset: 6, metadata: 'karafka ✓ 5' } },
    });
  });
});
