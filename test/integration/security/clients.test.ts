/**
 * The framework's clients on the broker's secured listeners: the server consuming through a rebalance, the
 * producer (idempotent, and transactional), and OAUTHBEARER tokens from the app's provider, refreshed before
 * they expire.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Admin } from '../../../src/admin/admin.js';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import type { OAuthBearerProvider } from '../../../src/kafka/oauth-bearer.js';
import type { KafkaMessage } from '../../../src/kafka/types.js';
import { Producer } from '../../../src/producer/producer.js';
import { recordEvents, startEmbedded, testApp } from '../../support/app.js';
import { Ledger } from '../../support/ledger.js';
import { uniqueName } from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';
import { secureSettings, unsecuredJwt, type SecureWay } from './helpers.js';

const admins: Admin[] = [];
const producers: Producer[] = [];

afterEach(async () => {
  await Promise.all([...producers.splice(0).map((p) => p.close()), ...admins.splice(0).map((a) => a.close())]);
});

function admin(way: SecureWay, provider?: OAuthBearerProvider): Admin {
  const created = new Admin({
    kafka: secureSettings(way),
    ...(provider === undefined ? {} : { oauthBearerProvider: provider }),
  });
  admins.push(created);
  return created;
}

function producer(way: SecureWay, kafka: Record<string, string | number | boolean> = {}): Producer {
  const created = new Producer({ kafka: { ...secureSettings(way), 'linger.ms': 1, ...kafka } });
  producers.push(created);
  return created;
}

/** Every message of `topic`/`partition` (read_committed), read through the admin. */
async function readAll(reader: Admin, topic: string, partition = 0): Promise<KafkaMessage[]> {
  const { high } = await reader.readWatermarkOffsets(topic, partition);
  return high === 0 ? [] : reader.readTopic(topic, partition, high, 0);
}

const payloads = (messages: readonly KafkaMessage[]): (string | undefined)[] =>
  messages.map((m) => m.value?.toString());

describe('clients on the secured listeners', () => {
  it('the server consumes over SASL_SSL (SCRAM-SHA-512) and hands partitions to a joining server', async () => {
    const way: SecureWay = 'SCRAM-SHA-512';
    const topic = uniqueName('secure-server');
    const group = uniqueName('secure-server-group');
    await admin(way).createTopic(topic, 2, 1);
    const writer = producer(way);
    const produce = async (from: number, count: number): Promise<void> => {
      const messages = [];
      for (let i = from; i < from + count; i += 1) {
        messages.push({ topic, partition: i % 2, payload: `m-${String(i)}` });
      }
      await writer.produceManySync(messages);
    };
    await produce(0, 200);

    const ledger = new Ledger();
    class LedgerConsumer extends BaseConsumer {
      consume(): void {
        for (const m of this.messages) ledger.add(m.partition, m.offset);
      }
    }
    const first = testApp({ groupId: group, kafka: secureSettings(way) });
    first.routes.draw((r) => r.topic(topic, { consumer: LedgerConsumer }));
    const firstRebalances = recordEvents(first, 'rebalance.partitions_revoked');
    await startEmbedded(first);
    await waitUntil(() => ledger.total === 200, { description: () => `200 messages (so far ${String(ledger.total)})` });

    const second = testApp({ groupId: group, kafka: secureSettings(way) });
    second.routes.draw((r) => r.topic(topic, { consumer: LedgerConsumer }));
    const secondAssigned = recordEvents(second, 'rebalance.partitions_assigned');
    await startEmbedded(second);
    await waitUntil(() => secondAssigned.some((e) => (e.payload.partitions as unknown[]).length > 0), {
      description: 'the joining server to get a partition',
    });
    await produce(200, 200);
    await waitUntil(() => ledger.total === 400, { description: () => `400 messages (so far ${String(ledger.total)})` });
    expect(ledger.duplicates()).toEqual([]);
    expect(firstRebalances.length).toBeGreaterThan(0);
    await waitUntil(
      async () => {
        const lags = (await admin(way).readLagsWithOffsets({ [group]: [topic] }))[group]?.[topic];
        return lags?.[0]?.lag === 0 && lags[1]?.lag === 0;
      },
      { description: 'the group to have committed everything' },
    );
  });

  it('the idempotent producer delivers over mutual TLS, each message once and in order', async () => {
    const way: SecureWay = 'mTLS (PEM files)';
    const topic = uniqueName('secure-idempotent');
    const reader = admin(way);
    await reader.createTopic(topic, 1, 1);
    const writer = producer(way, { 'enable.idempotence': true });
    await writer.produceManySync(Array.from({ length: 50 }, (_, i) => ({ topic, payload: `m-${String(i)}` })));
    expect(payloads(await readAll(reader, topic))).toEqual(Array.from({ length: 50 }, (_, i) => `m-${String(i)}`));
  });

  it('the transactional producer commits and aborts over SASL_SSL (SCRAM-SHA-256)', async () => {
    const way: SecureWay = 'SCRAM-SHA-256';
    const topic = uniqueName('secure-transactions');
    const reader = admin(way);
    await reader.createTopic(topic, 1, 1);
    const writer = producer(way, { 'transactional.id': uniqueName('secure-tx') });
    await writer.transaction(async (tx) => {
      await tx.produceSync({ topic, payload: 'committed' });
    });
    await expect(
      writer.transaction(async (tx) => {
        await tx.produceSync({ topic, payload: 'aborted' });
        throw new Error('abort it');
      }),
    ).rejects.toThrow('abort it');
    await writer.transaction(async (tx) => {
      await tx.produceSync({ topic, payload: 'committed too' });
    });
    // readTopic reads read_committed (librdkafka's default): the aborted record is skipped.
    expect(payloads(await readAll(reader, topic))).toEqual(['committed', 'committed too']);
  });

  it('OAUTHBEARER: the app provider supplies the tokens of the server, its producer and the admin, and refreshes them', async () => {
    const way: SecureWay = 'OAUTHBEARER';
    const requests: string[] = [];
    // Short-lived tokens: the clients must come back for new ones (librdkafka at about 80 % of the lifetime).
    const provider: OAuthBearerProvider = ({ config }) => {
      requests.push(config);
      return unsecuredJwt('karafka-app', 4_000);
    };
    const topic = uniqueName('secure-oauth');
    await admin(way, provider).createTopic(topic, 1, 1);
    const consumed: string[] = [];
    class OAuthConsumer extends BaseConsumer {
      consume(): void {
        for (const m of this.messages) consumed.push(String(m.rawPayload));
      }
    }
    const app = testApp({ kafka: secureSettings(way), oauthBearerProvider: provider });
    app.routes.draw((r) => r.topic(topic, { consumer: OAuthConsumer }));
    await startEmbedded(app);
    await app.producer.produceSync({ topic, payload: 'first' });
    await waitUntil(() => consumed.length === 1, { description: 'the first message' });
    const afterFirst = requests.length;
    // Past the first tokens' lifetime: everything still works on refreshed tokens.
    await waitUntil(() => requests.length >= afterFirst + 2, {
      description: () => `the clients to refresh their tokens (requests so far: ${String(requests.length)})`,
    });
    await app.producer.produceSync({ topic, payload: 'second' });
    await waitUntil(() => consumed.length === 2, { description: 'the second message' });
    expect(consumed).toEqual(['first', 'second']);
  });
});
