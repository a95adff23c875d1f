import { afterEach, describe, expect, it } from 'vitest';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import { LivenessListener } from '../../../src/instrumentation/vendors/liveness-listener.js';
import { Server } from '../../../src/server/server.js';
import { recordEvents, testApp } from '../../support/app.js';
import { createTopic, produceMessages, uniqueName } from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';

const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

async function probe(port: number): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`http://127.0.0.1:${String(port)}/`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('liveness endpoint and event-loop delay (real broker)', () => {
  it('answers 200 while consuming progresses, 500 with the reason while a consume stalls past its TTL', async () => {
    const topic = await createTopic(uniqueName('liveness'));
    let release: () => void = () => undefined;
    const stalled = new Promise<void>((resolve) => {
      release = resolve;
    });
    class StallingConsumer extends BaseConsumer {
      async consume(): Promise<void> {
        if (this.messages.toArray().some((m) => m.rawPayload?.toString() === 'stall')) await stalled;
      }
    }
    const app = testApp();
    app.routes.draw((r) => r.topic(topic, { consumer: StallingConsumer }));
    const delays = recordEvents(app, 'process.event_loop.delay');
    const consumed = recordEvents(app, 'consumer.consumed');
    const liveness = new LivenessListener({ port: 0, hostname: '127.0.0.1', consumingTtl: 1_000 });
    liveness.attach(app.monitor);
    const server = new Server(app, { executionMode: 'embedded', eventLoop: { reportInterval: 100 } });
    servers.push(server);
    await server.boot();

    const port = await waitUntil(() => liveness.port);
    await produceMessages(topic, 3);
    await waitUntil(() => consumed.some((e) => e.payload.lastOffset === 2));
    const healthy = await probe(port);
    expect(healthy).toMatchObject({
      status: 200,
      body: { status: 'healthy', problems: [], polling: { listeners: 1 } },
    });

    await produceMessages(topic, 1, { payload: () => 'stall' });
    const unhealthy = await waitUntil(async () => {
      const answer = await probe(port);
      return answer.status === 500 ? answer : undefined;
    });
    expect(unhealthy.body).toMatchObject({ status: 'unhealthy', problems: [{ code: 2 }] });
    expect(unhealthy.body.reason).toMatch(
      new RegExp(`^consume ${topic}/0 offsets 3\\.\\.3 has run for \\d+ ms \\(consumingTtl 1000 ms\\)$`),
    );

    release();
    await waitUntil(async () => (await probe(port)).status === 200);

    // The event-loop delay is published, and the probe and the report carry it.
    await waitUntil(() => delays.length > 0);
    expect(Object.keys(delays[0]!.payload).sort()).toEqual(['max', 'mean', 'min', 'p50', 'p99', 'windowMs']);
    expect(typeof (await probe(port)).body.eventLoop).toBe('object');
    const report = server.report();
    expect(report.tags).toEqual(['mode:embedded']);
    expect(typeof report.eventLoop?.max).toBe('number');

    await server.stop();
    await waitUntil(() => liveness.port === undefined);
  });
});
