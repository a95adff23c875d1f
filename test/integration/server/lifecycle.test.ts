import { describe, expect, it } from 'vitest';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import { Embedded } from '../../../src/server/embedded.js';
import { recordEvents, startEmbedded, testApp } from '../../support/app.js';
import { createTopic, produceMessages, uniqueName } from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';

describe('server lifecycle', () => {
  it('goes through every app and listener state in order and consumes everything in embedded mode', async () => {
    const topic = await createTopic(uniqueName('states'));
    await produceMessages(topic, 20);
    let consumed = 0;
    class CountingConsumer extends BaseConsumer {
      consume(): void {
        consumed += this.messages.length;
      }
    }
    const app = testApp();
    app.routes.draw((r) => r.topic(topic, { consumer: CountingConsumer }));
    const events = recordEvents(app, 'app.', 'connection.listener.');
    const embedded = new Embedded(app);
    await embedded.start();
    expect(embedded.server?.executionMode).toBe('embedded');
    await waitUntil(() => consumed === 20, { description: '20 messages consumed' });
    for (let i = 0; i < 10; i += 1) await embedded.stop();

    expect(events.filter((e) => e.name.startsWith('app.')).map((e) => e.name)).toEqual([
      'app.running',
      'app.stopping',
      'app.stopped',
      'app.terminated',
    ]);
    const listenerStates = events
      .map((e) => e.name)
      .filter((name) => name.startsWith('connection.listener.') && !/listener\.fetch_loop/.test(name));
    expect(listenerStates).toEqual([
      'connection.listener.pending',
      'connection.listener.starting',
      'connection.listener.running',
      'connection.listener.before_fetch_loop',
      'connection.listener.quieting',
      'connection.listener.quiet',
      'connection.listener.stopping',
      'connection.listener.stopped',
    ]);
    expect(events.some((e) => e.name === 'connection.listener.fetch_loop')).toBe(true);
    expect(events.some((e) => e.name === 'connection.listener.fetch_loop.received')).toBe(true);
    expect(app.status.current).toBe('terminated');
  });

  it('quiets ten times, then stops: shutdown() runs once, revoked() never', async () => {
    const topic = await createTopic(uniqueName('quiet'));
    await produceMessages(topic, 5);
    const calls: string[] = [];
    class QuietConsumer extends BaseConsumer {
      consume(): void {
        calls.push('consume');
      }
      override shutdown(): void {
        calls.push('shutdown');
      }
      override revoked(): void {
        calls.push('revoked');
      }
    }
    const app = testApp();
    app.routes.draw((r) => r.topic(topic, { consumer: QuietConsumer }));
    const events = recordEvents(app, 'app.');
    const embedded = await startEmbedded(app);
    await waitUntil(() => calls.includes('consume'), { description: 'a consume() call' });
    for (let i = 0; i < 10; i += 1) await embedded.quiet();
    expect(app.status.current).toBe('quiet');
    await embedded.stop();
    expect(calls.filter((c) => c === 'shutdown')).toHaveLength(1);
    expect(calls).not.toContain('revoked');
    const states = events.map((e) => e.name);
    expect(states.indexOf('app.quieting')).toBeLessThan(states.indexOf('app.quiet'));
    expect(states.indexOf('app.quiet')).toBeLessThan(states.indexOf('app.stopping'));
  });

  it('runs shutdown() only for partitions that received messages', async () => {
    const topic = await createTopic(uniqueName('shutdown-only-used'), 3);
    await produceMessages(topic, 3, { partition: 1 });
    const shutdowns: number[] = [];
    let consumed = 0;
    class PartitionConsumer extends BaseConsumer {
      consume(): void {
        consumed += this.messages.length;
      }
      override shutdown(): void {
        shutdowns.push(this.partition);
      }
    }
    const app = testApp();
    app.routes.draw((r) => r.topic(topic, { consumer: PartitionConsumer }));
    const embedded = await startEmbedded(app);
    await waitUntil(() => consumed === 3, { description: '3 messages consumed' });
    await embedded.stop();
    expect(shutdowns).toEqual([1]);
  });

  it('stops right after start, and stops during a long poll, without hanging', async () => {
    const topic = await createTopic(uniqueName('quick-stop'));
    class IdleConsumer extends BaseConsumer {
      consume(): void {}
    }
    const quick = testApp();
    quick.routes.draw((r) => r.topic(topic, { consumer: IdleConsumer }));
    const first = new Embedded(quick);
    const starting = first.start();
    await first.stop();
    await starting.catch(() => undefined);
    expect(quick.status.current).toBe('terminated');

    const longPoll = testApp({ maxWaitTime: 3_000, shutdownTimeout: 60_000 });
    longPoll.routes.draw((r) => r.topic(topic, { consumer: IdleConsumer }));
    const events = recordEvents(longPoll, 'connection.listener.fetch_loop');
    const second = await startEmbedded(longPoll);
    await waitUntil(() => events.some((e) => e.name === 'connection.listener.fetch_loop'), {
      description: 'a poll to be in flight',
    });
    await second.stop();
    expect(longPoll.status.current).toBe('terminated');
  });
});
