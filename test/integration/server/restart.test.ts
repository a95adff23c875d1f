import { describe, expect, it } from 'vitest';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import { startEmbedded, testApp } from '../../support/app.js';
import { createTopic, produceMessages, uniqueName } from '../../support/kafka.js';
import { Ledger } from '../../support/ledger.js';
import { waitUntil } from '../../support/wait-until.js';

describe('offsets and rebalances', () => {
  it('continues exactly after the last processed message after a clean stop and restart', async () => {
    const topic = await createTopic(uniqueName('restart'), 2);
    const group = uniqueName('restart-group');
    await produceMessages(topic, 100, { partition: 0 });
    await produceMessages(topic, 100, { partition: 1 });
    const ledger = new Ledger();
    class LedgerConsumer extends BaseConsumer {
      consume(): Promise<void> | void {
        for (const m of this.messages) ledger.add(m.partition, m.offset);
      }
    }
    const first = testApp({ groupId: group, maxMessages: 10, concurrency: 1 });
    const stopping = new Promise<void>((resolve) => first.monitor.subscribe('app.stopping', () => resolve()));
    // The first run holds its worker after 60 messages until the stop begins, so the stop finds work in flight
    // and data fetched but not processed.
    class FirstRunConsumer extends LedgerConsumer {
      override async consume(): Promise<void> {
        await super.consume();
        if (ledger.total >= 60) await stopping;
      }
    }
    first.routes.draw((r) => r.topic(topic, { consumer: FirstRunConsumer }));
    const firstRun = await startEmbedded(first);
    await waitUntil(() => ledger.total >= 60, { description: 'the first run to process 60 messages' });
    await firstRun.stop();
    const afterFirst = ledger.total;
    expect(afterFirst).toBeLessThan(200);

    await produceMessages(topic, 25, { partition: 0 });
    await produceMessages(topic, 25, { partition: 1 });
    const second = testApp({ groupId: group, maxMessages: 10 });
    second.routes.draw((r) => r.topic(topic, { consumer: LedgerConsumer }));
    await startEmbedded(second);
    await waitUntil(() => ledger.total === 250, { description: 'all 250 messages processed across both runs' });
    expect(ledger.duplicates()).toEqual([]);
  });
});
