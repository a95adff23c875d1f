/**
 * A resolved topic route: every option decided (defaults applied), immutable.
 */
import type { KafkaSettings } from '../kafka/types.js';
import type { Deserializer, DeserializerFunction } from '../messages/deserializers.js';
import type { ConsumerClass } from './consumer-feature.js';
import { type PayloadSchema, resolvePayload } from './payload-feature.js';

/** Retry backoff of a topic. */
export interface TopicPause {
  readonly timeout: number;
  readonly maxTimeout: number;
  readonly withExponentialBackoff: boolean;
}

/** Dead letter queue of a topic, defaults applied. */
export interface TopicDeadLetterQueue {
  /** Where failing messages go; `false` skips them without dispatching. */
  readonly topic: string | false;
  readonly maxRetries: number;
  readonly independent: boolean;
}

/** Declarative settings of a topic, defaults applied. */
export interface TopicDeclaration {
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly configs: Readonly<Record<string, string>>;
  /** False: `karafka topics` leaves the topic alone. */
  readonly active: boolean;
  /** True when the route gave a `config`; false when these are the defaults. */
  readonly explicit: boolean;
}

/** Everything needed to build a `Topic`. */
export interface TopicDefinition {
  readonly name: string;
  readonly consumerGroup: string;
  readonly subscriptionGroup: string;
  readonly consumer: ConsumerClass | undefined;
  readonly deserializer: Deserializer;
  /** Checks each payload after the deserializer, if set. */
  readonly schema: PayloadSchema | undefined;
  readonly initialOffset: 'earliest' | 'latest';
  readonly maxMessages: number;
  readonly maxWaitTime: number;
  /** The app's kafka settings merged with the route's overrides. */
  readonly kafka: KafkaSettings;
  readonly active: boolean;
  readonly pause: TopicPause;
  readonly manualOffsetManagement: boolean;
  readonly eofed: boolean;
  readonly deadLetterQueue: TopicDeadLetterQueue | undefined;
  readonly declaration: TopicDeclaration;
}

/** A topic as routed: which consumer consumes it, how, in which groups. */
export class Topic {
  readonly name: string;
  readonly consumerGroup: string;
  readonly subscriptionGroup: string;
  readonly consumer: ConsumerClass | undefined;
  readonly deserializer: Deserializer;
  /** Checks each payload after the deserializer, if set. */
  readonly schema: PayloadSchema | undefined;
  readonly initialOffset: 'earliest' | 'latest';
  readonly maxMessages: number;
  readonly maxWaitTime: number;
  readonly kafka: KafkaSettings;
  readonly active: boolean;
  readonly pause: TopicPause;
  readonly manualOffsetManagement: boolean;
  readonly eofed: boolean;
  readonly deadLetterQueue: TopicDeadLetterQueue | undefined;
  readonly declaration: TopicDeclaration;
  /** Raw message -> payload: the deserializer, then the schema if any (errors name the message). */
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
    this.schema = definition.schema;
    this.initialOffset = definition.initialOffset;
    this.maxMessages = definition.maxMessages;
    this.maxWaitTime = definition.maxWaitTime;
    this.kafka = definition.kafka;
    this.active = definition.active;
    this.pause = definition.pause;
    this.manualOffsetManagement = definition.manualOffsetManagement;
    this.eofed = definition.eofed;
    this.deadLetterQueue = definition.deadLetterQueue;
    this.declaration = definition.declaration;
    const payload = resolvePayload(definition);
    this.deserialize = payload.decode;
    this.deserializerName = payload.deserializerName;
  }

  /** `consumerGroup/topic`. */
  get id(): string {
    return `${this.consumerGroup}/${this.name}`;
  }
}
