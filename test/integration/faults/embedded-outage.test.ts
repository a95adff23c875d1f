/**
 * Embedded mode while no broker answers: start resolves (the host keeps running), the outage is published as
 * events, consumption starts once a broker appears, and quiet and stop work during the outage.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import { recordEvents, startEmbedded, testApp } from '../../support/app.js';
import { bootstrapServers, createTopic, produceMessages, uniqueName } from '../../support/kafka.js';
import { TcpGate } from '../../support/tcp-gate.js';
import { waitUntil } from '../../support/wait-until.js';

const gates: TcpGate[] = [];

afterEach(async () => {
  await Promise.all(gates.splice(0).map((gate) => gate.close()));
});

async function closedGate(): Promise<TcpGate> {
  const gate = await TcpGate.reserve(bootstrapServers());
  gates.push(gate);
  return gate;
}

describe('embedded mode during a broker outage', () => {
  it('starts, reports the outage, and consumes every message once a broker appears', async () => {
    const gate = await closedGate();
    const topic = await createTopic(uniqueName('embedded-outage'));
    const consumed: number[] = [];
    class Recorder extends BaseConsumer {
      consume(): void {
        for (const message of this.messages) consumed.push(message.offset);
      }
    }
    const app = testApp({ kafka: { 'bootstrap.servers': gate.address } });
    app.routes.draw((r) => r.topic(topic, { consumer: Recorder }));
    const events = recordEvents(app, 'connection.client', 'app.');
    const embedded = await startEmbedded(app);
    expect(app.status.current).toBe('running');
    await waitUntil(() => events.find((e) => e.name === 'connection.client.unreachable'), {
      description: 'the outage to be published',
    });

    await gate.open();
    await produceMessages(topic, 4);
    await waitUntil(() => consumed.length === 4, { description: () => `4 messages (got ${String(consumed)})` });
    expect(consumed).toEqual([0, 1, 2, 3]);
    expect(events.some((e) => e.name === 'connection.client.reachable')).toBe(true);
    await embedded.stop();
    expect(app.status.current).toBe('terminated');
  });

  it('quiets and stops during the outage', async () => {
    const gate = await closedGate();
    class Idle extends BaseConsumer {
      consume(): void {}
    }
    const app = testApp({ kafka: { 'bootstrap.servers': gate.address } });
    app.routes.draw((r) => r.topic(uniqueName('never'), { consumer: Idle }));
    const events = recordEvents(app, 'connection.client');
    const embedded = await startEmbedded(app);
    await waitUntil(() => events.length > 0, { description: 'the outage to be published' });
    await embedded.quiet();
    expect(app.status.current).toBe('quiet');
    await embedded.stop();
    expect(app.status.current).toBe('terminated');
  });
});
