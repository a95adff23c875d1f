/**
 * Which partitions a directly assigned subscription group takes: for each topic, the route's partitions (all of
 * them, read from the cluster's metadata, or the listed ones), narrowed to this node's share in swarm mode.
 */
import type { ConsumerDriver } from '../kafka/consumer-driver.js';
import type { TopicPartition } from '../kafka/types.js';
import { directPartitions, type SwarmNodePosition } from '../routing/direct-assignment-feature.js';
import type { SubscriptionGroup } from '../routing/subscription-group.js';

/** How long the metadata request for partition counts waits. */
const METADATA_TIMEOUT_MS = 10_000;

/**
 * The partitions `sg` consumes in this process. Throws naming the topic when it does not exist or lacks a listed
 * partition (the server does not start, or the listener retries after `listenerResetBackoff` on a reconnect).
 */
export async function directAssignmentOf(
  sg: SubscriptionGroup,
  driver: ConsumerDriver,
  node: SwarmNodePosition | undefined,
): Promise<TopicPartition[]> {
  const counts = await driver.partitionCounts(sg.namedTopics, METADATA_TIMEOUT_MS);
  return sg.topics.flatMap((topic) => {
    const assignment = topic.directAssignment;
    if (assignment === undefined) return [];
    const count = counts.get(topic.name);
    if (count === undefined) {
      throw new Error(
        `Direct assignment of topic '${topic.name}' (consumer group '${sg.consumerGroup}'): the topic does not exist; ` +
          `create it (karafka topics migrate) before the server starts`,
      );
    }
    return directPartitions(topic.name, assignment, count, node).map((partition) => ({ topic: topic.name, partition }));
  });
}
