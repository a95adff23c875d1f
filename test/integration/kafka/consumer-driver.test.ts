import { afterEach, describe, expect, it } from 'vitest';
import type { ConsumerDriver } from '../../../src/kafka/consumer-driver.js';
import { rdkafkaDrivers } from '../../../src/kafka/drivers.js';
import type { KafkaMessage, RebalanceEvent } from '../../../src/kafka/types.js';
import {
  committedOffsets,
  consumerSettings,
  createTopic,
  produceMessages,
  uniqueName,
  waitForCommittedOffsets,
} from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';

const open: ConsumerDriver[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.forceClose()));
});

async function connectedConsumer(
  group: string,
  topic: string,
  rebalances: RebalanceEvent[] = [],
): Promise<ConsumerDriver> {
  const consumer = rdkafkaDrivers.consumer({
    settings: consumerSettings(group),
    onRebalance: (event) => {
      rebalances.push(event);
    },
  });
  open.push(consumer);
  await consumer.connect();
  consumer.subscribe([topic]);
  return consumer;
}

/** Polls until `count` messages arrived (or fails saying how many did). */
async function pollUntil(consumer: ConsumerDriver, count: number): Promise<KafkaMessage[]> {
  const received: KafkaMessage[] = [];
  await waitUntil(
    async () => {
      const { messages } = await consumer.poll(100, 200);
      received.push(...messages);
      return received.length >= count;
    },
    { description: `${String(count)} messages to be polled`, intervalMs: 0 },
  );
  return received;
}

describe('librdkafka consumer driver', () => {
  it('consumes produced messages and commits the stored offset to the broker', async () => {
    const topic = await createTopic(uniqueName('driver-consume'));
    const group = uniqueName('driver-group');
    await produceMessages(topic, 3, {
      key: (i) => `k${String(i)}`,
      headers: (i) => [{ key: 'n', value: Buffer.from(String(i)) }],
    });

    const rebalances: RebalanceEvent[] = [];
    const consumer = await connectedConsumer(group, topic, rebalances);
    const messages = await pollUntil(consumer, 3);

    expect(messages.map((m) => m.value?.toString())).toEqual(['message-0', 'message-1', 'message-2']);
    expect(messages.map((m) => m.offset)).toEqual([0, 1, 2]);
    expect(messages[1]?.key?.toString()).toBe('k1');
    expect(messages[2]?.headers).toEqual([{ key: 'n', value: Buffer.from('2') }]);
    expect(rebalances[0]).toMatchObject({ kind: 'assign', partitions: [{ topic, partition: 0 }] });

    expect(consumer.storeOffsets([{ topic, partition: 0, offset: 3 }])).toBe(true);
    await consumer.commit();
    await waitForCommittedOffsets(group, topic, new Map([[0, 3]]));
  });

  it('resolves commit() only once the broker holds the offsets (read back at once by another client)', async () => {
    const topic = await createTopic(uniqueName('driver-commit-confirmed'), 2);
    const group = uniqueName('driver-group');
    await produceMessages(topic, 10, { partition: 0 });
    await produceMessages(topic, 10, { partition: 1 });
    const consumer = await connectedConsumer(group, topic);
    await pollUntil(consumer, 20);

    for (let offset = 1; offset <= 10; offset += 1) {
      await consumer.commit([{ topic, partition: 0, offset }]);
      expect(await committedOffsets(group, topic)).toEqual(new Map([[0, offset]]));
    }
    expect(consumer.storeOffsets([{ topic, partition: 1, offset: 4 }])).toBe(true);
    await consumer.commit();
    expect(await committedOffsets(group, topic)).toEqual(
      new Map([
        [0, 10],
        [1, 4],
      ]),
    );
    // Marking back rewinds the group's position: an older offset is committed again.
    await consumer.commit([{ topic, partition: 0, offset: 5 }]);
    expect((await committedOffsets(group, topic)).get(0)).toBe(5);
  });

  it('commits stored offsets when it closes, then leaves the group', async () => {
    const topic = await createTopic(uniqueName('driver-close'));
    const group = uniqueName('driver-group');
    await produceMessages(topic, 5);

    const rebalances: RebalanceEvent[] = [];
    const consumer = await connectedConsumer(group, topic, rebalances);
    await pollUntil(consumer, 5);
    consumer.storeOffsets([{ topic, partition: 0, offset: 4 }]);
    await consumer.close();

    await waitForCommittedOffsets(group, topic, new Map([[0, 4]]));
    expect(rebalances.at(-1)).toMatchObject({ kind: 'revoke', partitions: [{ topic, partition: 0 }] });
  });

  it('closes safely while a poll is waiting, and the next member resumes after the committed offset', async () => {
    const topic = await createTopic(uniqueName('driver-inflight'));
    const group = uniqueName('driver-group');
    await produceMessages(topic, 2);

    const first = await connectedConsumer(group, topic);
    await pollUntil(first, 2);
    first.storeOffsets([{ topic, partition: 0, offset: 2 }]);
    const waiting = first.poll(100, 5_000);
    await first.close();
    expect((await waiting).messages).toEqual([]);

    await produceMessages(topic, 1, { payload: () => 'after-close' });
    const second = await connectedConsumer(group, topic);
    const [next] = await pollUntil(second, 1);
    expect(next?.offset).toBe(2);
    expect(next?.value?.toString()).toBe('after-close');
  });

  it('refuses to store offsets for a partition it does not own', async () => {
    const topic = await createTopic(uniqueName('driver-unowned'), 2);
    const consumer = await connectedConsumer(uniqueName('driver-group'), topic);
    expect(consumer.storeOffsets([{ topic: 'not-assigned-anywhere', partition: 0, offset: 1 }])).toBe(false);
  });
});
