/**
 * Traces and diagnostics channels against the real broker, with the OpenTelemetry SDK's in-memory exporter:
 * a message produced by the app carries the producer span's W3C context, and the consume span of its batch has
 * that span as parent; a message without a context starts a trace of its own; the monitor's events are
 * published on node:diagnostics_channel.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import { eventChannelName } from '../../../src/instrumentation/monitor.js';
import { enableTracing } from '../../../src/server/server-tracing.js';
import { startEmbedded, testApp } from '../../support/app.js';
import { createTopic, produceMessages, uniqueName } from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';

const exporter = new InMemorySpanExporter();
const contextManager = new AsyncLocalStorageContextManager();

beforeAll(() => {
  context.setGlobalContextManager(contextManager.enable());
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
});

afterAll(() => {
  trace.disable();
  context.disable();
});

describe('tracing', () => {
  it('gives the consume span the producer span as parent when the message carried a trace context', async () => {
    const topic = await createTopic(uniqueName('traced'), 1);
    const headers: Record<string, string>[] = [];
    class TracedConsumer extends BaseConsumer {
      override consume(): void {
        for (const m of this.messages) headers.push({ ...m.headers });
      }
    }
    const app = testApp();
    app.routes.draw((r) => r.topic(topic, { consumer: TracedConsumer }));
    enableTracing(app);
    const channelEvents: unknown[] = [];
    const onConsumed = (message: unknown): void => void channelEvents.push(message);
    subscribe(eventChannelName('consumer.consumed'), onConsumed);
    try {
      await startEmbedded(app);
      await app.producer.produceSync({ topic, payload: 'traced' });
      await waitUntil(() => headers.length === 1, { description: 'the traced message consumed' });
      await produceMessages(topic, 1, { payload: () => 'untraced' });
      await waitUntil(() => headers.length === 2, { description: 'the untraced message consumed' });
      const spans = await waitUntil(
        () => {
          const finished = exporter.getFinishedSpans().filter((s) => s.name.startsWith(topic));
          return finished.filter((s) => s.name.endsWith('process')).length === 2 ? finished : undefined;
        },
        { description: 'two consume spans' },
      );

      const produce = spans.find((s) => s.name === `${topic} publish`)!;
      const [tracedConsume, untracedConsume] = spans.filter((s) => s.name === `${topic} process`);
      expect(headers[0]!.traceparent).toBe(`00-${produce.spanContext().traceId}-${produce.spanContext().spanId}-01`);
      expect(tracedConsume!.spanContext().traceId).toBe(produce.spanContext().traceId);
      expect(tracedConsume!.parentSpanContext?.spanId).toBe(produce.spanContext().spanId);
      expect(tracedConsume!.links.map((l) => l.context.spanId)).toEqual([produce.spanContext().spanId]);
      expect(tracedConsume!.attributes).toMatchObject({
        'messaging.destination.name': topic,
        'messaging.system': 'kafka',
      });
      expect(untracedConsume!.parentSpanContext).toBeUndefined();
      expect(untracedConsume!.spanContext().traceId).not.toBe(produce.spanContext().traceId);
      expect(channelEvents).toEqual([
        expect.objectContaining({ topic, messages: 1 }),
        expect.objectContaining({ topic, messages: 1 }),
      ]);
    } finally {
      unsubscribe(eventChannelName('consumer.consumed'), onConsumed);
    }
  });
});
