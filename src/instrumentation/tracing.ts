/**
 * OpenTelemetry spans through `@opentelemetry/api` only (the app brings the SDK and exporter): a CONSUMER span
 * around each consume batch, whose parent is the producer's span when the first message of the batch carries
 * a W3C trace context (`traceparent`, `tracestate` headers), with a link to every message's context; and a
 * PRODUCER span for each produced message, whose context is written into the message's headers. Without an SDK
 * registered, the API's no-op tracer makes all of it free.
 *
 * ```ts
 * enableTracing(app); // karafka-ts: consume spans from the monitor, produce spans from producer middleware
 * ```
 */
import {
  type Context,
  type Link,
  type SpanContext,
  type Tracer,
  SpanKind,
  SpanStatusCode,
  context,
  createTraceState,
  isSpanContextValid,
  trace,
} from '@opentelemetry/api';
import { type MessageWithHeaders, batchMessagesOf } from './batch-messages.js';
import type { Monitor } from './monitor.js';

/** The W3C trace context headers. */
export const TRACEPARENT = 'traceparent';
/** Vendor-specific trace state, carried along with `traceparent`. */
export const TRACESTATE = 'tracestate';

/** Options of the tracing. */
export interface KafkaTracingOptions {
  /** Name of the tracer (default `karafka-ts`). */
  readonly tracerName?: string;
}

/** Headers of a message to produce (the producer's shape). */
type OutgoingHeaders = Readonly<Record<string, string | Buffer | readonly (string | Buffer)[]>>;

/** The part of a produced message tracing reads and writes. */
export interface TracedOutgoingMessage {
  readonly topic: string;
  readonly partition?: number;
  readonly headers?: OutgoingHeaders;
}

const TRACEPARENT_FORMAT = /^([\da-f]{2})-([\da-f]{32})-([\da-f]{16})-([\da-f]{2})$/;

/** The span context a `traceparent` (and `tracestate`) value describes, if valid. */
export function parseTraceparent(traceparent: string, tracestate?: string): SpanContext | undefined {
  const match = TRACEPARENT_FORMAT.exec(traceparent.trim());
  if (match === null || match[1] === 'ff') return undefined;
  const spanContext: SpanContext = {
    traceId: match[2]!,
    spanId: match[3]!,
    traceFlags: Number.parseInt(match[4]!, 16) & 0xff,
    isRemote: true,
    ...(tracestate === undefined || tracestate === '' ? {} : { traceState: createTraceState(tracestate) }),
  };
  return isSpanContextValid(spanContext) ? spanContext : undefined;
}

/** The `traceparent` value of a span context. */
export function formatTraceparent(spanContext: SpanContext): string {
  return `00-${spanContext.traceId}-${spanContext.spanId}-${(spanContext.traceFlags & 0xff).toString(16).padStart(2, '0')}`;
}

/** The trace context a consumed message carries, if any. */
export function messageSpanContext(message: MessageWithHeaders): SpanContext | undefined {
  let traceparent: string | undefined;
  let tracestate: string | undefined;
  for (const header of message.headers) {
    if (header.key === TRACEPARENT) traceparent = header.value.toString('latin1');
    else if (header.key === TRACESTATE) tracestate = header.value.toString('latin1');
  }
  return traceparent === undefined ? undefined : parseTraceparent(traceparent, tracestate);
}

/** Spans of consume batches and produced messages. */
export class KafkaTracing {
  readonly #tracerName: string;

  /** @param options the tracer's name */
  constructor(options: KafkaTracingOptions = {}) {
    this.#tracerName = options.tracerName ?? 'karafka-ts';
  }

  /** The tracer (asked of the global provider each time: an SDK registered later is used). */
  get tracer(): Tracer {
    return trace.getTracer(this.#tracerName);
  }

  /** Wraps every consume of `monitor` in a span; returns a function that stops it. */
  attach(monitor: Monitor): () => void {
    return monitor.wrap('consumer.consumed', (payload, work) => {
      const contexts = (batchMessagesOf(payload) ?? []).flatMap((m) => {
        const found = messageSpanContext(m);
        return found === undefined ? [] : [found];
      });
      const first = contexts[0];
      const parent: Context = first === undefined ? context.active() : trace.setSpanContext(context.active(), first);
      const links: Link[] = contexts.map((spanContext) => ({ context: spanContext }));
      const span = this.tracer.startSpan(
        `${payload.topic} process`,
        {
          kind: SpanKind.CONSUMER,
          links,
          attributes: {
            'messaging.system': 'kafka',
            'messaging.operation.type': 'process',
            'messaging.destination.name': payload.topic,
            'messaging.destination.partition.id': String(payload.partition),
            'messaging.consumer.group.name': payload.consumerGroup,
            'messaging.batch.message_count': payload.messages,
            ...(payload.firstOffset === undefined ? {} : { 'messaging.kafka.offset': payload.firstOffset }),
          },
        },
        parent,
      );
      return context.with(trace.setSpan(parent, span), async () => {
        try {
          const result = await work();
          span.setStatus({ code: SpanStatusCode.OK });
          return result;
        } catch (error) {
          span.recordException(error instanceof Error ? error : String(error));
          span.setStatus({
            code: SpanStatusCode.ERROR,
            message: error instanceof Error ? error.message : String(error),
          });
          throw error;
        } finally {
          span.end();
        }
      });
    });
  }

  /**
   * Producer middleware: a PRODUCER span for the message (a child of the active span, e.g. the consume that
   * produces it), whose context replaces any `traceparent`/`tracestate` the message had.
   */
  readonly inject = <M extends TracedOutgoingMessage>(message: M): M => {
    const span = this.tracer.startSpan(`${message.topic} publish`, {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'send',
        'messaging.destination.name': message.topic,
        ...(message.partition === undefined ? {} : { 'messaging.destination.partition.id': String(message.partition) }),
      },
    });
    const spanContext = span.spanContext();
    span.end();
    if (!isSpanContextValid(spanContext)) return message;
    const headers: Record<string, string | Buffer | readonly (string | Buffer)[]> = { ...message.headers };
    headers[TRACEPARENT] = formatTraceparent(spanContext);
    const state = spanContext.traceState?.serialize();
    if (state !== undefined && state !== '') headers[TRACESTATE] = state;
    else delete headers[TRACESTATE];
    return { ...message, headers };
  };
}
