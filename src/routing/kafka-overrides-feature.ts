/**
 * Routing feature "kafka overrides": librdkafka properties of a topic's connection over the app's (another
 * cluster, other fetch sizes...). Topics with different connection settings get different connections.
 */
import { kafkaSettingsSchema } from '../config/settings.js';
import type { KafkaSettings } from '../kafka/types.js';
import { defineTopicFeature } from './topic-feature.js';

/** The `kafka` option of a route. */
export interface KafkaOverridesOptions {
  /** librdkafka properties for this topic's connection, over the app's (e.g. another cluster). */
  readonly kafka?: KafkaSettings;
}

/** The feature's part of a resolved topic. */
export interface TopicKafkaSettings {
  /** The app's kafka settings merged with the route's overrides. */
  readonly kafka: KafkaSettings;
}

/** The `kafka` feature. */
export const kafkaOverridesFeature = defineTopicFeature<KafkaOverridesOptions, TopicKafkaSettings>({
  name: 'kafka overrides',
  schema: { kafka: kafkaSettingsSchema.optional() },
  resolve: (options, { settings }) => ({ kafka: { ...settings.kafka, ...options.kafka } }),
});
