/**
 * W3C trace context in message headers: parsed when valid, refused otherwise, written back in the same form.
 */
import { describe, expect, it } from 'vitest';
import { formatTraceparent, messageSpanContext, parseTraceparent } from '../../../src/instrumentation/tracing.js';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';

describe('traceparent', () => {
  it('parses a valid traceparent and writes it back', () => {
    const context = parseTraceparent(`00-${TRACE}-${SPAN}-01`, 'vendor=x');
    expect(context).toMatchObject({ traceId: TRACE, spanId: SPAN, traceFlags: 1, isRemote: true });
    expect(context?.traceState?.get('vendor')).toBe('x');
    expect(formatTraceparent(context!)).toBe(`00-${TRACE}-${SPAN}-01`);
  });

  it('refuses malformed, all-zero and version ff contexts', () => {
    expect(parseTraceparent('garbage')).toBeUndefined();
    expect(parseTraceparent(`00-${'0'.repeat(32)}-${SPAN}-01`)).toBeUndefined();
    expect(parseTraceparent(`00-${TRACE}-${'0'.repeat(16)}-01`)).toBeUndefined();
    expect(parseTraceparent(`ff-${TRACE}-${SPAN}-01`)).toBeUndefined();
  });

  it('reads the context of a message from its headers', () => {
    const headers = [
      { key: 'other', value: Buffer.from('x') },
      { key: 'traceparent', value: Buffer.from(`00-${TRACE}-${SPAN}-00`) },
    ];
    expect(messageSpanContext({ headers })?.spanId).toBe(SPAN);
    expect(messageSpanContext({ headers: [] })).toBeUndefined();
  });
});
