/**
 * Checks that span the routes of one consumer group, made when routes are drawn: a group either subscribes or
 * is assigned directly, and a pattern never competes with a topic routed by name in another connection.
 */
import { ConfigurationError } from '../config/config-error.js';
import type { ConsumerGroup } from './consumer-group.js';
import type { Topic } from './topic.js';
import { patternMatches } from './topic-pattern.js';

/**
 * A consumer group's topics are all assigned directly or all subscribed: Kafka refuses offset commits from a
 * client outside the group (a directly assigned one) while the group has members, so one group cannot do both.
 */
export function checkDirectAssignments(consumerGroup: string, topics: readonly Topic[]): void {
  const direct = topics.filter((t) => t.directAssignment !== undefined);
  const subscribed = topics.filter((t) => t.directAssignment === undefined);
  if (direct.length === 0 || subscribed.length === 0) return;
  const route = (t: Topic): string => `${t.isPattern ? 'pattern' : 'topic'} '${t.name}'`;
  throw new ConfigurationError(
    `Route error: topic '${direct[0]!.name}' (consumer group '${consumerGroup}') is assigned directly (directAssignment) ` +
      `but ${route(subscribed[0]!)} of the same consumer group is subscribed: Kafka refuses the offset commits of a ` +
      `directly assigned client while the group has subscribed members; draw them in different consumer groups`,
    direct[0]!.name,
  );
}

/**
 * A topic routed by name must not also match a pattern of another subscription group of its consumer group:
 * both connections would subscribe to it and the group would hand its partitions to either. In one
 * subscription group the route by name wins, which needs no check.
 */
export function checkPatternOverlaps(group: ConsumerGroup): void {
  for (const sg of group.subscriptionGroups) {
    for (const pattern of sg.topics.filter((t) => t.isPattern)) {
      for (const other of group.subscriptionGroups) {
        if (other === sg) continue;
        const named = other.topics.find((t) => !t.isPattern && patternMatches(pattern.pattern!, t.name));
        if (named === undefined) continue;
        throw new ConfigurationError(
          `Route error: topic '${named.name}' (subscription group '${other.name}') matches pattern ${pattern.name} ` +
            `of subscription group '${sg.name}' in consumer group '${group.name}': both connections would subscribe ` +
            `to it; route them in the same subscription group (the topic routed by name wins there) or give them ` +
            `the same kafka settings and initial offset`,
          named.name,
        );
      }
    }
  }
}
