import { describe, expect, it } from 'vitest';
import { App } from '../../../src/app/app.js';
import { eventChannelName, Monitor } from '../../../src/instrumentation/monitor.js';
import { Producer } from '../../../src/producer/producer.js';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { FakeCluster } from '../../support/fake-kafka.js';
import { captureLogs } from '../instrumentation/log-capture.js';

describe('Monitor.relayTo', () => {
  it("hands every event to the target's subscribers, once on the diagnostics channel, and stops when asked", () => {
    const source = new Monitor();
    const target = new Monitor();
    const seen: string[] = [];
    target.subscribe('producer.connected', (p) => seen.push(`handler ${p.producerId}`));
    target.subscribe({ onProducerConnected: () => seen.push('listener object') });
    target.subscribeAll((event) => seen.push(`all ${event}`));
    const published: unknown[] = [];
    const onChannel = (message: unknown): void => void published.push(message);
    subscribe(eventChannelName('producer.connected'), onChannel);
    try {
      const stop = source.relayTo(target);
      source.instrument('producer.connected', { producerId: 'p1' });
      expect(seen).toEqual(['handler p1', 'listener object', 'all producer.connected']);
      expect(published).toHaveLength(1);
      stop();
      source.instrument('producer.connected', { producerId: 'p2' });
      expect(seen).toHaveLength(3);
    } finally {
      unsubscribe(eventChannelName('producer.connected'), onChannel);
    }
  });

  it('refuses to relay a monitor to itself', () => {
    const monitor = new Monitor();
    expect(() => monitor.relayTo(monitor)).toThrow(/cannot relay its events to itself/);
  });
});

describe("the app's producer events", () => {
  it("reach the app's monitor and logger when the producer was given to the app", async () => {
    const cluster = new FakeCluster();
    cluster.createTopic('orders');
    const producer = new Producer({
      kafka: { 'bootstrap.servers': 'fake:9092' },
      id: 'given',
      drivers: cluster.drivers(),
    });
    const logs = captureLogs('debug');
    const app = new App({ logger: logs.logger }, { producer, drivers: cluster.drivers() });
    const events: string[] = [];
    app.monitor.subscribeAll((event, payload) => {
      if (payload.producerId === 'given') events.push(event);
    });

    await app.producer.produceSync({ topic: 'orders', payload: 'x' });
    await app.closeProducer();

    expect(app.producer).toBe(producer);
    expect(events).toEqual(
      expect.arrayContaining([
        'producer.connected',
        'message.acknowledged',
        'message.produced_sync',
        'producer.closed',
      ]),
    );
    // Its own monitor still gets them too.
    expect(producer.monitor).not.toBe(app.monitor);
  });

  it("reports a failed delivery of the given producer as error.occurred on the app's monitor, logged with its type", async () => {
    const cluster = new FakeCluster();
    cluster.createTopic('orders');
    cluster.failNextProduces = 1;
    const producer = new Producer({
      kafka: { 'bootstrap.servers': 'fake:9092' },
      id: 'given',
      drivers: cluster.drivers(),
    });
    const logs = captureLogs('debug');
    const app = new App({ logger: logs.logger, logLevel: 'debug' }, { producer, drivers: cluster.drivers() });

    await expect(app.producer.produceSync({ topic: 'orders', payload: 'x' })).rejects.toThrow(/fake delivery failure/);
    await app.closeProducer();

    const errors = logs.of('error.occurred');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ type: 'producer.delivery.error', producerId: 'given' });
  });
});

describe('transaction log lines', () => {
  it('logs a commit at debug and an abort at info with its reason', () => {
    const logs = captureLogs('debug');
    logs.monitor.instrument('transaction.committed', { producerId: 'p', transactionalId: 'shop:g:orders:0', time: 12 });
    logs.monitor.instrument('transaction.aborted', {
      producerId: 'p',
      transactionalId: 'shop:g:orders:1',
      time: 3,
      error: new Error('consumer failed'),
    });
    expect(logs.of('transaction.committed')).toEqual([
      expect.objectContaining({ level: 20, msg: 'Transaction of shop:g:orders:0 committed in 12 ms' }),
    ]);
    expect(logs.of('transaction.aborted')).toEqual([
      expect.objectContaining({
        level: 30,
        msg: 'Transaction of shop:g:orders:1 aborted after 3 ms: consumer failed',
        reason: 'consumer failed',
        transactionalId: 'shop:g:orders:1',
      }),
    ]);
  });
});
