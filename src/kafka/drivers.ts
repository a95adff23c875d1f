/**
 * Creates drivers. The framework receives a `KafkaDrivers` and never names a client library; tests of pure
 * logic pass an in-memory fake instead.
 */
import type { AdminDriver, AdminDriverOptions } from './admin-driver.js';
import type { ConsumerDriver, ConsumerDriverOptions } from './consumer-driver.js';
import type { ProducerDriver, ProducerDriverOptions } from './producer-driver.js';
import { RdKafkaAdmin } from './rdkafka/admin.js';
import { describeConsumePath } from './rdkafka/consume-path.js';
import { RdKafkaConsumer } from './rdkafka/consumer.js';
import { assertRequiredFeatures } from './rdkafka/features.js';
import { library } from './rdkafka/library.js';
import { RdKafkaProducer } from './rdkafka/producer.js';

/** A family of drivers built on one client library. */
export interface KafkaDrivers {
  /** Library name and version, for logs and `karafka info`. */
  readonly description: string;
  /** Built-in features of the client (codecs, security), for `karafka info`. */
  readonly features: readonly string[];
  consumer(options: ConsumerDriverOptions): ConsumerDriver;
  producer(options: ProducerDriverOptions): ProducerDriver;
  admin(options: AdminDriverOptions): AdminDriver;
}

let featuresChecked = false;

function checkFeaturesOnce(): void {
  if (featuresChecked) return;
  assertRequiredFeatures();
  featuresChecked = true;
}

/**
 * Drivers on librdkafka. The first driver created checks librdkafka's built-in features. The description names
 * the client library and how consumers take messages from it (packed batches, or the plain fallback).
 */
export const rdkafkaDrivers: KafkaDrivers = {
  get description(): string {
    return `librdkafka ${library.librdkafkaVersion} (@karafka-ts/kafka-native, ${describeConsumePath()})`;
  },
  features: library.features,
  consumer(options) {
    checkFeaturesOnce();
    return new RdKafkaConsumer(options);
  },
  producer(options) {
    checkFeaturesOnce();
    return new RdKafkaProducer(options);
  },
  admin(options) {
    checkFeaturesOnce();
    return new RdKafkaAdmin(options);
  },
};
