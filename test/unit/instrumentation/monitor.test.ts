import { describe, expect, it } from 'vitest';
import { Monitor, handlerMethodName } from '../../../src/instrumentation/monitor.js';

describe('monitor', () => {
  it('delivers to handlers of the event, to listener objects by method name, and to catch-all handlers', () => {
    const monitor = new Monitor();
    const seen: string[] = [];
    monitor.subscribe('app.running', (payload) => seen.push(`handler ${payload.state}`));
    monitor.subscribe({ onAppRunning: (payload: { state: string }) => seen.push(`object ${payload.state}`) });
    monitor.subscribeAll((event) => seen.push(`all ${event}`));
    monitor.instrument('app.running', { state: 'running', previous: 'initialized' });
    expect(seen).toEqual(['handler running', 'object running', 'all app.running']);
  });

  it('maps event names to listener method names', () => {
    expect(handlerMethodName('connection.listener.fetch_loop.error')).toBe('onConnectionListenerFetchLoopError');
    expect(handlerMethodName('dead_letter_queue.dispatched')).toBe('onDeadLetterQueueDispatched');
  });

  it('adds the duration to events wrapped around work and returns what the work returned', async () => {
    const monitor = new Monitor();
    let time: number | undefined;
    monitor.subscribe('consumer.consumed', (payload) => {
      time = payload.time;
    });
    const result = await monitor.instrument(
      'consumer.consumed',
      { consumerGroup: 'g', topic: 't', partition: 0, messages: 1 },
      () => Promise.resolve(42),
    );
    expect(result).toBe(42);
    expect(typeof time).toBe('number');
  });

  it('turns a failing subscriber into error.occurred instead of failing the publisher', async () => {
    const monitor = new Monitor();
    const errors: unknown[] = [];
    monitor.subscribe('error.occurred', (payload) => errors.push(payload.type));
    monitor.subscribe('app.running', () => {
      throw new Error('broken subscriber');
    });
    monitor.subscribe('app.quiet', () => Promise.reject(new Error('broken async subscriber')));
    expect(() => monitor.instrument('app.running', { state: 'running', previous: 'initialized' })).not.toThrow();
    monitor.instrument('app.quiet', { state: 'quiet', previous: 'quieting' });
    await Promise.resolve();
    expect(errors).toEqual(['instrumentation.subscriber.error', 'instrumentation.subscriber.error']);
  });

  it('stops delivering after unsubscribe', () => {
    const monitor = new Monitor();
    let calls = 0;
    const unsubscribe = monitor.subscribe('app.running', () => {
      calls += 1;
    });
    unsubscribe();
    monitor.instrument('app.running', { state: 'running', previous: 'initialized' });
    expect(calls).toBe(0);
  });
});
