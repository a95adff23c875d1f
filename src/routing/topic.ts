/**
 * A resolved topic route: where it belongs, plus the part every routing feature resolved (defaults applied).
 * Immutable.
 */
import type { TopicSettings } from './topic-features.js';

export type { TopicDeadLetterQueue } from './dead-letter-queue-feature.js';
export type { TopicDeclaration } from './declaration-feature.js';
export type { TopicPause } from './pause-feature.js';
export type { TopicVirtualPartitions } from './virtual-partitions-feature.js';

/** Where a topic route belongs. */
export interface TopicPlacement {
  readonly name: string;
  readonly consumerGroup: string;
  readonly subscriptionGroup: string;
}

/** Makes every feature's settings own fields of the instance (typed as the features declare them). */
const FeatureSettings = class {
  constructor(settings: TopicSettings) {
    Object.assign(this, settings);
  }
} as new (settings: TopicSettings) => Readonly<TopicSettings>;

/** A topic as routed: which consumer consumes it, how, in which groups. */
export class Topic extends FeatureSettings {
  readonly name: string;
  readonly consumerGroup: string;
  readonly subscriptionGroup: string;
  readonly #settings: TopicSettings;

  /** @param placement name and groups; @param settings every feature's resolved part */
  constructor(placement: TopicPlacement, settings: TopicSettings) {
    super(settings);
    this.name = placement.name;
    this.consumerGroup = placement.consumerGroup;
    this.subscriptionGroup = placement.subscriptionGroup;
    this.#settings = settings;
  }

  /** `consumerGroup/topic`. */
  get id(): string {
    return `${this.consumerGroup}/${this.name}`;
  }

  /** The same route in another subscription group. */
  inSubscriptionGroup(subscriptionGroup: string): Topic {
    return new Topic({ name: this.name, consumerGroup: this.consumerGroup, subscriptionGroup }, this.#settings);
  }
}
