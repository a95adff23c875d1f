import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { allAssigned, DirectCommits } from '../../../src/kafka/rdkafka/direct-commits.js';
import type { KafkaSettings, TopicPartitionOffset } from '../../../src/kafka/types.js';

function commits(settings: KafkaSettings, stored: () => TopicPartitionOffset[]) {
  const sent: TopicPartitionOffset[][] = [];
  const errors: string[] = [];
  let unassigned = 0;
  const direct = new DirectCommits({
    settings,
    stored,
    commit: (offsets) => {
      sent.push([...offsets]);
      return Promise.resolve();
    },
    unassign: () => {
      unassigned += 1;
    },
    onError: (_error, action) => errors.push(action),
  });
  return { direct, sent, errors, unassigned: () => unassigned };
}

describe('commits of a direct assignment', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends only the offsets that moved, every auto.commit.interval.ms', async () => {
    let stored = [{ topic: 't', partition: 0, offset: 5 }];
    const { direct, sent } = commits({ 'auto.commit.interval.ms': 1000 }, () => stored);
    direct.start();
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toEqual([[{ topic: 't', partition: 0, offset: 5 }]]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toHaveLength(1);
    stored = [...stored, { topic: 't', partition: 1, offset: 2 }];
    direct.committed([{ topic: 't', partition: 1, offset: 2 }]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toHaveLength(1);
    stored = [{ topic: 't', partition: 0, offset: 9 }];
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent[1]).toEqual([{ topic: 't', partition: 0, offset: 9 }]);
    await direct.stop();
    stored = [{ topic: 't', partition: 0, offset: 12 }];
    await vi.advanceTimersByTimeAsync(5000);
    expect(sent).toHaveLength(2);
  });

  it('does not commit on an interval with enable.auto.commit false, and unassigns on release', async () => {
    const { direct, sent, unassigned } = commits({ 'enable.auto.commit': false }, () => [
      { topic: 't', partition: 0, offset: 1 },
    ]);
    direct.start();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(sent).toEqual([]);
    direct.release();
    expect(unassigned()).toBe(1);
  });

  it('refuses a store for a partition not assigned', () => {
    const assignment = [{ topic: 't', partition: 0 }];
    expect(allAssigned([{ topic: 't', partition: 0, offset: 3 }], assignment)).toBe(true);
    expect(allAssigned([{ topic: 't', partition: 1, offset: 3 }], assignment)).toBe(false);
  });
});
