/**
 * Time-bucketed history for the dashboard's charts, in three resolutions: the last hour by minute, the last
 * day by 15 minutes, the last week by 2 hours. Counters (messages, batches, errors) add up within a bucket;
 * gauges (processes, lag, busy workers, memory, event loop) keep the value of the last sample in it.
 */
import type { MaterializedMetrics, MetricsPoint, MetricsRange, ProcessCounters, ProcessState } from '../report.js';
import { SCHEMA_VERSION } from '../report.js';

/** Bucket size and number of buckets of each range. */
export const RANGES: Readonly<Record<MetricsRange, { readonly bucketMs: number; readonly buckets: number }>> = {
  hour: { bucketMs: 60_000, buckets: 60 },
  day: { bucketMs: 15 * 60_000, buckets: 96 },
  week: { bucketMs: 2 * 3_600_000, buckets: 84 },
};

type Point = { -readonly [K in keyof MetricsPoint]: MetricsPoint[K] };

function emptyPoint(t: number): Point {
  return {
    t,
    processes: 0,
    messages: 0,
    batches: 0,
    errors: 0,
    lag: 0,
    busy: 0,
    concurrency: 0,
    enqueued: 0,
    rss: 0,
    eventLoopP99: 0,
  };
}

/** The history the materialiser keeps and writes. */
export class MetricsHistory {
  readonly #series: Record<MetricsRange, Point[]> = { hour: [], day: [], week: [] };
  #topicLags: Record<string, [number, number][]> = {};

  /** Restores from a materialised history. */
  restore(metrics: MaterializedMetrics): void {
    for (const range of Object.keys(RANGES) as MetricsRange[]) {
      this.#series[range] = (metrics.series[range] ?? []).map((p) => ({ ...emptyPoint(p.t), ...p }));
    }
    this.#topicLags = Object.fromEntries(
      Object.entries(metrics.topicLags ?? {}).map(([name, points]) => [
        name,
        points.map(([t, v]) => [t, v] as [number, number]),
      ]),
    );
  }

  /** Adds counters of a report that came at `time`. */
  add(counters: ProcessCounters, time: number): void {
    for (const range of Object.keys(RANGES) as MetricsRange[]) {
      const point = this.#bucket(range, time);
      point.messages += counters.messages;
      point.batches += counters.batches;
      point.errors += counters.errors;
    }
  }

  /** Samples the gauges from the processes active at `now`. */
  sample(processes: readonly ProcessState[], now: number): void {
    const active = processes.filter((p) => p.status === 'active');
    const gauges = {
      processes: active.length,
      lag: 0,
      busy: 0,
      concurrency: 0,
      enqueued: 0,
      rss: 0,
      eventLoopP99: 0,
    };
    const lags = new Map<string, number>();
    for (const { report } of active) {
      gauges.busy += report.busy;
      gauges.concurrency += report.concurrency;
      gauges.enqueued += report.enqueued;
      gauges.rss += report.memory.rss;
      gauges.eventLoopP99 = Math.max(gauges.eventLoopP99, report.eventLoop?.p99 ?? 0);
      for (const p of report.partitions) {
        if (p.lag === undefined) continue;
        gauges.lag += p.lag;
        const name = `${p.consumerGroup}/${p.topic}`;
        lags.set(name, (lags.get(name) ?? 0) + p.lag);
      }
    }
    for (const range of Object.keys(RANGES) as MetricsRange[]) Object.assign(this.#bucket(range, now), gauges);
    const bucket = Math.floor(now / RANGES.hour.bucketMs) * RANGES.hour.bucketMs;
    const oldest = bucket - RANGES.hour.bucketMs * (RANGES.hour.buckets - 1);
    for (const [name, lag] of lags) {
      const points = (this.#topicLags[name] ??= []);
      if (points.at(-1)?.[0] === bucket) points.at(-1)![1] = lag;
      else points.push([bucket, lag]);
    }
    for (const [name, points] of Object.entries(this.#topicLags)) {
      const kept = points.filter(([t]) => t >= oldest);
      if (kept.length === 0) delete this.#topicLags[name];
      else this.#topicLags[name] = kept;
    }
  }

  /** The history as written to the metrics topic. */
  toMessage(now: number): MaterializedMetrics {
    return {
      schema: SCHEMA_VERSION,
      type: 'metrics',
      dispatchedAt: now,
      series: { hour: [...this.#series.hour], day: [...this.#series.day], week: [...this.#series.week] },
      topicLags: this.#topicLags,
    };
  }

  #bucket(range: MetricsRange, time: number): Point {
    const { bucketMs, buckets } = RANGES[range];
    const t = Math.floor(time / bucketMs) * bucketMs;
    const series = this.#series[range];
    let point = series.find((p) => p.t === t);
    if (point === undefined) {
      point = emptyPoint(t);
      series.push(point);
      series.sort((a, b) => a.t - b.t);
      const oldest = t - bucketMs * (buckets - 1);
      while (series.length > 0 && series[0]!.t < oldest) series.shift();
    }
    return point;
  }
}
