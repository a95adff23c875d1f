import { describe, expect, it } from 'vitest';
import { Admin } from '../../../src/admin/admin.js';
import { Producer } from '../../../src/producer/producer.js';
import { kafkaStatus } from '../../../tools/kafka/cluster.js';
import { isAlive } from '../../../tools/kafka/node-process.js';
import { uniqueName } from '../../support/kafka.js';
import { killSingle, restartSingle, singleBootstrap, startSingle } from '../harness/brokers.js';
import { CHAOS_ENV } from '../harness/chaos-env.js';

describe('local Kafka tooling (single node kill and restart, on the chaos broker)', () => {
  it('kills the single node with SIGKILL and restarts it on its data', async () => {
    await startSingle();
    const [before] = kafkaStatus(1);
    expect(before).toMatchObject({ running: true, address: `127.0.0.1:${CHAOS_ENV.KAFKA_PORT}` });

    const topic = uniqueName('chaos-tools');
    const admin = new Admin({ kafka: { 'bootstrap.servers': singleBootstrap } });
    const producer = new Producer({ kafka: { 'bootstrap.servers': singleBootstrap } });
    try {
      await admin.createTopic(topic, 1, 1);
      await producer.produceSync({ topic, payload: 'kept', partition: 0 });

      await killSingle();
      expect(isAlive(before!.pid!)).toBe(false);
      expect(kafkaStatus(1)[0]!.running).toBe(false);

      await restartSingle();
      const [after] = kafkaStatus(1);
      expect(after!.running).toBe(true);
      expect(after!.pid).not.toBe(before!.pid);
      const messages = await admin.readTopic(topic, 0, 10, 0);
      expect(messages.map((m) => m.value?.toString())).toEqual(['kept']);
    } finally {
      await producer.close();
      await admin.close();
    }
  }, 120_000);
});
