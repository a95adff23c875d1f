/**
 * The Prometheus exporter against the real broker: a scrape of /metrics on the liveness port, parsed, shows
 * as many messages consumed as were produced, the lag of every partition reaching 0, the jobs gauges and the
 * errors by type.
 */
import { describe, expect, it } from 'vitest';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import { LivenessListener } from '../../../src/instrumentation/vendors/liveness-listener.js';
import { enableMetrics } from '../../../src/server/server-metrics.js';
import { startEmbedded, testApp } from '../../support/app.js';
import { createTopic, produceMessages, uniqueName } from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';

/** One sample of a scrape. */
interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** Parses Prometheus's text format (the lines that are samples). */
function parse(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (match === null) throw new Error(`not a sample: ${line}`);
      const labels: Record<string, string> = {};
      for (const pair of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]!] = pair[2]!;
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

describe('Prometheus metrics', () => {
  it('a /metrics scrape shows the consumed count equal to what was produced and lag reaching 0', async () => {
    const topic = await createTopic(uniqueName('metrics'), 2);
    class FailingOnceConsumer extends BaseConsumer {
      static failed = false;
      override consume(): void {
        if (!FailingOnceConsumer.failed) {
          FailingOnceConsumer.failed = true;
          throw new Error('first batch fails');
        }
      }
    }
    const app = testApp({ kafka: { 'statistics.interval.ms': 500 }, pause: { timeout: 100, maxTimeout: 100 } });
    app.routes.draw((r) => r.topic(topic, { consumer: FailingOnceConsumer }));
    const metrics = enableMetrics(app);
    const liveness = new LivenessListener({ port: 0, metrics });
    liveness.attach(app.monitor);
    await startEmbedded(app);
    await produceMessages(topic, 30, { partition: 0 });
    await produceMessages(topic, 12, { partition: 1 });
    const port = await waitUntil(() => liveness.port, { description: 'the liveness port' });

    const scrape = async (): Promise<Sample[]> => {
      const response = await fetch(`http://127.0.0.1:${String(port)}/metrics`);
      expect(response.headers.get('content-type')).toContain('text/plain');
      return parse(await response.text());
    };
    const samples = await waitUntil(
      async () => {
        const all = await scrape();
        const consumed = all.filter((s) => s.name === 'karafka_messages_consumed_total' && s.labels.topic === topic);
        const lags = all.filter((s) => s.name === 'karafka_consumer_lag' && s.labels.topic === topic);
        const total = consumed.reduce((sum, s) => sum + s.value, 0);
        return total === 42 && lags.length === 2 && lags.every((s) => s.value === 0) ? all : undefined;
      },
      { description: '42 messages consumed and lag 0 on both partitions in a scrape' },
    );
    const byPartition: Record<string, number> = Object.fromEntries(
      samples
        .filter((s) => s.name === 'karafka_messages_consumed_total' && s.labels.topic === topic)
        .map((s): [string, number] => [s.labels.partition ?? '', s.value]),
    );
    expect(byPartition).toEqual({ 0: 30, 1: 12 });
    expect(
      samples.find((s) => s.name === 'karafka_errors_total' && s.labels.type === 'consumer.consume.error')?.value,
    ).toBe(1);
    expect(samples.find((s) => s.name === 'karafka_workers')?.value).toBe(app.settings.concurrency);
    expect(samples.some((s) => s.name === 'karafka_workers_busy')).toBe(true);
    expect(samples.some((s) => s.name === 'karafka_jobs_enqueued')).toBe(true);
    expect(samples.some((s) => s.name === 'karafka_consume_duration_seconds_count' && s.labels.topic === topic)).toBe(
      true,
    );
    // The liveness probe itself still answers on the same port.
    expect((await fetch(`http://127.0.0.1:${String(port)}/`)).status).toBe(200);
  });
});
