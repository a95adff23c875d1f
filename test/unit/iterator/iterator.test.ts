/**
 * The iterator's loop on the in-memory fake: a pause in the middle of a fetched batch drops the rest of that
 * partition's data and, on resume, moves the client back so that nothing is skipped; stopPartition ends one
 * partition; every partition done ends the loop and closes the client.
 */
import { describe, expect, it } from 'vitest';
import { Iterator } from '../../../src/iterator/iterator.js';
import type { AdminDriver, OffsetQuery, TopicDescription } from '../../../src/kafka/admin-driver.js';
import type { TopicPartitionOffset } from '../../../src/kafka/types.js';
import { FakeCluster } from '../../support/fake-kafka.js';

/** The drivers of `cluster`, with an admin that answers the iterator's start-up questions from its logs. */
function driversOf(cluster: FakeCluster): ReturnType<FakeCluster['drivers']> {
  const admin = {
    describeTopics: (names: readonly string[]): Promise<TopicDescription[]> =>
      Promise.resolve(
        names.map((name) => ({
          name,
          internal: false,
          partitions: Array.from(
            { length: cluster.topics.includes(name) ? cluster.partitionCount(name) : 0 },
            (_, partition) => ({
              partition,
              leader: 1,
              replicas: [1],
              isr: [1],
            }),
          ),
        })),
      ),
    listOffsets: (queries: readonly OffsetQuery[]): Promise<TopicPartitionOffset[]> =>
      Promise.resolve(
        queries.map(({ topic, partition, spec }) => ({
          topic,
          partition,
          offset: spec === 'earliest' ? 0 : cluster.log(topic, partition).length,
        })),
      ),
    close: (): Promise<void> => Promise.resolve(),
  } as unknown as AdminDriver;
  return { ...cluster.drivers(), admin: () => admin };
}

const kafka = { 'bootstrap.servers': 'fake:9092' };

describe('Iterator on the fake cluster', () => {
  it('drops what was fetched for a partition paused mid-batch and goes on from the next offset on resume', async () => {
    const cluster = new FakeCluster();
    cluster.fill('t', 2, 20);
    const iterator = new Iterator({ kafka, topics: 't', drivers: driversOf(cluster), maxMessages: 4 });
    const seen: string[] = [];
    for await (const message of iterator) {
      seen.push(`${String(message.partition)}:${String(message.offset)}`);
      // Offsets 2 and 3 of partition 0 are in the same fetched batch: dropped now, read again after the resume.
      if (message.partition === 0 && message.offset === 1) iterator.pause('t', 0);
      if (message.partition === 1 && message.offset === 0) iterator.resume('t', 0);
    }
    const of = (partition: number): number[] =>
      seen.filter((s) => s.startsWith(`${String(partition)}:`)).map((s) => Number(s.split(':')[1]));
    expect(of(0)).toEqual([...Array(10).keys()]);
    expect(of(1)).toEqual([...Array(10).keys()]);
    expect(seen.indexOf('1:0')).toBeLessThan(seen.indexOf('0:2'));
    expect(cluster.consumers.map((c) => c.closed)).toEqual([true]);
  });

  it('ends a stopped partition at once and the loop once every partition is done', async () => {
    const cluster = new FakeCluster();
    cluster.fill('t', 2, 20);
    const iterator = new Iterator({ kafka, topics: { t: { 0: -3, 1: 0 } }, drivers: driversOf(cluster) });
    const seen: string[] = [];
    for await (const message of iterator) {
      seen.push(`${String(message.partition)}:${String(message.offset)}`);
      if (message.partition === 1 && message.offset === 4) iterator.stopPartition('t', 1);
    }
    expect(seen.filter((s) => s.startsWith('0:'))).toEqual(['0:7', '0:8', '0:9']);
    expect(seen.filter((s) => s.startsWith('1:'))).toEqual(['1:0', '1:1', '1:2', '1:3', '1:4']);
  });
});
