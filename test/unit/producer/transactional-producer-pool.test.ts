import { describe, expect, it } from 'vitest';
import type { Producer } from '../../../src/producer/producer.js';
import {
  type PartitionOfProducer,
  TransactionalProducerPool,
  TransactionalProducerPoolClosedError,
  transactionalIdFor,
} from '../../../src/producer/transactional-producer-pool.js';

/** A stand-in producer that records when it is closed (the pool only builds and closes producers). */
interface StubProducer {
  readonly id: string;
  closed: boolean;
  close(): Promise<void>;
}

function pool(maxProducers = 10): {
  pool: TransactionalProducerPool;
  created: StubProducer[];
  closeErrors: string[];
} {
  const created: StubProducer[] = [];
  const closeErrors: string[] = [];
  const instance = new TransactionalProducerPool({
    idPrefix: 'shop',
    maxProducers,
    create: (id) => {
      const producer: StubProducer = {
        id,
        closed: false,
        close() {
          producer.closed = true;
          return id.endsWith(':99') ? Promise.reject(new Error('close failed')) : Promise.resolve();
        },
      };
      created.push(producer);
      return producer as unknown as Producer;
    },
    onCloseError: (error, id) => closeErrors.push(`${id}: ${(error as Error).message}`),
  });
  return { pool: instance, created, closeErrors };
}

const of = (partition: number, topic = 'orders', consumerGroup = 'billing'): PartitionOfProducer => ({
  consumerGroup,
  topic,
  partition,
});

describe('transactional ids', () => {
  it('are <prefix>:<group>:<topic>:<partition>, the same every time for the same partition', () => {
    expect(transactionalIdFor('shop', of(3))).toBe('shop:billing:orders:3');
    expect(transactionalIdFor('shop', of(3))).toBe(transactionalIdFor('shop', of(3)));
  });

  it('never collide between partitions whose names would join alike', () => {
    const ids = [
      transactionalIdFor('shop', { consumerGroup: 'a:b', topic: 'c', partition: 0 }),
      transactionalIdFor('shop', { consumerGroup: 'a', topic: 'b:c', partition: 0 }),
      transactionalIdFor('shop', { consumerGroup: 'a-b', topic: 'c', partition: 0 }),
      transactionalIdFor('shop', { consumerGroup: 'a', topic: 'b-c', partition: 0 }),
      transactionalIdFor('shop', { consumerGroup: 'a', topic: 'b', partition: 10 }),
      transactionalIdFor('shop', { consumerGroup: 'a', topic: 'b1', partition: 0 }),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toBe('shop:a%3Ab:c:0');
  });
});

describe('TransactionalProducerPool', () => {
  it('creates a partition producer on first use and hands the same one out afterwards', () => {
    const { pool: p, created } = pool();
    expect(p.size).toBe(0);
    const first = p.acquire(of(0));
    expect(p.acquire(of(0))).toBe(first);
    expect(p.acquire(of(1))).not.toBe(first);
    expect(created.map((c) => c.id)).toEqual(['shop:billing:orders:0', 'shop:billing:orders:1']);
    expect(p.size).toBe(2);
  });

  it('keeps at most maxProducers open, closing the one used longest ago', () => {
    const { pool: p, created } = pool(2);
    p.acquire(of(0));
    p.acquire(of(1));
    p.acquire(of(0)); // partition 1 is now the one used longest ago
    p.acquire(of(2));
    expect(p.size).toBe(2);
    expect(created.filter((c) => c.closed).map((c) => c.id)).toEqual(['shop:billing:orders:1']);
    // Partition 1 gets a new producer with the same id when it needs one again.
    p.acquire(of(1));
    expect(created.at(-1)?.id).toBe('shop:billing:orders:1');
    expect(created.at(-1)?.closed).toBe(false);
  });

  it('never closes a producer whose partition is in use to make room: it grows past the bound, then shrinks', () => {
    const { pool: p, created } = pool(2);
    const busy = new Set([0, 1, 2]);
    p.acquire(of(0), undefined, () => busy.has(0));
    p.acquire(of(1), undefined, () => busy.has(1));
    p.acquire(of(2), undefined, () => busy.has(2));
    expect(p.size).toBe(3);
    expect(created.filter((c) => c.closed)).toEqual([]);
    // Partition 0 is done: the next creation closes it (the one used longest ago that is not in use).
    busy.delete(0);
    p.acquire(of(3));
    expect(created.filter((c) => c.closed).map((c) => c.id)).toEqual(['shop:billing:orders:0']);
    expect(p.size).toBe(3);
    // Nothing in use any more: the next creation brings the pool back within its bound.
    busy.clear();
    p.acquire(of(4));
    expect(p.size).toBe(2);
    expect(created.filter((c) => !c.closed).map((c) => c.id)).toEqual([
      'shop:billing:orders:3',
      'shop:billing:orders:4',
    ]);
  });

  it('closes a released partition producer; a release by a former owner leaves the new owner its producer', async () => {
    const { pool: p, created } = pool();
    const oldOwner = {};
    const newOwner = {};
    p.acquire(of(0), oldOwner);
    await p.release(of(0), oldOwner);
    expect(created[0]?.closed).toBe(true);
    expect(p.size).toBe(0);

    p.acquire(of(1), oldOwner);
    p.acquire(of(1), newOwner); // assigned again: a new coordinator holds it
    await p.release(of(1), oldOwner);
    expect(created[1]?.closed).toBe(false);
    await p.release(of(1), newOwner);
    expect(created[1]?.closed).toBe(true);
  });

  it('closes every producer on close() and refuses new ones afterwards, naming the id', async () => {
    const { pool: p, created } = pool();
    p.acquire(of(0));
    p.acquire(of(1));
    await p.close();
    expect(created.every((c) => c.closed)).toBe(true);
    expect(() => p.acquire(of(2))).toThrow(TransactionalProducerPoolClosedError);
    expect(() => p.acquire(of(2))).toThrow(/no producer for shop:billing:orders:2/);
    await p.close();
  });

  it('reports a producer that failed to close', async () => {
    const { pool: p, closeErrors } = pool();
    p.acquire(of(99));
    await p.close();
    expect(closeErrors).toEqual(['shop:billing:orders:99: close failed']);
  });
});
