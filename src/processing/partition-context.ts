/**
 * Builds the context a consumer instance gets: offset operations bound to its partition (and, under virtual
 * partitions, to its virtual partition: a mark counts only once everything below it is done), pauses and seeks,
 * dead letter dispatch, transactions whose marks travel with the transaction, and the shared services.
 */
import type { ConsumerContext, WorkersControl } from '../consumer/consumer-context.js';
import { bindLogger } from '../instrumentation/bound-logger.js';
import type { Logger } from '../instrumentation/logger.js';
import type { Monitor } from '../instrumentation/monitor.js';
import type { Message } from '../messages/message.js';
import type { Producer } from '../producer/producer.js';
import type { DeadLetterDispatcher } from './dead-letter-queue.js';
import type { MarkMetadata } from './offset-metadata.js';
import type { PartitionCoordinator } from './partition-coordinator.js';
import type { PartitionFlow } from './partition-flow.js';
import type { PartitionInsightsStore } from './partition-insights.js';
import type { PartitionOperations } from './partition-operations.js';

/** What a partition's context is built from. */
export interface PartitionContextServices {
  readonly monitor: Monitor;
  readonly logger: Logger;
  readonly workers: WorkersControl;
  readonly producer: () => Producer;
  readonly operations: PartitionOperations;
  readonly flow: PartitionFlow;
  readonly deadLetters: DeadLetterDispatcher;
  /** The latest statistics figures of the listener's partitions (when a topic has inline insights). */
  readonly insights?: PartitionInsightsStore | undefined;
  /** The partition's own transactional producer (setting `transactionalProducers`), used instead of `producer`. */
  readonly transactionalProducer?: ((coordinator: PartitionCoordinator) => Producer) | undefined;
}

/** Refuses offset metadata that is not a string, null or undefined (it would be dropped silently). */
function assertMetadata(metadata: unknown): asserts metadata is MarkMetadata {
  if (metadata === undefined || metadata === null || typeof metadata === 'string') return;
  throw new TypeError(
    `Offset metadata must be a string (or null to clear it), got ${typeof metadata}: serialize it first (JSON.stringify)`,
  );
}

/** The context of `coordinator`'s consumer of virtual partition `index` (0 without virtual partitions). */
export function createPartitionContext(
  coordinator: PartitionCoordinator,
  services: PartitionContextServices,
  index = 0,
): ConsumerContext {
  const { monitor, logger, workers, operations, flow } = services;
  const tp = { topic: coordinator.topic.name, partition: coordinator.partition };
  const { transactionalProducer } = services;
  const producer = transactionalProducer === undefined ? services.producer : () => transactionalProducer(coordinator);
  /** Offsets marked inside a running consumer transaction: they go with the transaction, not to the client. */
  let transactionMark: number | undefined;
  let transactionMetadata: MarkMetadata;
  let inTransaction = false;

  const mark = (message: Message<unknown>, metadata?: MarkMetadata): boolean => {
    assertMetadata(metadata);
    if (!inTransaction) return operations.store(coordinator, message.offset + 1, index, metadata);
    if (!coordinator.canMark) return false;
    transactionMark = message.offset + 1;
    if (metadata !== undefined) transactionMetadata = metadata;
    return true;
  };

  return {
    topic: coordinator.topic,
    partition: coordinator.partition,
    isRevoked: () => !coordinator.isOwned,
    signal: coordinator.ownership.signal,
    collapsed: () => coordinator.progress.collapsed,
    markAsConsumed: mark,
    markAsConsumedSync: async (message, metadata) => {
      if (inTransaction) return mark(message, metadata);
      assertMetadata(metadata);
      if (!operations.store(coordinator, message.offset + 1, index, metadata)) return false;
      // Under virtual partitions what was stored may be below the mark (messages below it are not done yet).
      const stored = operations.lastStored(coordinator);
      return stored === undefined || operations.commit(coordinator, [stored]);
    },
    offsetMetadata: (refresh) => operations.offsetMetadata(coordinator, refresh),
    commitOffsets: () => operations.commit(coordinator),
    pause: (offset, timeoutMs) => flow.pause(coordinator, offset, timeoutMs ?? coordinator.topic.pause.timeout),
    resume: () => flow.resume(coordinator),
    seek: (target) => flow.seek(coordinator, target, index),
    dispatchToDlq: async (message) => {
      const error = new Error('dispatched by the consumer');
      if (!(await services.deadLetters.dispatch(coordinator, message.raw, error, coordinator.attempt))) {
        throw new Error(`Could not dispatch ${coordinator.id}@${String(message.offset)} to the dead letter queue`);
      }
      operations.store(coordinator, message.offset + 1, index);
    },
    keepBatchUnmarked: () => coordinator.keepBatchUnmarked(index),
    attempt: () => coordinator.attempt + 1,
    insights: () => {
      if (!coordinator.topic.inlineInsights) {
        throw new Error(
          `this.insights needs the route option inlineInsights: true (topic '${coordinator.topic.name}' does not have it)`,
        );
      }
      return services.insights?.get(tp.topic, tp.partition);
    },
    producer,
    transaction: async (work) => {
      if (inTransaction) throw new Error(`A transaction is already running for ${coordinator.id}`);
      inTransaction = true;
      transactionMark = undefined;
      transactionMetadata = undefined;
      try {
        const result = await producer().transaction(async (transaction) => {
          const value = await work(transaction);
          // Lost meanwhile: the new owner processes these messages again, so this transaction must not commit.
          if (!coordinator.canMark) throw new Error(`${coordinator.id} was lost during the transaction: aborting it`);
          // Under virtual partitions the offset sent is the one the mark would let the partition store.
          const offset =
            transactionMark === undefined ? undefined : coordinator.progress.targetIfMarked(transactionMark, index);
          if (offset !== undefined) await operations.sendOffsets(coordinator, transaction, offset, transactionMetadata);
          return value;
        });
        // Committed: keep the client's position in step (a later automatic mark must not go backwards).
        if (transactionMark !== undefined) operations.store(coordinator, transactionMark, index, transactionMetadata);
        return result;
      } finally {
        inTransaction = false;
        transactionMark = undefined;
        transactionMetadata = undefined;
      }
    },
    workers,
    monitor,
    logger: bindLogger(logger, { consumerGroup: coordinator.topic.consumerGroup, ...tp }),
  };
}
