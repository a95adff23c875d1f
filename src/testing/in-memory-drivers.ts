/**
 * The framework's driver family on an in-memory cluster: consumers and producers (an admin client is refused).
 */
import type { KafkaDrivers } from '../kafka/drivers.js';
import type { InMemoryCluster } from './in-memory-cluster.js';
import { InMemoryConsumer } from './in-memory-consumer.js';
import { InMemoryProducer } from './in-memory-producer.js';

/** Drivers whose clients read and write `cluster`. */
export function inMemoryDrivers(cluster: InMemoryCluster): KafkaDrivers {
  return {
    description: 'in-memory cluster (karafka-ts/testing)',
    features: [],
    consumer: (options) => new InMemoryConsumer(cluster, options),
    producer: (options) => new InMemoryProducer(cluster, options),
    admin: () => {
      throw new Error(
        'The in-memory cluster of karafka-ts/testing has no admin client: test admin calls against a broker ' +
          '(see BrokerTestKit in docs/testing.md)',
      );
    },
  };
}
