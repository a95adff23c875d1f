/**
 * Builds the context a consumer instance gets: offset operations bound to its partition, the producer,
 * transactions whose marks travel with the transaction, and the shared services.
 */
import type { ConsumerContext, WorkersControl } from '../consumer/consumer-context.js';
import { bindLogger } from '../instrumentation/bound-logger.js';
import type { Logger } from '../instrumentation/logger.js';
import type { Monitor } from '../instrumentation/monitor.js';
import type { ConsumerDriver } from '../kafka/consumer-driver.js';
import type { TopicPartitionOffset } from '../kafka/types.js';
import type { Message } from '../messages/message.js';
import type { Producer } from '../producer/producer.js';
import type { PartitionCoordinator } from './partition-coordinator.js';

/** What a partition's context is built from. */
export interface PartitionContextDeps {
  readonly monitor: Monitor;
  readonly logger: Logger;
  readonly workers: WorkersControl;
  readonly driver: () => ConsumerDriver | undefined;
  readonly producer: () => Producer;
  /** Stores `offset` (next to read) for the partition; false when it may not be marked any more. */
  readonly store: (coordinator: PartitionCoordinator, offset: number) => boolean;
  readonly pause: (coordinator: PartitionCoordinator, offset: number, timeoutMs: number | undefined) => void;
  readonly resume: (coordinator: PartitionCoordinator) => void;
  readonly seek: (coordinator: PartitionCoordinator, target: number | Date | 'earliest' | 'latest') => Promise<void>;
  readonly dispatchToDlq: (coordinator: PartitionCoordinator, message: Message<unknown>) => Promise<void>;
}

/** The context of `coordinator`'s consumer. */
export function createPartitionContext(coordinator: PartitionCoordinator, deps: PartitionContextDeps): ConsumerContext {
  const { monitor, logger, workers } = deps;
  const tp = { topic: coordinator.topic.name, partition: coordinator.partition };
  /** Offsets marked inside a running consumer transaction: they go with the transaction, not to the client. */
  let transactionMark: number | undefined;
  let inTransaction = false;

  const commit = async (offsets?: TopicPartitionOffset[]): Promise<boolean> => {
    const driver = deps.driver();
    if (driver === undefined || !coordinator.canMark) return false;
    try {
      await driver.commit(offsets);
      return true;
    } catch (error) {
      monitor.instrument('error.occurred', { type: 'consumer.commit.error', error, ...tp });
      return false;
    }
  };

  const mark = (message: Message<unknown>): boolean => {
    if (!inTransaction) return deps.store(coordinator, message.offset + 1);
    if (!coordinator.canMark) return false;
    transactionMark = message.offset + 1;
    return true;
  };

  return {
    topic: coordinator.topic,
    partition: coordinator.partition,
    isRevoked: () => coordinator.revoked,
    markAsConsumed: mark,
    markAsConsumedSync: async (message) => {
      if (inTransaction) return mark(message);
      const offset = message.offset + 1;
      if (!deps.store(coordinator, offset)) return false;
      return commit([{ ...tp, offset }]);
    },
    commitOffsets: () => commit(),
    pause: (offset, timeoutMs) => deps.pause(coordinator, offset, timeoutMs),
    resume: () => deps.resume(coordinator),
    seek: (target) => deps.seek(coordinator, target),
    dispatchToDlq: (message) => deps.dispatchToDlq(coordinator, message),
    keepBatchUnmarked: () => {
      if (coordinator.running) coordinator.skipAutoMark = true;
    },
    attempt: () => coordinator.attempt + 1,
    producer: deps.producer,
    transaction: async (work) => {
      if (inTransaction) throw new Error(`A transaction is already running for ${coordinator.id}`);
      inTransaction = true;
      transactionMark = undefined;
      try {
        const result = await deps.producer().transaction(async (transaction) => {
          const value = await work(transaction);
          const driver = deps.driver();
          if (transactionMark !== undefined) {
            if (driver === undefined || !coordinator.canMark) {
              throw new Error(`Cannot commit offsets of ${coordinator.id} in the transaction: the partition was lost`);
            }
            await transaction.sendOffsets([{ ...tp, offset: transactionMark }], driver);
          }
          return value;
        });
        // Committed: keep the client's position in step (a later automatic mark must not go backwards).
        if (transactionMark !== undefined) deps.store(coordinator, transactionMark);
        return result;
      } finally {
        inTransaction = false;
        transactionMark = undefined;
      }
    },
    workers,
    monitor,
    logger: bindLogger(logger, { consumerGroup: coordinator.topic.consumerGroup, ...tp }),
  };
}
