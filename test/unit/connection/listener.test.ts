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

  it('gives its partitions up and rejoins with a new client when a batch runs past max.poll.interval.ms', async () => {
    const cluster = new FakeCluster();
    cluster.fill('events', 1, 3);
    const instances: BaseConsumer[] = [];
    let markAfterLoss: boolean | undefined;
    const seen: string[] = [];
    class SlowConsumer extends BaseConsumer {
      async consume(): Promise<void> {
        if (!instances.includes(this)) instances.push(this);
        for (const m of this.messages) seen.push(`${String(instances.indexOf(this))}@${String(m.offset)}`);
        if (instances.length === 1) {
          await waitUntil(() => this.isRevoked, { description: 'the partition to be taken away' });
          markAfterLoss = this.markAsConsumed(this.messages.last()!);
        }
      }
    }
    const app = new App(
      {
        clientId: 'fake',
        logLevel: 'silent',
        listenerResetBackoff: 10,
        maxWaitTime: 20,
        maxMessages: 1,
        kafka: { 'max.poll.interval.ms': 100 },
      },
      { drivers: cluster.drivers() },
    );
    app.routes.draw((r) => r.topic('events', { consumer: SlowConsumer }));
    const errors: string[] = [];
    app.monitor.subscribe('error.occurred', ({ type }) => errors.push(type));
    const embedded = new Embedded(app);
    await embedded.start();
    await waitUntil(() => seen.filter((s) => s.startsWith('1@')).length === 3, {
      description: 'a new consumer instance to process the partition from the start',
    });
    await embedded.stop();
    expect(markAfterLoss).toBe(false);
    expect(seen).toEqual(['0@0', '1@0', '1@1', '1@2']);
    expect(errors).toContain('connection.listener.max_poll_interval.error');
    expect(cluster.consumers).toHaveLength(2);
  });

  it('runs eofed() when a partition reaches its end', async () => {
    const cluster = new FakeCluster();
    cluster.fill('events', 1, 2);
    const calls: string[] = [];
    class EofConsumer extends BaseConsumer {
      consume(): void {
        calls.push(`consume ${String(this.messages.length)}`);
      }
      override eofed(): void {
        calls.push('eofed');
      }
    }
    const app = new App({ clientId: 'fake', logLevel: 'silent', maxWaitTime: 20 }, { drivers: cluster.drivers() });
    app.routes.draw((r) => r.topic('events', { consumer: EofConsumer, eofed: true }));
    const embedded = new Embedded(app);
    await embedded.start();
    await waitUntil(() => calls.includes('eofed'), { description: 'eofed() after the two messages' });
    await embedded.stop();
    expect(calls).toEqual(['consume 2', 'eofed']);
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
