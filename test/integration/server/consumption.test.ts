import { describe, expect, it } from 'vitest';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import type { Message } from '../../../src/messages/message.js';
import { recordEvents, startEmbedded, testApp } from '../../support/app.js';
import { createTopic, produceMessages, uniqueName, waitForCommittedOffsets } from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';

describe('consumption through the server', () => {
  it('keeps each partition in order across many batches, without gaps, and commits the last offset', async () => {
    const topic = await createTopic(uniqueName('order'), 3);
    for (let partition = 0; partition < 3; partition += 1) {
      await produceMessages(topic, 300, { partition, payload: (i) => JSON.stringify({ partition, i }) });
    }
    const seen = new Map<number, number[]>();
    class OrderConsumer extends BaseConsumer<{ partition: number; i: number }> {
      consume(): void {
        for (const message of this.messages) {
          seen.set(message.partition, [...(seen.get(message.partition) ?? []), message.offset]);
          expect(message.payload).toEqual({ partition: message.partition, i: message.offset });
        }
      }
    }
    const app = testApp({ maxMessages: 7, concurrency: 3 });
    app.routes.draw((r) => r.topic(topic, { consumer: OrderConsumer }));
    const events = recordEvents(app, 'consumer.consume');
    const embedded = await startEmbedded(app);

    await waitUntil(() => [0, 1, 2].every((p) => seen.get(p)?.length === 300), {
      description: 'all 900 messages to be consumed',
    });
    for (const offsets of seen.values()) expect(offsets).toEqual(Array.from({ length: 300 }, (_, i) => i));
    const batches = events.filter((e) => e.name === 'consumer.consume');
    expect(batches.length).toBeGreaterThanOrEqual(Math.ceil(900 / 7));
    expect(events.filter((e) => e.name === 'consumer.consumed')).toHaveLength(batches.length);
    expect(batches.every((e) => (e.payload.messages as number) <= 7)).toBe(true);

    await embedded.stop();
    await waitForCommittedOffsets(
      app.routes.defaultConsumerGroupName,
      topic,
      new Map([
        [0, 300],
        [1, 300],
        [2, 300],
      ]),
    );
  });

  it('does not let a slow partition hold up another partition of the same subscription group', async () => {
    const topic = await createTopic(uniqueName('hol'), 2);
    await produceMessages(topic, 5, { partition: 0 });
    await produceMessages(topic, 1000, { partition: 1 });
    let fastCount = 0;
    let releaseSlow!: () => void;
    const fastDone = new Promise<void>((resolve) => {
      releaseSlow = resolve;
    });
    let slowStarted = false;
    class MixedConsumer extends BaseConsumer {
      async consume(): Promise<void> {
        if (this.partition === 0) {
          slowStarted = true;
          // Busy until the other partition finished 1000 messages: with head-of-line blocking this never ends.
          await fastDone;
          return;
        }
        fastCount += this.messages.length;
        if (fastCount >= 1000) releaseSlow();
      }
    }
    const app = testApp({ maxMessages: 10, concurrency: 2 });
    app.routes.draw((r) => r.topic(topic, { consumer: MixedConsumer }));
    await startEmbedded(app);
    await waitUntil(() => slowStarted, { description: 'the slow partition to start its first batch' });
    await waitUntil(() => fastCount >= 1000, { description: 'the fast partition to finish 1000 messages' });
    expect(fastCount).toBe(1000);
  });

  it('runs initialized() once with topic and partition set and an empty batch, before the first consume()', async () => {
    const topic = await createTopic(uniqueName('init'));
    await produceMessages(topic, 3);
    const calls: string[] = [];
    class InitConsumer extends BaseConsumer {
      override initialized(): void {
        calls.push(`initialized ${this.topic.name}/${String(this.partition)} batch=${String(this.messages.length)}`);
      }
      consume(): void {
        calls.push(`consume ${String(this.messages.length)}`);
      }
    }
    const app = testApp();
    app.routes.draw((r) => r.topic(topic, { consumer: InitConsumer }));
    await startEmbedded(app);
    await waitUntil(() => calls.some((c) => c.startsWith('consume')), { description: 'a consume() call' });
    expect(calls[0]).toBe(`initialized ${topic}/0 batch=0`);
    expect(calls.filter((c) => c.startsWith('initialized'))).toHaveLength(1);
  });

  it('lets a consumer scale the worker pool at run time', async () => {
    const topic = await createTopic(uniqueName('scale'));
    await produceMessages(topic, 1);
    let sizeSeen = 0;
    class ScalingConsumer extends BaseConsumer {
      consume(): void {
        this.workers.scale(9);
        sizeSeen = this.workers.size;
      }
    }
    const app = testApp({ concurrency: 2 });
    app.routes.draw((r) => r.topic(topic, { consumer: ScalingConsumer }));
    const embedded = await startEmbedded(app);
    await waitUntil(() => sizeSeen > 0, { description: 'the consumer to scale the pool' });
    expect(sizeSeen).toBe(9);
    expect(embedded.server?.workers.size).toBe(9);
  });

  it('deserializes payloads lazily and reports a payload that is not JSON without moving past it', async () => {
    const topic = await createTopic(uniqueName('deser'));
    await produceMessages(topic, 2, { payload: (i) => (i === 0 ? '{"ok":true}' : 'not json {') });
    const payloads: unknown[] = [];
    let failures = 0;
    let lastError: unknown;
    class StrictConsumer extends BaseConsumer {
      consume(): void {
        const message = this.messages.first() as Message<unknown>;
        if (message.offset === 1) expect(message.rawPayload?.toString()).toBe('not json {');
        payloads.push(message.payload);
      }
    }
    const app = testApp({ maxMessages: 1, pause: { timeout: 10, maxTimeout: 20, withExponentialBackoff: true } });
    app.routes.draw((r) => r.topic(topic, { consumer: StrictConsumer }));
    app.monitor.subscribe('error.occurred', (payload) => {
      if (payload.type !== 'consumer.consume.error') return;
      failures += 1;
      lastError = payload.error;
    });
    const embedded = await startEmbedded(app);
    await waitUntil(() => failures >= 2, { description: 'the undeserializable message to fail twice' });
    expect(payloads).toEqual([{ ok: true }]);
    expect(String(lastError)).toContain(`Could not deserialize the payload of ${topic}/0@1 with the json deserializer`);
    await embedded.stop();
    // Offset 0 was processed and committed; offset 1 never was.
    await waitForCommittedOffsets(app.routes.defaultConsumerGroupName, topic, new Map([[0, 1]]));
  });
});
