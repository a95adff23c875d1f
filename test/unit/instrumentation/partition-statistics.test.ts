import { describe, expect, it } from 'vitest';
import { readPartitionFigures } from '../../../src/instrumentation/partition-statistics.js';
import { PartitionStatistics } from '../../../src/web/tracking/partition-statistics.js';

/** A consumer's statistics report as librdkafka shapes it (the fields read, and some others). */
const report = {
  name: 'shop#consumer-1',
  type: 'consumer',
  topics: {
    orders: {
      topic: 'orders',
      partitions: {
        '0': {
          partition: 0,
          fetch_state: 'active',
          committed_offset: 40,
          stored_offset: 42,
          hi_offset: 50,
          lo_offset: 0,
          ls_offset: 50,
          consumer_lag: 10,
          consumer_lag_stored: 8,
          fetchq_cnt: 3,
        },
        '1': {
          partition: 1,
          fetch_state: 'offset-query',
          committed_offset: -1001,
          stored_offset: -1001,
          hi_offset: -1,
          lo_offset: -1,
          ls_offset: -1,
          consumer_lag: -1,
          consumer_lag_stored: -1,
        },
        '-1': { partition: -1, fetch_state: 'none', consumer_lag: -1 },
      },
    },
    broken: 'not an object',
  },
};

describe('readPartitionFigures', () => {
  it('reads offsets, watermarks, lag and fetch state of every partition, unknown values as null', () => {
    const figures = readPartitionFigures(report);
    expect(figures).toHaveLength(2);
    expect(figures[0]).toMatchObject({
      topic: 'orders',
      partition: 0,
      lag: 10,
      lagStored: 8,
      committedOffset: 40,
      storedOffset: 42,
      highWatermark: 50,
      lowWatermark: 0,
      lastStableOffset: 50,
      fetchState: 'active',
    });
    expect(figures[0]!.statistics.fetchq_cnt).toBe(3);
    expect(figures[1]).toMatchObject({
      partition: 1,
      lag: null,
      lagStored: null,
      committedOffset: null,
      storedOffset: null,
      highWatermark: null,
      lowWatermark: null,
      lastStableOffset: null,
      fetchState: 'offset-query',
    });
  });

  it('gives nothing for a report without topics', () => {
    expect(readPartitionFigures({ type: 'producer' })).toEqual([]);
    expect(readPartitionFigures({ topics: null })).toEqual([]);
  });
});

describe('the web reporting reads the same figures', () => {
  it('keeps assigned partitions, unknown values as -1', () => {
    const statistics = new PartitionStatistics();
    statistics.record('shop', report);
    expect(statistics.get('shop', 'orders', 0)).toMatchObject({ committed: 40, stored: 42, high: 50, lag: 10 });
    expect(statistics.get('shop', 'orders', 1)).toMatchObject({ committed: -1, stored: -1, high: -1, lag: -1 });
    expect(statistics.get('shop', 'orders', -1)).toBeUndefined();
  });
});
