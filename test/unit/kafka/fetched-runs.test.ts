/**
 * Runs of messages that are objects already (plain consume, in-memory drivers): how a poll's messages are cut
 * into runs a partition's buffer takes.
 */
import { describe, expect, it } from 'vitest';
import { ArrayRun, countOfRuns, runsOf, runsOfPoll } from '../../../src/kafka/fetched-runs.js';
import type { KafkaMessage } from '../../../src/kafka/types.js';

function message(topic: string, partition: number, offset: number, key: string | null = null): KafkaMessage {
  const value = Buffer.from('value');
  return {
    topic,
    partition,
    offset,
    key: key === null ? null : Buffer.from(key),
    value,
    headers: [],
    timestamp: 0,
    size: value.length,
  };
}

describe('runs of fetched messages', () => {
  it('end where the topic or partition changes or the offset does not increase', () => {
    const runs = runsOf([
      message('a', 0, 1),
      message('a', 0, 2),
      message('a', 1, 2),
      message('b', 1, 3),
      message('b', 1, 1),
      message('b', 1, 2),
    ]);
    expect(runs.map((run) => [run.topic, run.partition, run.length, run.offsetAt(0)])).toEqual([
      ['a', 0, 2, 1],
      ['a', 1, 1, 2],
      ['b', 1, 1, 3],
      ['b', 1, 2, 1],
    ]);
    expect(countOfRuns(runs)).toBe(6);
    expect(runsOf([])).toEqual([]);
  });

  it('count key and value bytes and hand out the messages themselves', () => {
    const messages = [message('a', 0, 1, 'key'), message('a', 0, 2)];
    const run = new ArrayRun(messages);
    expect(run.bytesBetween(0, 2)).toBe(3 + 5 + 5);
    expect(run.slice(1, 2)).toEqual([messages[1]]);
    expect(() => new ArrayRun([])).toThrow('A run holds at least one message');
  });

  it("of a poll are the driver's own when it kept them, else its messages grouped", () => {
    const kept = [new ArrayRun([message('a', 0, 7)])];
    expect(runsOfPoll({ messages: [], runs: kept })).toBe(kept);
    expect(runsOfPoll({ messages: [message('a', 0, 1)] }).map((run) => run.length)).toEqual([1]);
  });
});
