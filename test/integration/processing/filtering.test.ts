/**
 * Filters against the real broker: throttling (at most `limit` messages per interval, every message consumed
 * exactly once, fetching paused between windows), delayed consumption (no message before its timestamp + the
 * delay) and expiring messages (never passed to consume(), their offsets committed), also in front of virtual
 * partitions.
 */
import { describe, expect, it } from 'vitest';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import { recordEvents, startEmbedded, testApp } from '../../support/app.js';
import { createTopic, produceMessages, uniqueName, waitForCommittedOffsets } from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';

/** One message as a consumer got it. */
interface Consumed {
  readonly offset: number;
  /** The message's timestamp (ms). */
  readonly timestamp: number;
  /** When the batch was filtered and handed to a job (`messages.metadata.scheduledAt`). */
  readonly scheduledAt: number;
  /** `Date.now()` inside `consume()`. */
  readonly consumedAt: number;
}

function recordingConsumer(seen: Consumed[]) {
  return class Recording extends BaseConsumer {
    consume(): void {
      const consumedAt = Date.now();
      const { scheduledAt } = this.messages.metadata;
      for (const m of this.messages) {
        seen.push({ offset: m.offset, timestamp: m.timestamp.getTime(), scheduledAt, consumedAt });
      }
    }
  };
}

describe('filtering against the broker', () => {
  it('throttles to 10 messages per second: all 100 consumed once, never 11 in a second, paused between windows', async () => {
    const topic = await createTopic(uniqueName('throttle'));
    await produceMessages(topic, 100);
    const seen: Consumed[] = [];
    const app = testApp();
    app.routes.draw((r) =>
      r.topic(topic, { consumer: recordingConsumer(seen), throttle: { limit: 10, interval: 1_000 } }),
    );
    const pauses = recordEvents(app, 'consumer.consuming.pause');
    const resumes = recordEvents(app, 'consumer.consuming.resume');
    await startEmbedded(app);
    await waitUntil(() => seen.length >= 100, {
      timeoutMs: 90_000,
      description: () => `100 messages consumed (got ${String(seen.length)})`,
    });
    expect(seen.map((s) => s.offset)).toEqual([...Array(100).keys()]);
    // The throttle counts by the time batches are handed to consume(): any 11 consecutive messages span at least
    // one interval, so 100 messages span at least 9.
    for (let i = 10; i < seen.length; i += 1) {
      expect(seen[i]!.scheduledAt - seen[i - 10]!.scheduledAt).toBeGreaterThanOrEqual(1_000);
    }
    expect(seen[99]!.scheduledAt - seen[0]!.scheduledAt).toBeGreaterThanOrEqual(9_000);
    // Fetching paused by the throttle between windows, and resumed.
    const throttled = pauses.filter((p) => p.payload.filter === 'throttle');
    expect(throttled.length).toBeGreaterThanOrEqual(9);
    expect(resumes.length).toBeGreaterThanOrEqual(9);
    for (const pause of throttled) expect(pause.payload.timeout).toBeGreaterThan(0);
  });

  it('delays consumption by 3 s: no message is consumed before its timestamp + 3 s', async () => {
    const topic = await createTopic(uniqueName('delay'));
    const seen: Consumed[] = [];
    const app = testApp();
    app.routes.draw((r) => r.topic(topic, { consumer: recordingConsumer(seen), delay: 3_000 }));
    const pauses = recordEvents(app, 'consumer.consuming.pause');
    await startEmbedded(app);
    await produceMessages(topic, 10);
    // A second burst while the first one waits.
    await waitUntil(() => pauses.length > 0, { description: 'the partition paused for the first burst' });
    await produceMessages(topic, 10);
    await waitUntil(() => seen.length >= 20, {
      timeoutMs: 60_000,
      description: () => `20 messages consumed (got ${String(seen.length)})`,
    });
    expect(seen.map((s) => s.offset)).toEqual([...Array(20).keys()]);
    for (const message of seen) expect(message.consumedAt).toBeGreaterThanOrEqual(message.timestamp + 3_000);
    expect(pauses.some((p) => p.payload.filter === 'delay')).toBe(true);
  });

  it('drops expired messages: never passed to consume(), their offsets committed', async () => {
    const topic = await createTopic(uniqueName('expire'));
    const group = uniqueName('expire-group');
    const old = Date.now() - 120_000;
    // Offsets 0-4 and 10-14 are two minutes old, 5-9 fresh.
    await produceMessages(topic, 5, { timestamp: () => old });
    await produceMessages(topic, 5);
    await produceMessages(topic, 5, { timestamp: () => old });
    const seen: Consumed[] = [];
    const app = testApp({ groupId: group });
    app.routes.draw((r) => r.topic(topic, { consumer: recordingConsumer(seen), expire: 60_000 }));
    const filtered = recordEvents(app, 'consumer.filtered');
    await startEmbedded(app);
    await waitUntil(() => seen.length >= 5, { description: () => `5 fresh messages (got ${String(seen.length)})` });
    // Every offset committed, the expired ones at the end included.
    await waitForCommittedOffsets(group, topic, new Map([[0, 15]]), 30_000);
    expect(seen.map((s) => s.offset)).toEqual([5, 6, 7, 8, 9]);
    const dropped = filtered.reduce((sum, e) => sum + Number(e.payload.dropped), 0);
    expect(dropped).toBe(10);
  });

  it('filters before virtual partitions split a batch: only fresh messages reach the jobs, in order per key', async () => {
    const topic = await createTopic(uniqueName('expire-vp'));
    const group = uniqueName('expire-vp-group');
    const old = Date.now() - 120_000;
    // 0-19 two minutes old, 20-39 fresh; keys k0-k3.
    await produceMessages(topic, 20, { timestamp: () => old, key: (i) => `k${String(i % 4)}` });
    await produceMessages(topic, 20, { key: (i) => `k${String(i % 4)}` });
    const byKey = new Map<string, number[]>();
    class KeyRecorder extends BaseConsumer {
      consume(): void {
        for (const m of this.messages) byKey.set(m.key!, [...(byKey.get(m.key!) ?? []), m.offset]);
      }
    }
    const app = testApp({ groupId: group, concurrency: 4 });
    app.routes.draw((r) =>
      r.topic(topic, { consumer: KeyRecorder, expire: 60_000, virtualPartitions: { maxPartitions: 4 } }),
    );
    await startEmbedded(app);
    const total = (): number => [...byKey.values()].reduce((sum, offsets) => sum + offsets.length, 0);
    await waitUntil(() => total() >= 20, { description: () => `20 fresh messages (got ${String(total())})` });
    await waitForCommittedOffsets(group, topic, new Map([[0, 40]]), 30_000);
    const all = [...byKey.values()].flat().sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 20 }, (_, i) => 20 + i));
    for (const offsets of byKey.values()) expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
  });
});
