/**
 * Offsets and lag of every partition a process consumes, read from librdkafka's statistics
 * (`statistics.emitted`, every `statistics.interval.ms` of each listener's client).
 */
import type { Monitor } from '../../instrumentation/monitor.js';

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

const num = (value: unknown): number => (typeof value === 'number' ? value : -1);

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
    const topics = statistics.topics;
    if (typeof topics !== 'object' || topics === null) return;
    const now = Date.now();
    for (const [topic, value] of Object.entries(topics as Record<string, unknown>)) {
      const partitions = (value as { partitions?: unknown }).partitions;
      if (typeof partitions !== 'object' || partitions === null) continue;
      for (const [id, raw] of Object.entries(partitions as Record<string, Record<string, unknown>>)) {
        const partition = Number(id);
        // -1 is librdkafka's internal "unassigned" partition; partitions not assigned carry no offsets.
        if (!Number.isInteger(partition) || partition < 0 || raw.fetch_state === 'none') continue;
        this.#offsets.set(partitionKey(consumerGroup, topic, partition), {
          committed: num(raw.committed_offset),
          stored: num(raw.stored_offset),
          high: num(raw.hi_offset),
          lag: num(raw.consumer_lag),
          lagStored: num(raw.consumer_lag_stored),
          at: now,
        });
      }
    }
  }

  /** The latest offsets of a partition, if reported. */
  get(consumerGroup: string, topic: string, partition: number): PartitionOffsets | undefined {
    return this.#offsets.get(partitionKey(consumerGroup, topic, partition));
  }
}
