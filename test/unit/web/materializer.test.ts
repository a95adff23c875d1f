/**
 * The materialiser's pure parts: the process table (latest report per process, counters added once, gone
 * after the TTL, stopped when it said so, forgotten later) and the charts' history (buckets per range,
 * counters summed, gauges sampled, old buckets dropped).
 */
import { describe, expect, it } from 'vitest';
import { MetricsHistory, RANGES } from '../../../src/web/materializer/metrics-history.js';
import { ProcessTable } from '../../../src/web/materializer/process-table.js';
import type { ProcessReport } from '../../../src/web/report.js';

function report(id: string, dispatchedAt: number, messages: number, extra: Partial<ProcessReport> = {}): ProcessReport {
  return {
    schema: 1,
    type: 'report',
    id,
    name: 'app',
    hostname: 'h',
    pid: 1,
    tags: [],
    mode: 'standalone',
    state: 'running',
    startedAt: 0,
    dispatchedAt,
    versions: { karafka: '0', node: 'v20', kafkaClient: 'x' },
    memory: { rss: 100, heapUsed: 1, heapTotal: 2 },
    cpu: { percent: 1, loadAverage: [0, 0, 0] },
    concurrency: 5,
    busy: 2,
    enqueued: 1,
    jobs: [],
    listeners: [],
    partitions: [
      {
        consumerGroup: 'g',
        topic: 't',
        partition: 0,
        listenerId: 'l',
        lag: 7,
        paused: false,
        fetchPaused: false,
        buffered: 0,
        consumed: messages,
      },
    ],
    counters: { messages, batches: 1, errors: 0, retries: 0, deadLetters: 0 },
    ...extra,
  };
}

describe('ProcessTable', () => {
  it('adds the counters of a report once, ignores repeated or older reports, restarts from a new process', () => {
    const table = new ProcessTable(1_000);
    expect(table.apply(report('a', 100, 10), 100).messages).toBe(10);
    expect(table.apply(report('a', 200, 25), 200).messages).toBe(15);
    expect(table.apply(report('a', 200, 25), 200).messages).toBe(0);
    expect(table.apply(report('a', 150, 20), 210).messages).toBe(0);
    expect(table.apply(report('b', 210, 4), 210).messages).toBe(4);
  });

  it('shows a silent process as gone after the TTL, a stopped one as stopped, and forgets both later', () => {
    const table = new ProcessTable(1_000, 5_000);
    table.apply(report('a', 0, 1), 0);
    table.apply(report('b', 0, 1, { state: 'stopped' }), 0);
    expect(table.snapshot(500).map((p) => [p.report.id, p.status])).toEqual([
      ['a', 'active'],
      ['b', 'stopped'],
    ]);
    expect(table.snapshot(1_500).map((p) => p.status)).toEqual(['gone', 'stopped']);
    expect(table.snapshot(6_500)).toEqual([]);
  });

  it('restores processes from a materialised state: counters continue where they were', () => {
    const first = new ProcessTable(1_000);
    first.apply(report('a', 100, 10), 100);
    const restored = new ProcessTable(1_000);
    restored.restore(first.snapshot(100));
    expect(restored.apply(report('a', 200, 12), 200).messages).toBe(2);
  });
});

describe('MetricsHistory', () => {
  it('sums counters per bucket, samples gauges of active processes, keeps per-topic lag, drops old buckets', () => {
    const history = new MetricsHistory();
    const minute = RANGES.hour.bucketMs;
    const t0 = 100 * minute;
    history.add({ messages: 10, batches: 1, errors: 1, retries: 0, deadLetters: 0 }, t0 + 1);
    history.add({ messages: 5, batches: 1, errors: 0, retries: 0, deadLetters: 0 }, t0 + 2);
    const table = new ProcessTable(10 * minute);
    table.apply(report('a', t0, 1), t0);
    table.apply(report('b', t0, 1), t0);
    history.sample(table.snapshot(t0 + 3), t0 + 3);
    let hour = history.toMessage(t0).series.hour;
    expect(hour).toHaveLength(1);
    expect(hour[0]).toMatchObject({
      t: t0,
      messages: 15,
      batches: 2,
      errors: 1,
      processes: 2,
      lag: 14,
      busy: 4,
      concurrency: 10,
      rss: 200,
    });
    expect(history.toMessage(t0).topicLags['g/t']).toEqual([[t0, 14]]);
    history.add({ messages: 1, batches: 1, errors: 0, retries: 0, deadLetters: 0 }, t0 + 61 * minute);
    hour = history.toMessage(t0).series.hour;
    expect(hour.map((p) => p.t)).toEqual([t0 + 61 * minute]);
    expect(
      history
        .toMessage(t0)
        .series.day.map((p) => p.messages)
        .reduce((a, b) => a + b, 0),
    ).toBe(16);
  });

  it('restores the history from a materialised message', () => {
    const history = new MetricsHistory();
    history.add({ messages: 3, batches: 1, errors: 0, retries: 0, deadLetters: 0 }, 60_000);
    const copy = new MetricsHistory();
    copy.restore(JSON.parse(JSON.stringify(history.toMessage(60_000))) as ReturnType<MetricsHistory['toMessage']>);
    copy.add({ messages: 2, batches: 1, errors: 0, retries: 0, deadLetters: 0 }, 60_001);
    expect(copy.toMessage(60_001).series.hour[0]?.messages).toBe(5);
  });
});
