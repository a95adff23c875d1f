/**
 * karafka-ts public API. Only re-exports: nothing inside src/ imports this file.
 */
export type {
  AdminDriver,
  AdminDriverOptions,
  NewTopicSpec,
  OffsetSpec,
  TopicDescription,
} from './kafka/admin-driver.js';
export type { ConsumerDriver, ConsumerDriverHooks, ConsumerDriverOptions } from './kafka/consumer-driver.js';
export { KafkaDriverError, KafkaErrorCodes } from './kafka/driver-error.js';
export { rdkafkaDrivers, type KafkaDrivers } from './kafka/drivers.js';
export type { ProducerDriver, ProducerDriverOptions } from './kafka/producer-driver.js';
export type {
  DeliveryReport,
  KafkaHeader,
  KafkaMessage,
  KafkaSettings,
  OutgoingMessage,
  PollResult,
  RebalanceEvent,
  RebalanceProtocol,
  TopicPartition,
  TopicPartitionOffset,
  Watermarks,
} from './kafka/types.js';
export { VERSION } from './version.js';
