/**
 * `karafka-ts/testing`: test an app's consumers with no broker. `new TestKit(app)` puts the app in test mode
 * (its producer writes to an in-memory cluster); `kit.consumerFor(topic)` builds a routed topic's consumer as
 * the server builds it and runs it through the same processing core. No test runner is imported: use it from
 * vitest, jest or `node:test`. `BrokerTestKit` helps integration tests against a real broker (optional).
 */
export { TestKit, type ConsumerForOptions } from './test-kit.js';
export { BrokerTestKit, type BrokerTestKitOptions } from './broker-test-kit.js';
export { TestConsumer, type FedMessage, type FeedOptions, type PayloadOf } from './test-consumer.js';
export type {
  ConsumeOutcome,
  ConsumedBatch,
  DeadLetter,
  ReportedError,
  RequestedPause,
  RequestedSeek,
  RetryBackoff,
} from './consume-outcome.js';
export type { ProducedMessage, ProducedTransaction } from './produced-message.js';
export { InMemoryCluster, type CommittedOffset } from './in-memory-cluster.js';
export { inMemoryDrivers } from './in-memory-drivers.js';
export { InMemoryConsumer } from './in-memory-consumer.js';
export { InMemoryProducer } from './in-memory-producer.js';
