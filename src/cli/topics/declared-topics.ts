/**
 * The one list of topics `karafka topics` manages for an app, decided from its routes:
 *
 * - every routed topic whose declaration is active (`config.active` not false), consumed or not;
 * - every dead letter topic a route names (`deadLetterQueue: { topic }`) that no route of the app's cluster
 *   routes itself, with the default declaration (1 partition, replication factor 1, no configs): the app's
 *   producer writes it, so it lives on the app's cluster;
 * - a topic routed in several consumer groups once: a route with a `config` wins over routes without one, and
 *   two routes with different `config`s are a `ConfigurationError` naming both groups;
 * - topics a route reads from another cluster (its own `kafka['bootstrap.servers']`) left out, and listed
 *   apart, as the CLI manages the app's cluster only.
 */
import { ConfigurationError } from '../../config/config-error.js';
import type { KafkaSettings } from '../../kafka/types.js';
import type { Topic, TopicDeclaration } from '../../routing/topic.js';

/** A topic as `karafka topics` wants it on the cluster. */
export interface DeclaredTopic {
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  /** Topic-level configs the routes declare (only these keys are compared with the cluster). */
  readonly configs: Readonly<Record<string, string>>;
  /** Where the declaration comes from, for messages: `consumer group 'x'` or `dead letter queue of 'y'`. */
  readonly source: string;
}

/** A routed topic left alone because its route reads it from another cluster. */
export interface TopicOnAnotherCluster {
  readonly name: string;
  readonly consumerGroup: string;
  readonly bootstrapServers: string;
}

/** What the routes declare. */
export interface DeclaredTopics {
  /** Topics to manage on the app's cluster, in route order, dead letter topics last. */
  readonly topics: readonly DeclaredTopic[];
  /** Routed topics of other clusters (not managed). */
  readonly elsewhere: readonly TopicOnAnotherCluster[];
}

const DEFAULT_DECLARATION: Omit<TopicDeclaration, 'active' | 'explicit'> = {
  partitions: 1,
  replicationFactor: 1,
  configs: {},
};

function sameDeclaration(a: DeclaredTopic, b: DeclaredTopic): boolean {
  const keys = Object.keys(a.configs);
  return (
    a.partitions === b.partitions &&
    a.replicationFactor === b.replicationFactor &&
    keys.length === Object.keys(b.configs).length &&
    keys.every((key) => b.configs[key] === a.configs[key])
  );
}

/** `partitions 3, replication factor 1, configs {"retention.ms":"1000"}`, for error messages. */
function describeDeclaration(topic: DeclaredTopic): string {
  return (
    `partitions ${String(topic.partitions)}, replication factor ${String(topic.replicationFactor)}, ` +
    `configs ${JSON.stringify(topic.configs)}`
  );
}

function bootstrapOf(kafka: KafkaSettings): string {
  return String(kafka['bootstrap.servers'] ?? '');
}

/**
 * The topics `routes` declare for the cluster of `appKafka` (the app's `kafka` settings). Throws a
 * `ConfigurationError` when one topic name is declared differently by two consumer groups.
 */
export function declaredTopics(routes: readonly Topic[], appKafka: KafkaSettings): DeclaredTopics {
  const appCluster = bootstrapOf(appKafka);
  const byName = new Map<string, DeclaredTopic>();
  const elsewhere: TopicOnAnotherCluster[] = [];
  const routedHere = new Set<string>();
  const explicit = new Set<string>();

  for (const route of routes) {
    // A pattern route names no topic: the topics it matches are created by whoever produces to them.
    if (route.isPattern) continue;
    const cluster = bootstrapOf(route.kafka);
    if (cluster !== appCluster) {
      elsewhere.push({ name: route.name, consumerGroup: route.consumerGroup, bootstrapServers: cluster });
      continue;
    }
    routedHere.add(route.name);
    if (!route.declaration.active) continue;
    const declared: DeclaredTopic = {
      name: route.name,
      partitions: route.declaration.partitions,
      replicationFactor: route.declaration.replicationFactor,
      configs: { ...route.declaration.configs },
      source: `consumer group '${route.consumerGroup}'`,
    };
    const earlier = byName.get(route.name);
    const earlierExplicit = explicit.has(route.name);
    if (earlier === undefined || (!earlierExplicit && route.declaration.explicit)) {
      // A route that says how the topic should look wins over one that only consumes it with the defaults.
      byName.set(route.name, declared);
      if (route.declaration.explicit) explicit.add(route.name);
    } else if (route.declaration.explicit && !sameDeclaration(earlier, declared)) {
      throw new ConfigurationError(
        `Topic '${route.name}' is declared differently in ${earlier.source} (${describeDeclaration(earlier)}) ` +
          `and in ${declared.source} (${describeDeclaration(declared)}): give both routes the same ` +
          `config, or set config: { active: false } on all but one`,
        route.name,
      );
    }
  }

  for (const route of routes) {
    const dlq = route.deadLetterQueue?.topic;
    if (typeof dlq !== 'string' || routedHere.has(dlq) || byName.has(dlq)) continue;
    byName.set(dlq, { name: dlq, ...DEFAULT_DECLARATION, source: `dead letter queue of '${route.id}'` });
  }

  return { topics: [...byName.values()], elsewhere };
}
