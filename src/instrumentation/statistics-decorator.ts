/**
 * Adds change-since-last-report to librdkafka statistics: for every numeric field `x`, a field `x_d` with the
 * difference from the previous report of the same client (0 on the first report), at every depth.
 */

type Json = Readonly<Record<string, unknown>>;

/** Remembers the last report of one client and decorates the next one. */
export class StatisticsDecorator {
  #previous: Json | undefined;

  /** Returns a copy of `statistics` with `_d` deltas added. */
  decorate(statistics: Json): Json {
    const decorated = withDeltas(statistics, this.#previous);
    this.#previous = statistics;
    return decorated;
  }
}

function withDeltas(current: Json, previous: Json | undefined): Json {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(current)) {
    result[key] = value;
    const before = previous?.[key];
    if (typeof value === 'number') {
      result[`${key}_d`] = typeof before === 'number' ? value - before : 0;
    } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      result[key] = withDeltas(
        value as Json,
        typeof before === 'object' && before !== null ? (before as Json) : undefined,
      );
    }
  }
  return result;
}
