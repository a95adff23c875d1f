/**
 * Routing feature "direct assignment": the topic's partitions (all, or the listed ones) are assigned to this
 * process directly (librdkafka `assign()`), without joining the consumer group: no rebalances, no revocations.
 * Offsets are still committed to the route's consumer group (its `group.id`), and reading starts from them
 * (else from `initialOffset`). In swarm mode a rule spreads the partitions over the nodes. See
 * docs/direct-assignments.md.
 */
import { z } from 'zod';
import { showValue } from '../config/describe-issues.js';
import { defineTopicFeature, type FeatureProblem } from './topic-feature.js';

/**
 * Which swarm node consumes which partition: a map from node number (1..`swarm.nodes`) to its partitions, or a
 * function from a partition and the number of nodes to a node number.
 */
export type SwarmPartitionRule =
  Readonly<Record<number, readonly number[]>> | ((partition: number, nodeCount: number) => number);

/** The long form of the `directAssignment` option. */
export interface DirectAssignmentSpec {
  /** `true`: every partition of the topic (default); or the partitions to consume. */
  readonly partitions?: true | readonly number[];
  /**
   * In swarm mode: which node consumes which partition (default: partition `p` goes to node
   * `p % swarm.nodes + 1`). Ignored outside swarm mode.
   */
  readonly swarm?: SwarmPartitionRule;
}

/** The `directAssignment` option of a route. */
export interface DirectAssignmentOptions {
  /**
   * Consume partitions without group management: `true` for every partition, a list of partitions, or
   * `{ partitions, swarm }`. A consumer group cannot mix directly assigned and subscribed topics.
   */
  readonly directAssignment?: true | readonly number[] | DirectAssignmentSpec;
}

/** A topic's direct assignment, resolved. */
export interface TopicDirectAssignmentSpec {
  /** `all`, or the partitions to consume (sorted, unique). */
  readonly partitions: 'all' | readonly number[];
  /** The swarm rule, when the route gave one. */
  readonly swarm: SwarmPartitionRule | undefined;
}

/** The feature's part of a resolved topic. */
export interface TopicDirectAssignment {
  /** Set when the topic's partitions are assigned directly (no subscription). */
  readonly directAssignment: TopicDirectAssignmentSpec | undefined;
}

/** A swarm node, as the partition rule sees it. */
export interface SwarmNodePosition {
  /** 1..`count`. */
  readonly number: number;
  /** `swarm.nodes`. */
  readonly count: number;
}

const partitionList = z
  .array(z.number({ error: 'must be a partition number' }).int().min(0), {
    error: 'must be true or a list of partition numbers',
  })
  .min(1, { error: 'must list at least one partition' });

const swarmRule = z.union(
  [
    z.custom<(partition: number, nodeCount: number) => number>((value) => typeof value === 'function'),
    z.record(z.string().regex(/^[1-9][0-9]*$/), partitionList),
  ],
  { error: 'must be a map { <node number>: [partitions] } or a function (partition, nodeCount) => node number' },
);

const optionSchema = z.union(
  [
    z.literal(true),
    partitionList,
    z.strictObject({ partitions: z.union([z.literal(true), partitionList]).optional(), swarm: swarmRule.optional() }),
  ],
  { error: 'must be true, a list of partition numbers, or { partitions, swarm }' },
);

function isPartitionList(value: unknown): value is readonly number[] {
  return Array.isArray(value);
}

function spec(option: DirectAssignmentOptions['directAssignment']): TopicDirectAssignmentSpec | undefined {
  if (option === undefined) return undefined;
  const long: DirectAssignmentSpec = option === true || isPartitionList(option) ? { partitions: option } : option;
  const partitions = long.partitions === undefined || long.partitions === true ? 'all' : long.partitions;
  return {
    partitions: partitions === 'all' ? 'all' : [...new Set(partitions)].sort((a, b) => a - b),
    swarm: long.swarm,
  };
}

function checkSwarmMap(
  resolved: TopicDirectAssignmentSpec,
  map: Readonly<Record<number, readonly number[]>>,
  nodes: number,
): FeatureProblem[] {
  const problems: FeatureProblem[] = [];
  const key = 'directAssignment.swarm';
  const owner = new Map<number, number>();
  for (const [node, partitions] of Object.entries(map)) {
    if (Number(node) > nodes) {
      problems.push({ key, line: `option '${key}': node ${node} does not exist (swarm.nodes is ${String(nodes)})` });
    }
    for (const partition of partitions) {
      const earlier = owner.get(partition);
      if (earlier !== undefined && earlier !== Number(node)) {
        problems.push({
          key,
          line: `option '${key}': partition ${String(partition)} is given to nodes ${String(earlier)} and ${node}; each partition belongs to one node`,
        });
      }
      owner.set(partition, Number(node));
    }
  }
  if (resolved.partitions !== 'all') {
    const listed = new Set(resolved.partitions);
    const missing = resolved.partitions.filter((p) => !owner.has(p));
    const extra = [...owner.keys()].filter((p) => !listed.has(p));
    if (missing.length > 0) {
      problems.push({
        key,
        line: `option '${key}': partitions ${missing.join(', ')} are assigned to no node (every listed partition needs one)`,
      });
    }
    if (extra.length > 0) {
      problems.push({
        key,
        line: `option '${key}': partitions ${extra.join(', ')} are not in directAssignment.partitions (${showValue(resolved.partitions)})`,
      });
    }
  }
  return problems;
}

/**
 * The partitions this process consumes, out of the topic's `partitionCount`: the route's partitions, narrowed
 * to this node's share in swarm mode. Throws naming the topic when the route lists a partition the topic does
 * not have, or when a swarm rule returns no valid node.
 */
export function directPartitions(
  topic: string,
  assignment: TopicDirectAssignmentSpec,
  partitionCount: number,
  node?: SwarmNodePosition,
): number[] {
  const all = Array.from({ length: partitionCount }, (_, i) => i);
  const wanted = assignment.partitions === 'all' ? all : [...assignment.partitions];
  const absent = wanted.filter((p) => p >= partitionCount);
  if (absent.length > 0) {
    throw new Error(
      `Direct assignment of topic '${topic}': it has ${String(partitionCount)} partition(s); partitions ${absent.join(', ')} do not exist`,
    );
  }
  if (node === undefined) return wanted;
  const rule = assignment.swarm;
  if (rule === undefined) return wanted.filter((p) => (p % node.count) + 1 === node.number);
  if (typeof rule === 'function') {
    return wanted.filter((p) => {
      const chosen = rule(p, node.count);
      if (!Number.isInteger(chosen) || chosen < 1 || chosen > node.count) {
        throw new Error(
          `Direct assignment of topic '${topic}': the swarm rule gave node ${showValue(chosen)} for partition ${String(p)}; it must return a node number from 1 to ${String(node.count)}`,
        );
      }
      return chosen === node.number;
    });
  }
  const mine = new Set(rule[node.number] ?? []);
  return wanted.filter((p) => mine.has(p));
}

/** The `directAssignment` feature. */
export const directAssignmentFeature = defineTopicFeature<DirectAssignmentOptions, TopicDirectAssignment>({
  name: 'direct assignment',
  schema: { directAssignment: optionSchema.optional() },
  check: (options, { settings }) => {
    const resolved = spec(options.directAssignment);
    const rule = resolved?.swarm;
    if (resolved === undefined || rule === undefined || typeof rule === 'function') return [];
    return checkSwarmMap(resolved, rule, settings.swarm.nodes);
  },
  resolve: (options) => ({ directAssignment: spec(options.directAssignment) }),
});
