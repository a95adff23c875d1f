/**
 * A resolved topic route: every option decided (defaults applied), immutable.
 */
import type { KafkaSettings } from '../kafka/types.js';
import {
  type Deserializer,
  type DeserializerFunction,
  deserializerName,
  resolveDeserializer,
} from '../messages/deserializers.js';
import type { ConsumerClass } from './topic-options.js';

/** Everything needed to build a `Topic`. */
export interface TopicDefinition {
  readonly name: string;
  readonly consumerGroup: string;
  readonly subscriptionGroup: string;
  readonly consumer: ConsumerClass | undefined;
  readonly deserializer: Deserializer;
  readonly initialOffset: 'earliest' | 'latest';
  readonly maxMessages: number;
  readonly maxWaitTime: number;
  /** The app's kafka settings merged with the route's overrides. */
  readonly kafka: KafkaSettings;
  readonly active: boolean;
}

/** A topic as routed: which consumer consumes it, how, in which groups. */
export class Topic {
  readonly name: string;
  readonly consumerGroup: string;
  readonly subscriptionGroup: string;
  readonly consumer: ConsumerClass | undefined;
  readonly deserializer: Deserializer;
  readonly initialOffset: 'earliest' | 'latest';
  readonly maxMessages: number;
  readonly maxWaitTime: number;
  readonly kafka: KafkaSettings;
  readonly active: boolean;
  /** The deserializer as a function. */
  readonly deserialize: DeserializerFunction;
  /** Name of the deserializer, for logs. */
  readonly deserializerName: string;

  /** @param definition the resolved options */
  constructor(definition: TopicDefinition) {
    this.name = definition.name;
    this.consumerGroup = definition.consumerGroup;
    this.subscriptionGroup = definition.subscriptionGroup;
    this.consumer = definition.consumer;
    this.deserializer = definition.deserializer;
    this.initialOffset = definition.initialOffset;
    this.maxMessages = definition.maxMessages;
    this.maxWaitTime = definition.maxWaitTime;
    this.kafka = definition.kafka;
    this.active = definition.active;
    this.deserialize = resolveDeserializer(definition.deserializer);
    this.deserializerName = deserializerName(definition.deserializer);
  }

  /** `consumerGroup/topic`. */
  get id(): string {
    return `${this.consumerGroup}/${this.name}`;
  }
}
