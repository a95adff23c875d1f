/**
 * A resolved topic route: where it belongs, plus the part every routing feature resolved (defaults applied).
 * Immutable.
 */
import type { TopicSettings } from './topic-features.js';
import { type TopicPattern, patternMatches } from './topic-pattern.js';

export type { TopicDeadLetterQueue } from './dead-letter-queue-feature.js';
export type { TopicDeclaration } from './declaration-feature.js';
export type { TopicPause } from './pause-feature.js';
export type { TopicPattern } from './topic-pattern.js';
export type { TopicVirtualPartitions } from './virtual-partitions-feature.js';

/** Where a topic route belongs. */
export interface TopicPlacement {
  readonly name: string;
  readonly consumerGroup: string;
  readonly subscriptionGroup: string;
  /** A pattern route (name: the expression as written), or a topic matched by one (`matched`). */
  readonly pattern?: TopicPattern;
  /** True for a topic a pattern route matched (its name is the real topic's). */
  readonly matched?: boolean;
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
  /**
   * The pattern of a pattern route (`r.pattern(...)`), or the one that matched this topic; undefined for a topic
   * routed by name.
   */
  readonly pattern: TopicPattern | undefined;
  /** True for a pattern route itself (its `name` is the expression, not a topic). */
  readonly isPattern: boolean;
  readonly #settings: TopicSettings;

  /** @param placement name and groups; @param settings every feature's resolved part */
  constructor(placement: TopicPlacement, settings: TopicSettings) {
    super(settings);
    this.name = placement.name;
    this.consumerGroup = placement.consumerGroup;
    this.subscriptionGroup = placement.subscriptionGroup;
    this.pattern = placement.pattern;
    this.isPattern = placement.pattern !== undefined && placement.matched !== true;
    this.#settings = settings;
  }

  /** Whether this is a pattern route whose expression matches the topic `name`. */
  patternMatches(name: string): boolean {
    return this.isPattern && patternMatches(this.pattern!, name);
  }

  /** `consumerGroup/topic`. */
  get id(): string {
    return `${this.consumerGroup}/${this.name}`;
  }

  /** The same route in another subscription group. */
  inSubscriptionGroup(subscriptionGroup: string): Topic {
    return new Topic({ ...this.#placement(), subscriptionGroup }, this.#settings);
  }

  /** The topic `name`, found by this pattern route: the route's consumer and options under the topic's name. */
  matched(name: string): Topic {
    if (!this.isPattern) throw new Error(`Route ${this.id} is not a pattern route`);
    return new Topic({ ...this.#placement(), name, matched: true }, this.#settings);
  }

  #placement(): TopicPlacement {
    return {
      name: this.name,
      consumerGroup: this.consumerGroup,
      subscriptionGroup: this.subscriptionGroup,
      ...(this.pattern === undefined ? {} : { pattern: this.pattern, matched: !this.isPattern }),
    };
  }
}
