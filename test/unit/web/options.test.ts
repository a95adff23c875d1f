/**
 * Web options: defaults, and errors that name the option, the bad value and what is allowed.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_WEB_TOPICS, resolveWebOptions } from '../../../src/web/options.js';
import { webTopics } from '../../../src/web/web-topics.js';

describe('web options', () => {
  it('applies the defaults', () => {
    expect(resolveWebOptions()).toMatchObject({
      topics: DEFAULT_WEB_TOPICS,
      trackingInterval: 5_000,
      processTtl: 30_000,
      materializeInterval: 2_500,
      groupId: 'karafka_web',
      commands: true,
      materialize: true,
    });
  });

  it('names what is wrong', () => {
    expect(() => resolveWebOptions({ trackingInterval: 0 })).toThrow(
      'web option trackingInterval must be an integer of at least 100 (got 0)',
    );
    expect(() => resolveWebOptions({ trackingInterval: 10_000, processTtl: 5_000 })).toThrow(
      /processTtl \(5000 ms\) must be longer than trackingInterval/,
    );
    expect(() => resolveWebOptions({ topics: { report: 'x' } as never })).toThrow(/topics.report is unknown/);
    expect(() => resolveWebOptions({ topics: { reports: 'a b' } })).toThrow(
      /topics.reports must be a Kafka topic name/,
    );
    expect(() => resolveWebOptions({ topics: { reports: 'same', errors: 'same' } })).toThrow(/a name of its own/);
    expect(() => resolveWebOptions({ colour: 'red' } as never)).toThrow(/web option colour is unknown/);
  });

  it('declares one-partition topics, compacted for the state and the history', () => {
    const topics = webTopics(DEFAULT_WEB_TOPICS, 3);
    expect(topics.map((t) => [t.name, t.partitions, t.replicationFactor, t.configs['cleanup.policy']])).toEqual([
      ['karafka_consumers_reports', 1, 3, 'delete'],
      ['karafka_consumers_states', 1, 3, 'compact'],
      ['karafka_consumers_metrics', 1, 3, 'compact'],
      ['karafka_consumers_commands', 1, 3, 'delete'],
      ['karafka_errors', 1, 3, 'delete'],
    ]);
  });
});
