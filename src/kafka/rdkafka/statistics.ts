/**
 * Decoding of librdkafka's statistics event (`statistics.interval.ms`).
 */

/** Parses the payload of a statistics event; undefined when it is not JSON. */
export function parseStatistics(event: unknown): Readonly<Record<string, unknown>> | undefined {
  const text =
    typeof event === 'string'
      ? event
      : typeof event === 'object' && event !== null && typeof (event as { message?: unknown }).message === 'string'
        ? (event as { message: string }).message
        : undefined;
  if (text === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
