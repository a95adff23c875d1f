import { afterEach, describe, expect, it } from 'vitest';
import type { ConsumerDriver } from '../../../src/kafka/consumer-driver.js';
import { rdkafkaDrivers } from '../../../src/kafka/drivers.js';
import type { KafkaMessage } from '../../../src/kafka/types.js';
import { TransactionalIdMissingError, TransactionFinishedError } from '../../../src/producer/errors.js';
import type { Transaction } from '../../../src/producer/transaction.js';
import {
  consumerSettings,
  createTopic,
  produceMessages,
  uniqueName,
  waitForCommittedOffsets,
} from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';
import { openProducer, readPartition, recordEvents } from './helpers.js';

const consumers: ConsumerDriver[] = [];

afterEach(async () => {
  await Promise.all(consumers.splice(0).map((c) => c.forceClose()));
});

function transactionalProducer(): ReturnType<typeof openProducer> {
  return openProducer({}, { 'transactional.id': uniqueName('tx') });
}

const values = (messages: readonly KafkaMessage[]): (string | undefined)[] => messages.map((m) => m.value?.toString());

describe('Producer: transactions', () => {
  it('commits when the function resolves: its messages become visible to read_committed consumers', async () => {
    const topic = await createTopic(uniqueName('tx-commit'));
    const producer = transactionalProducer();
    const events = recordEvents(producer.monitor);

    const result = await producer.transaction(async (tx) => {
      await tx.produceSync({ topic, payload: 'one' });
      await tx.produceAsync({ topic, payload: 'two' });
      await tx.produceManySync([{ topic, payload: 'three' }]);
      return 'done';
    });

    expect(result).toBe('done');
    expect(values(await readPartition(topic, 0, { 'isolation.level': 'read_committed' }))).toEqual([
      'one',
      'two',
      'three',
    ]);
    expect(events.map((e) => e.name).filter((n) => n.startsWith('transaction.'))).toEqual([
      'transaction.started',
      'transaction.committed',
    ]);
  });

  it('aborts when the function throws: the error is rethrown and the records stay invisible to read_committed', async () => {
    const topic = await createTopic(uniqueName('tx-abort'));
    const producer = transactionalProducer();
    const events = recordEvents(producer.monitor);

    const failing = producer.transaction(async (tx) => {
      await tx.produceSync({ topic, payload: 'aborted-through-tx' });
      // Produced through the producer from inside the callback: part of the same transaction.
      await producer.produceSync({ topic, payload: 'aborted-through-producer' });
      throw new Error('payment declined');
    });
    await expect(failing).rejects.toThrow('payment declined');
    await producer.transaction((tx) => tx.produceSync({ topic, payload: 'committed' }));

    expect(values(await readPartition(topic, 0, { 'isolation.level': 'read_committed' }))).toEqual(['committed']);
    // The aborted records were written (read_uncommitted sees them), only never committed.
    expect(values(await readPartition(topic, 0, { 'isolation.level': 'read_uncommitted' }))).toEqual([
      'aborted-through-tx',
      'aborted-through-producer',
      'committed',
    ]);
    const aborted = events.find((e) => e.name === 'transaction.aborted');
    expect((aborted?.payload.error as Error).message).toBe('payment declined');
  });

  it('is a clear error on a producer without transactional.id', async () => {
    const producer = openProducer();
    await expect(producer.transaction(() => 'never')).rejects.toThrow(TransactionalIdMissingError);
    await expect(producer.transaction(() => 'never')).rejects.toThrow(/set kafka 'transactional.id'/);
  });

  it('commits consumed offsets with the transaction (consume-transform-produce)', async () => {
    const input = await createTopic(uniqueName('tx-input'));
    const output = await createTopic(uniqueName('tx-output'));
    const group = uniqueName('tx-group');
    await produceMessages(input, 3);
    const consumer = rdkafkaDrivers.consumer({
      settings: consumerSettings(group, { 'enable.auto.commit': false }),
    });
    consumers.push(consumer);
    await consumer.connect();
    consumer.subscribe([input]);
    const consumed: KafkaMessage[] = [];
    await waitUntil(
      async () => {
        consumed.push(...(await consumer.poll(10, 200)).messages);
        return consumed.length >= 3;
      },
      { description: 'three input messages', intervalMs: 0 },
    );
    const producer = transactionalProducer();
    const events = recordEvents(producer.monitor);

    await producer.transaction(async (tx) => {
      await tx.produceManyAsync(consumed.map((m) => ({ topic: output, payload: `${String(m.value)}!` })));
      await tx.sendOffsets([{ topic: input, partition: 0, offset: consumed.at(-1)!.offset + 1 }], consumer);
    });

    await waitForCommittedOffsets(group, input, new Map([[0, 3]]));
    expect(values(await readPartition(output))).toEqual(['message-0!', 'message-1!', 'message-2!']);
    expect(events.find((e) => e.name === 'transaction.offsets_sent')?.payload).toMatchObject({
      offsets: [{ topic: input, partition: 0, offset: 3 }],
    });
  });

  it('runs a transaction of its own for a produce call made outside any transaction', async () => {
    const topic = await createTopic(uniqueName('tx-implicit'));
    const producer = transactionalProducer();
    const events = recordEvents(producer.monitor);

    await producer.produceSync({ topic, payload: 'alone' });
    await producer.produceManyAsync([{ topic, payload: 'batch' }]);

    expect(values(await readPartition(topic, 0, { 'isolation.level': 'read_committed' }))).toEqual(['alone', 'batch']);
    expect(events.filter((e) => e.name === 'transaction.committed')).toHaveLength(2);
  });

  it('runs transactions one at a time; a nested call joins the running transaction', async () => {
    const topic = await createTopic(uniqueName('tx-serial'));
    const producer = transactionalProducer();
    const events = recordEvents(producer.monitor);

    await Promise.all([
      producer.transaction(async (tx) => {
        await tx.produceSync({ topic, payload: 'a1' });
        await producer.transaction((inner) => inner.produceSync({ topic, payload: 'a2' }));
      }),
      producer.transaction((tx) => tx.produceSync({ topic, payload: 'b1' })),
    ]);

    expect(events.map((e) => e.name).filter((n) => n.startsWith('transaction.'))).toEqual([
      'transaction.started',
      'transaction.committed',
      'transaction.started',
      'transaction.committed',
    ]);
    expect(values(await readPartition(topic, 0, { 'isolation.level': 'read_committed' }))).toEqual(['a1', 'a2', 'b1']);
  });

  it('refuses to use a transaction object after its transaction ended', async () => {
    const topic = await createTopic(uniqueName('tx-finished'));
    const producer = transactionalProducer();
    let leaked: Transaction | undefined;

    await producer.transaction((tx) => {
      leaked = tx;
    });

    expect(leaked?.active).toBe(false);
    await expect(leaked!.produceSync({ topic, payload: 'late' })).rejects.toThrow(TransactionFinishedError);
    expect(producer.currentTransaction()).toBeUndefined();
  });

  it('exposes the transaction of the calling context, for consumers that mark offsets inside it', async () => {
    const producer = transactionalProducer();
    const seen: (Transaction | undefined)[] = [];
    let running: Transaction | undefined;

    await producer.transaction(async (tx) => {
      running = tx;
      seen.push(producer.currentTransaction());
      await Promise.resolve();
      seen.push(producer.currentTransaction());
    });

    expect(seen).toEqual([running, running]);
    expect(running).toBeDefined();
    expect(producer.currentTransaction()).toBeUndefined();
  });
});
