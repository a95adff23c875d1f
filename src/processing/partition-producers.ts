/**
 * The transactional producer of a partition, from the app's pool (setting `transactionalProducers`): asked
 * for by the partition's consumers (`this.producer`, `this.transaction()`), refused once the partition is no
 * longer this process's (a producer created then would fence the new owner's), and closed once the partition
 * was revoked and its last job ended.
 */
import type { Monitor } from '../instrumentation/monitor.js';
import type { Producer } from '../producer/producer.js';
import type { PartitionOfProducer, TransactionalProducerPool } from '../producer/transactional-producer-pool.js';
import type { PartitionCoordinator } from './partition-coordinator.js';

/** Thrown when a consumer asks for the transactional producer of a partition this process no longer owns. */
export class PartitionProducerRevokedError extends Error {
  /** @param partition `topic/partition`; @param transactionalId the producer's id */
  constructor(partition: string, transactionalId: string) {
    super(
      `Partition ${partition} is no longer assigned to this process: its transactional producer ` +
        `(${transactionalId}) belongs to the new owner now`,
    );
    this.name = 'PartitionProducerRevokedError';
  }
}

/** The transactional producer of a partition. */
export type PartitionProducers = (coordinator: PartitionCoordinator) => Producer;

/** Gives each partition the pool's producer for it, and gives it back when the partition goes. */
export function partitionProducers(pool: TransactionalProducerPool): PartitionProducers {
  const watched = new WeakSet<PartitionCoordinator>();
  return (coordinator) => {
    const of: PartitionOfProducer = {
      consumerGroup: coordinator.topic.consumerGroup,
      topic: coordinator.topic.name,
      partition: coordinator.partition,
    };
    if (!coordinator.canMark) throw new PartitionProducerRevokedError(coordinator.id, pool.transactionalId(of));
    const producer = pool.acquire(of, coordinator, () => coordinator.busy);
    if (!watched.has(coordinator)) {
      watched.add(coordinator);
      const release = (): void => void coordinator.idle().then(() => pool.release(of, coordinator));
      const { signal } = coordinator.ownership;
      if (signal.aborted) release();
      else signal.addEventListener('abort', release, { once: true });
    }
    return producer;
  };
}

/**
 * Connects a newly assigned partition's transactional producer at once. Its `initTransactions` fences the
 * previous owner's producer (same `transactional.id`) and aborts a transaction that owner left open (a
 * crashed process): until then the group's committed offsets of the partition are unstable and the client
 * cannot even read where to start, so waiting for the first batch to create the producer would wait out
 * `transaction.timeout.ms`. A failure is reported; the first transaction connects again.
 */
export function fenceOnAssign(
  producers: PartitionProducers,
  coordinator: PartitionCoordinator,
  monitor: Monitor,
): void {
  const report = (error: unknown): void => {
    monitor.instrument('error.occurred', {
      type: 'consumer.transactional_producer.error',
      error,
      partition: coordinator.id,
    });
  };
  try {
    producers(coordinator).connect().catch(report);
  } catch (error) {
    report(error);
  }
}
