/**
 * The topics planner: from the declared topics and what the cluster has, the changes that bring the cluster
 * to the declaration. Pure (no Kafka): `karafka topics plan` prints its result, `migrate` applies it, and
 * the narrower subcommands apply one kind of change from it.
 *
 * It never plans what Kafka cannot do: fewer partitions, or another replication factor (that needs a
 * partition reassignment). Those become warnings.
 */
import type { DeclaredTopic } from './declared-topics.js';

/** A declared topic as the cluster has it. */
export interface ExistingTopic {
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  /**
   * Values of the declared config keys as DescribeConfigs returns them; a key the broker did not return is
   * absent, a value it hides (sensitive) is null.
   */
  readonly configs: Readonly<Record<string, string | null>>;
}

/** Create a missing topic as declared. */
export interface CreateTopicChange {
  readonly kind: 'create';
  readonly topic: DeclaredTopic;
}

/** Raise a topic's partition count. */
export interface AddPartitionsChange {
  readonly kind: 'add-partitions';
  readonly name: string;
  readonly from: number;
  readonly to: number;
}

/** Set one config of an existing topic. */
export interface AlterConfigChange {
  readonly kind: 'alter-config';
  readonly name: string;
  readonly key: string;
  /** The current value; undefined when the broker did not return it, null when it hides it. */
  readonly from: string | null | undefined;
  readonly to: string;
}

/** One change to the cluster. */
export type TopicChange = CreateTopicChange | AddPartitionsChange | AlterConfigChange;

/** What the planner will not change, and why. */
export interface PlanWarning {
  /** Which kind of change it is about. */
  readonly about: 'partitions' | 'replication-factor';
  readonly name: string;
  readonly message: string;
}

/** The changes that bring the cluster to the declaration, in declaration order, and the warnings. */
export interface TopicsPlan {
  readonly changes: readonly TopicChange[];
  readonly warnings: readonly PlanWarning[];
}

/** Plans the changes from `declared` and the `existing` topics (by name; a missing name is a missing topic). */
export function planTopics(
  declared: readonly DeclaredTopic[],
  existing: ReadonlyMap<string, ExistingTopic>,
): TopicsPlan {
  const changes: TopicChange[] = [];
  const warnings: PlanWarning[] = [];
  for (const topic of declared) {
    const current = existing.get(topic.name);
    if (current === undefined) {
      changes.push({ kind: 'create', topic });
      continue;
    }
    if (topic.partitions > current.partitions) {
      changes.push({ kind: 'add-partitions', name: topic.name, from: current.partitions, to: topic.partitions });
    } else if (topic.partitions < current.partitions) {
      warnings.push({
        about: 'partitions',
        name: topic.name,
        message:
          `${topic.name} declares ${String(topic.partitions)} partition(s) but has ${String(current.partitions)}; ` +
          `Kafka cannot remove partitions, so it keeps ${String(current.partitions)}`,
      });
    }
    if (topic.replicationFactor !== current.replicationFactor) {
      warnings.push({
        about: 'replication-factor',
        name: topic.name,
        message:
          `${topic.name} declares replication factor ${String(topic.replicationFactor)} but has ` +
          `${String(current.replicationFactor)}; karafka topics does not change replication factors ` +
          `(that needs a partition reassignment)`,
      });
    }
    for (const [key, value] of Object.entries(topic.configs)) {
      const from = current.configs[key];
      if (from !== value) changes.push({ kind: 'alter-config', name: topic.name, key, from, to: value });
    }
  }
  return { changes, warnings };
}
