/**
 * Inline insights against the broker: after consuming what was produced, a consumer sees its partition's
 * committed offset, high watermark and lag as the broker has them, without subscribing to statistics; figures
 * seen during consumption never run ahead of what was produced or processed.
 */
import { describe, expect, it } from 'vitest';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import type { PartitionInsights } from '../../../src/instrumentation/partition-statistics.js';
import { startEmbedded, testApp } from '../../support/app.js';
import { createTopic, produceMessages, uniqueName } from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';

interface Seen {
  readonly in: 'consume' | 'tick';
  /** First offset of the batch (consume). */
  readonly offset?: number;
  readonly insights: PartitionInsights | undefined;
}

describe('inline insights', () => {
  it('give the partition’s lag and committed offset consistent with what was produced and consumed', async () => {
    const topic = await createTopic(uniqueName('insights'), 1);
    const seen: Seen[] = [];
    let consumed = 0;

    class InsightfulConsumer extends BaseConsumer {
      consume(): void {
        seen.push({ in: 'consume', offset: this.messages.first()!.offset, insights: this.insights });
        consumed += this.messages.length;
      }

      override tick(): void {
        seen.push({ in: 'tick', insights: this.insights });
      }
    }

    const app = testApp({
      maxMessages: 3,
      kafka: { 'statistics.interval.ms': 500, 'auto.commit.interval.ms': 500 },
    });
    app.routes.draw((r) =>
      r.topic(topic, { consumer: InsightfulConsumer, inlineInsights: true, periodic: { interval: 200 } }),
    );
    await produceMessages(topic, 10);
    await startEmbedded(app);
    await waitUntil(() => consumed === 10, { description: 'the 10 messages consumed' });

    // Once everything is committed, the figures say so: committed 10 of 10, nothing left.
    const settled = await waitUntil(
      () =>
        seen.find(
          (s) =>
            s.in === 'tick' &&
            s.insights?.committedOffset === 10 &&
            s.insights.highWatermark === 10 &&
            s.insights.lag === 0,
        ),
      { description: () => `a tick to see committed 10, lag 0 (last: ${JSON.stringify(lastFigures(seen))})` },
    );
    expect(settled.insights).toMatchObject({ topic, partition: 0, fetchState: 'active', storedOffset: 10 });
    // During consumption nothing past the running batch was committed, nor past what was produced.
    for (const s of seen.filter((entry) => entry.in === 'consume')) {
      if (s.insights === undefined) continue;
      expect(s.insights.committedOffset ?? 0).toBeLessThanOrEqual(s.offset!);
      expect(s.insights.highWatermark ?? 0).toBeLessThanOrEqual(10);
    }

    // One more message: its consume sees the committed 10 and a lag that matches the watermark it saw.
    await produceMessages(topic, 1);
    await waitUntil(() => consumed === 11, { description: 'the 11th message consumed' });
    const last = seen.findLast((s) => s.in === 'consume')!;
    expect(last.offset).toBe(10);
    expect(last.insights?.committedOffset).toBe(10);
    expect([10, 11]).toContain(last.insights?.highWatermark);
    expect(last.insights?.lag).toBe(last.insights!.highWatermark! - 10);
    expect(last.insights!.takenAt).toBeLessThanOrEqual(Date.now());
  }, 90_000);

  it('turn the client statistics on where the kafka settings turned them off', async () => {
    const topic = await createTopic(uniqueName('insights-on'), 1);
    let figures: PartitionInsights | undefined;

    class TickingConsumer extends BaseConsumer {
      consume(): void {}

      override tick(): void {
        figures ??= this.insights;
      }
    }

    // The test apps run with statistics.interval.ms 0: inlineInsights turns them on (every 5 s).
    const app = testApp();
    expect(app.settings.kafka['statistics.interval.ms']).toBe(0);
    app.routes.draw((r) =>
      r.topic(topic, { consumer: TickingConsumer, inlineInsights: true, periodic: { interval: 200 } }),
    );
    await startEmbedded(app);
    const seen = await waitUntil(() => figures, { description: 'insights in tick()' });
    expect(seen).toMatchObject({ topic, partition: 0, highWatermark: 0 });
  }, 60_000);
});

function lastFigures(seen: readonly Seen[]): Partial<PartitionInsights> | undefined {
  const insights = seen.findLast((s) => s.insights !== undefined)?.insights;
  if (insights === undefined) return undefined;
  const { committedOffset, highWatermark, lag, fetchState } = insights;
  return { committedOffset, highWatermark, lag, fetchState };
}
