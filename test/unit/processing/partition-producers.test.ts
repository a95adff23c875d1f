import { describe, expect, it } from 'vitest';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import { PartitionProducerRevokedError, partitionProducers } from '../../../src/processing/partition-producers.js';
import type { Producer } from '../../../src/producer/producer.js';
import { TransactionalProducerPool } from '../../../src/producer/transactional-producer-pool.js';
import { FakeCluster } from '../../support/fake-kafka.js';
import { waitUntil } from '../../support/wait-until.js';
import { PartitionHarness } from './partition-harness.js';

class NoopConsumer extends BaseConsumer {
  consume(): void {
    // nothing
  }
}

/** A pool of stand-in producers that record their closing. */
function stubPool(): { pool: TransactionalProducerPool; closed: string[] } {
  const closed: string[] = [];
  const pool = new TransactionalProducerPool({
    idPrefix: 'shop',
    maxProducers: 10,
    create: (id) =>
      ({
        id,
        close: () => {
          closed.push(id);
          return Promise.resolve();
        },
      }) as unknown as Producer,
    onCloseError: () => undefined,
  });
  return { pool, closed };
}

describe('partition producers', () => {
  it("gives each owned partition the pool's producer with its derived id, the same one on every call", async () => {
    const cluster = new FakeCluster();
    cluster.fill('orders', 2, 1);
    const h = await PartitionHarness.start({ cluster, routes: { orders: { consumer: NoopConsumer } } });
    await h.pump();
    const { pool } = stubPool();
    const producerOf = partitionProducers(pool);
    const p0 = producerOf(h.partition('orders', 0));
    expect(p0.id).toBe('shop:fake:orders:0');
    expect(producerOf(h.partition('orders', 0))).toBe(p0);
    expect(producerOf(h.partition('orders', 1)).id).toBe('shop:fake:orders:1');
  });

  it('closes the producer once its partition is revoked and idle, and refuses it afterwards', async () => {
    const cluster = new FakeCluster();
    cluster.fill('orders', 1, 1);
    const h = await PartitionHarness.start({ cluster, routes: { orders: { consumer: NoopConsumer } } });
    await h.pump();
    const { pool, closed } = stubPool();
    const producerOf = partitionProducers(pool);
    const coordinator = h.partition('orders', 0);
    producerOf(coordinator);

    coordinator.ownership.beginRevoke();
    // Still usable while the revocation is clean and the running job may finish its transaction.
    expect(producerOf(coordinator).id).toBe('shop:fake:orders:0');
    await waitUntil(() => closed.length === 1, { timeoutMs: 5_000, description: 'the producer closed' });
    expect(closed).toEqual(['shop:fake:orders:0']);

    coordinator.ownership.finishRevoke();
    expect(() => producerOf(coordinator)).toThrow(PartitionProducerRevokedError);
    expect(() => producerOf(coordinator)).toThrow(/orders\/0 is no longer assigned to this process/);
  });

  it('leaves the producer to the new coordinator of a partition assigned again', async () => {
    const cluster = new FakeCluster();
    cluster.fill('orders', 1, 1);
    const h = await PartitionHarness.start({ cluster, routes: { orders: { consumer: NoopConsumer } } });
    await h.pump();
    const { pool, closed } = stubPool();
    const producerOf = partitionProducers(pool);
    const old = h.partition('orders', 0);
    producerOf(old);
    const [fresh] = h.scheduler.assign([{ topic: 'orders', partition: 0 }]);
    producerOf(fresh!);
    // The old coordinator was lost (assigned again): its release must not close the new owner's producer.
    await old.idle();
    // Every promise callback queued by then (the release included) has run before the next macrotask.
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toEqual([]);
    expect(pool.size).toBe(1);
  });
});
