/**
 * The internal topics of the web UI, as `karafka web install|migrate` creates them: one partition each (one
 * materialiser at a time; commands and results in order), compacted where only the latest value counts.
 */
import type { WebTopicNames } from './options.js';

/** One internal topic as it should be on the cluster. */
export interface WebTopic {
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly configs: Readonly<Record<string, string>>;
  /** What it holds, for messages. */
  readonly source: string;
}

const DAY_MS = 86_400_000;

/** The internal topics with the given names and replication factor. */
export function webTopics(names: WebTopicNames, replicationFactor: number): WebTopic[] {
  const topic = (name: string, source: string, configs: Record<string, string>): WebTopic => ({
    name,
    partitions: 1,
    replicationFactor,
    configs,
    source,
  });
  const compacted = {
    'cleanup.policy': 'compact',
    'min.cleanable.dirty.ratio': '0.1',
    'segment.ms': String(3_600_000),
  };
  return [
    topic(names.reports, 'web UI process reports', { 'cleanup.policy': 'delete', 'retention.ms': String(DAY_MS) }),
    topic(names.states, 'web UI current state', compacted),
    topic(names.metrics, 'web UI history', compacted),
    topic(names.commands, 'web UI commands', { 'cleanup.policy': 'delete', 'retention.ms': String(7 * DAY_MS) }),
    topic(names.errors, 'web UI errors', { 'cleanup.policy': 'delete', 'retention.ms': String(3 * DAY_MS) }),
  ];
}
