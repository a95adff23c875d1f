/**
 * The client library, loaded once, plus type declarations for what its `.d.ts` lacks.
 *
 * The library is `@karafka-ts/kafka-native`, the project's fork of `@confluentinc/kafka-javascript` (the same
 * client plus a packed batch consume: `packages/kafka-native/`, docs/kafka-client.md). The package is
 * CommonJS, so it is imported as a whole. Everything else in `src/kafka/rdkafka/` takes the library from here.
 */
import rdkafka from '@karafka-ts/kafka-native';

declare module '@karafka-ts/kafka-native/types/rdkafka.js' {
  interface KafkaConsumer {
    /** Adds partitions to the assignment (cooperative protocols). */
    incrementalAssign(assignments: Assignment[]): this;
    /** Removes partitions from the assignment (cooperative protocols). */
    incrementalUnassign(assignments: Assignment[]): this;
    /** Inside a revoke callback: true when the partitions were lost rather than revoked. */
    assignmentLost(): boolean;
    /** 'EAGER', 'COOPERATIVE' or 'NONE' (not in a group yet). */
    rebalanceProtocol(): 'EAGER' | 'COOPERATIVE' | 'NONE';
    /** Commits stored offsets (or the given ones) on a worker thread; calls back when the broker answered. */
    commitCb(toppars: TopicPartitionOffsetAndMetadata[] | null, cb: (err: LibrdKafkaError | null) => void): this;
    /**
     * Stores one partition's offset (no metadata): the binding's internal single-partition store, about a
     * tenth of the cost of `offsetsStore` with a one-element list. Throws like `offsetsStore`.
     */
    _offsetsStoreSingle(topic: string, partition: number, offset: number, leaderEpoch: number): void;
    /** When true, `consume(n)` waits `timeout` for the first message only, then takes what is ready. */
    setDefaultIsTimeoutOnlyForFirstMessage(value: boolean): void;
  }
  interface LibrdKafkaError {
    isFatal?: boolean;
    isRetriable?: boolean;
    isTxnRequiresAbort?: boolean;
  }
}

/** The client library's exports. */
export const library = rdkafka;
