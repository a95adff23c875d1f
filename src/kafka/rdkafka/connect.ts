/**
 * Connecting a library client without waiting for the cluster.
 *
 * The binding's `connect()` creates the librdkafka handle and then insists on fetching cluster metadata: with
 * no broker reachable it waits 30 s, tears the handle down and fails, and the client errors of those 30 s are
 * only delivered afterwards, all at once. librdkafka itself needs no broker to start: a handle reconnects on
 * its own, with backoff, for as long as it lives. So the metadata step is answered locally while the binding
 * connects; the framework then watches reachability itself (`BrokerReachability`), and requests simply wait
 * until a broker answers.
 */
import type { RdKafka } from '@karafka-ts/kafka-native';
import { callbackToPromise } from './errors.js';

type MetadataCall = (options: unknown, done: (error: unknown, metadata: RdKafka.Metadata) => void) => void;

const NO_METADATA: RdKafka.Metadata = { orig_broker_id: -1, orig_broker_name: '', brokers: [], topics: [] };

/** Creates the client's librdkafka handle and resolves at once, whether or not a broker is reachable. */
export async function connectWithoutWaiting(
  client: RdKafka.KafkaConsumer | RdKafka.Producer,
  context: string,
): Promise<void> {
  const patched = client as unknown as { getMetadata?: MetadataCall };
  patched.getMetadata = (_options, done) => done(null, NO_METADATA);
  try {
    await callbackToPromise<unknown>(context, (done) => client.connect({}, done));
  } finally {
    delete patched.getMetadata;
  }
}

/**
 * Asks any broker for cluster metadata: resolves once one answered within `timeoutMs`. It asks for every topic:
 * asked for "the topics it knows", a client names its subscribed topics, and a broker with
 * `auto.create.topics.enable` then creates the ones that do not exist.
 */
export async function probeCluster(
  client: RdKafka.KafkaConsumer | RdKafka.Producer,
  timeoutMs: number,
): Promise<RdKafka.Metadata> {
  return callbackToPromise<RdKafka.Metadata>('Reaching the cluster', (done) => {
    client.getMetadata({ allTopics: true, timeout: timeoutMs }, done);
  });
}
