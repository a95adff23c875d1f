/**
 * BrokerTestKit (karafka-ts/testing's optional help for integration tests): a unique topic created and deleted,
 * messages produced with the app's producer, the app run embedded, waits for what it consumed and committed.
 */
import { describe, expect, it } from 'vitest';
import { Admin } from '../../../src/admin/admin.js';
import { App } from '../../../src/app/app.js';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import { BrokerTestKit } from '../../../src/testing/index.js';
import { baseSettings } from '../../support/kafka.js';

describe('BrokerTestKit', () => {
  it('creates a unique topic, produces, runs the app, waits for consumed messages and committed offsets, cleans up', async () => {
    const topic = BrokerTestKit.uniqueName('broker-kit');
    expect(topic).not.toBe(BrokerTestKit.uniqueName('broker-kit'));
    const payloads: unknown[] = [];
    class Collecting extends BaseConsumer {
      consume(): void {
        payloads.push(...this.messages.payloads());
      }
    }
    const app = new App({
      clientId: BrokerTestKit.uniqueName('broker-kit-app'),
      logLevel: 'silent',
      maxWaitTime: 200,
      kafka: { ...baseSettings(), 'auto.commit.interval.ms': 200 },
    });
    app.routes.draw((r) => r.topic(topic, { consumer: Collecting }));
    const kit = new BrokerTestKit(app, { timeoutMs: 60_000 });
    try {
      await kit.createTopic(topic);
      const reports = await kit.produce(topic, [
        '{"id":1}',
        Buffer.from('{"id":2}'),
        { payload: '{"id":3}', key: 'k' },
      ]);
      expect(reports.map((r) => r.offset)).toEqual([0, 1, 2]);
      await kit.start();
      await kit.waitForConsumed(topic, 3);
      expect(payloads).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
      await kit.waitForCommitted(topic, 0, 3);
      expect(await kit.committedOffset(topic)).toBe(3);
    } finally {
      await kit.stop();
    }
    const admin = new Admin({ kafka: baseSettings() });
    try {
      expect((await admin.clusterInfo()).topics.map((t) => t.name)).not.toContain(topic);
    } finally {
      await admin.close();
    }
  });
});
