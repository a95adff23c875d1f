import { describe, expect, it } from 'vitest';
import { App } from '../../../src/app/app.js';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import { Embedded } from '../../../src/server/embedded.js';
import { FakeCluster } from '../../support/fake-kafka.js';
import { waitUntil } from '../../support/wait-until.js';

describe('listener fetch-loop errors (in-memory driver)', () => {
  it('reports a fatal poll error, recreates its client after the backoff, and carries on consuming', async () => {
    const cluster = new FakeCluster();
    cluster.fill('events', 2, 40);
    cluster.failNextPolls = 1;
    const offsets: string[] = [];
    class RecordingConsumer extends BaseConsumer {
      consume(): void {
        for (const m of this.messages) offsets.push(`${String(m.partition)}@${String(m.offset)}`);
      }
    }
    const app = new App(
      { clientId: 'fake', logLevel: 'silent', listenerResetBackoff: 10, maxWaitTime: 20 },
      { drivers: cluster.drivers() },
    );
    app.routes.draw((r) => r.topic('events', { consumer: RecordingConsumer }));
    const events: string[] = [];
    app.monitor.subscribeAll((event, payload) => {
      if (event === 'error.occurred') events.push(`error ${String(payload.type)}`);
      if (event === 'connection.client.reset') events.push('reset');
    });
    const embedded = new Embedded(app);
    await embedded.start();
    await waitUntil(() => new Set(offsets).size === 40, { description: 'all 40 messages after the reset' });
    await embedded.stop();

    expect(events.slice(0, 2)).toEqual(['error connection.listener.fetch_loop.error', 'reset']);
    expect(cluster.consumers).toHaveLength(2);
    expect(cluster.consumers[0]?.closed).toBe(true);
    expect(cluster.committed.get('fake:events/0')).toBe(20);
    expect(cluster.committed.get('fake:events/1')).toBe(20);
  });

  /**
   * Fills one partition with 500 messages, holds the consumer until the partition stops fetching, and returns
   * how many messages were buffered then and the largest poll; afterwards the backlog must drain completely.
   */
  async function bufferedWhenFull(bounds: {
    maxBufferedMessages?: number;
    maxBufferedBytes?: number;
  }): Promise<{ buffered: number; largestPoll: number }> {
    const cluster = new FakeCluster();
    cluster.fill('backlog', 1, 500);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let processed = 0;
    class GatedConsumer extends BaseConsumer {
      async consume(): Promise<void> {
        await gate;
        processed += this.messages.length;
      }
    }
    const app = new App(
      { clientId: 'fake', logLevel: 'silent', maxWaitTime: 20, maxMessages: 10, ...bounds },
      { drivers: cluster.drivers() },
    );
    app.routes.draw((r) => r.topic('backlog', { consumer: GatedConsumer }));
    let largestPoll = 0;
    app.monitor.subscribe('connection.listener.fetch_loop.received', ({ messages }) => {
      largestPoll = Math.max(largestPoll, messages);
    });
    const embedded = new Embedded(app);
    await embedded.start();
    await waitUntil(() => embedded.server?.dump().includes('fetch paused') === true, {
      description: 'the partition to stop fetching with a full buffer',
    });
    const buffered = embedded.server!.report().listeners[0]!.partitions[0]!.buffered;
    release();
    await waitUntil(() => processed === 500, { description: 'the backlog to drain after fetching resumed' });
    await embedded.stop();
    return { buffered, largestPoll };
  }

  it('pauses fetching of a partition whose buffer is full and resumes it once half of it was processed', async () => {
    const { buffered, largestPoll } = await bufferedWhenFull({ maxBufferedMessages: 50 });
    // Bounded: at most the limit plus one poll's worth (polls grow past maxMessages while consumers keep up).
    expect(buffered).toBeGreaterThanOrEqual(50);
    expect(buffered).toBeLessThanOrEqual(50 + largestPoll);
  });

  it('bounds the buffer by bytes as well as by messages', async () => {
    // Payloads are {"i":0} to {"i":499}: 7 to 9 bytes.
    const { buffered, largestPoll } = await bufferedWhenFull({ maxBufferedBytes: 1024 });
    expect(buffered).toBeGreaterThanOrEqual(Math.floor(1024 / 9));
    expect(buffered).toBeLessThanOrEqual(Math.ceil(1024 / 7) + largestPoll);
  });
});
