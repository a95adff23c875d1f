/**
 * `enableTracing(app)`: OpenTelemetry spans for the app (through `@opentelemetry/api`; the app registers the
 * SDK): a span around each consume batch, and a span for each message the app's producer sends, whose W3C
 * trace context travels in the message's headers.
 */
import type { App } from '../app/app.js';
import { KafkaTracing, type KafkaTracingOptions } from '../instrumentation/tracing.js';

/** Turns tracing on for `app`; returns the tracing (its `inject` middleware fits other producers too). */
export function enableTracing(app: App, options: KafkaTracingOptions = {}): KafkaTracing {
  const tracing = new KafkaTracing(options);
  tracing.attach(app.monitor);
  app.producer.middleware.append(tracing.inject);
  return tracing;
}
