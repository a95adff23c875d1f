/**
 * Offsets and lag of every partition a process consumes, read from librdkafka's statistics
 * (`statistics.emitted`, every `statistics.interval.ms` of each listener's client).
 */
import type { Monitor } from '../../instrumentation/monitor.js';
import { readPartitionFigures } from '../../instrumentation/partition-statistics.js';

/** Offsets of one partition as the client last reported them. */
export interface PartitionOffsets {
  /** Committed offset (next to read); -1 when none. */
  readonly committed: number;
  readonly stored: number;
  readonly high: number;
  /** -1 when the client does not know yet. */
  readonly lag: number;
  readonly lagStored: number;
  readonly at: number;
}

/** `consumerGroup\0topic\0partition`. */
export function partitionKey(consumerGroup: string, topic: string, partition: number): string {
  return `${consumerGroup}\u0000${topic}\u0000${String(partition)}`;
}

/** The latest offsets of every partition seen in the statistics of consumer clients. */
export class PartitionStatistics {
  readonly #offsets = new Map<string, PartitionOffsets>();

  /** Subscribes to `monitor`; returns the unsubscribe function. */
  attach(monitor: Monitor): () => void {
    return monitor.subscribe('statistics.emitted', (payload) => {
      if (payload.consumerGroup === undefined) return;
      this.record(payload.consumerGroup, payload.statistics);
    });
  }

  /** Reads one statistics report of a consumer of `consumerGroup`. */
  record(consumerGroup: string, statistics: Readonly<Record<string, unknown>>): void {
    const now = Date.now();
    for (const figures of readPartitionFigures(statistics)) {
      // Partitions not assigned carry no offsets.
      if (figures.fetchState === 'none') continue;
      this.#offsets.set(partitionKey(consumerGroup, figures.topic, figures.partition), {
        committed: figures.committedOffset ?? -1,
        stored: figures.storedOffset ?? -1,
        high: figures.highWatermark ?? -1,
        lag: figures.lag ?? -1,
        lagStored: figures.lagStored ?? -1,
        at: now,
      });
    }
  }

  /** The latest offsets of a partition, if reported. */
  get(consumerGroup: string, topic: string, partition: number): PartitionOffsets | undefined {
    return this.#offsets.get(partitionKey(consumerGroup, topic, partition));
  }
}
