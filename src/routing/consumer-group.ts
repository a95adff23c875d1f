/**
 * A consumer group: a Kafka `group.id` and its subscription groups.
 */
import type { SubscriptionGroup } from './subscription-group.js';
import type { Topic } from './topic.js';

/** A Kafka consumer group as routed. */
export class ConsumerGroup {
  readonly name: string;
  readonly subscriptionGroups: readonly SubscriptionGroup[];

  /** @param name the Kafka `group.id`; @param subscriptionGroups its connections */
  constructor(name: string, subscriptionGroups: readonly SubscriptionGroup[]) {
    this.name = name;
    this.subscriptionGroups = subscriptionGroups;
  }

  /** Every topic of the group. */
  get topics(): Topic[] {
    return this.subscriptionGroups.flatMap((sg) => [...sg.topics]);
  }
}
