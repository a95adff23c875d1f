/**
 * What a process did since it started, from its monitor's events: messages, batches, errors, retries and dead
 * letters, per partition the messages consumed and the last offset, and the offsets of each running consume.
 */
import type { ConsumerEventPayload } from '../../instrumentation/events.js';
import type { Monitor } from '../../instrumentation/monitor.js';
import type { ProcessCounters } from '../report.js';
import { partitionKey } from './partition-statistics.js';

/** Activity of one partition. */
export interface PartitionActivity {
  consumed: number;
  lastOffset?: number;
  lastConsumedAt?: number;
}

/** Counters of one process. */
export class Activity {
  readonly #counters = { messages: 0, batches: 0, errors: 0, retries: 0, deadLetters: 0 };
  readonly #partitions = new Map<string, PartitionActivity>();
  /** Offsets of the consumes running now, by partition. */
  readonly #running = new Map<string, { firstOffset?: number; lastOffset?: number }>();

  /** Subscribes to `monitor`; returns the unsubscribe function. */
  attach(monitor: Monitor): () => void {
    const key = (p: ConsumerEventPayload): string => partitionKey(p.consumerGroup, p.topic, p.partition);
    const subscriptions = [
      monitor.subscribe('consumer.consume', (p) => {
        this.#running.set(key(p), { firstOffset: p.firstOffset, lastOffset: p.lastOffset });
      }),
      monitor.subscribe('consumer.consumed', (p) => {
        this.#running.delete(key(p));
        this.#counters.messages += p.messages;
        this.#counters.batches += 1;
        const partition = this.#partitions.get(key(p)) ?? { consumed: 0 };
        partition.consumed += p.messages;
        if (p.lastOffset !== undefined) partition.lastOffset = p.lastOffset;
        partition.lastConsumedAt = Date.now();
        this.#partitions.set(key(p), partition);
      }),
      monitor.subscribe('consumer.consuming.retry', () => {
        this.#counters.retries += 1;
      }),
      monitor.subscribe('dead_letter_queue.dispatched', () => {
        this.#counters.deadLetters += 1;
      }),
      monitor.subscribe('error.occurred', (p) => {
        this.#counters.errors += 1;
        if (p.type === 'consumer.consume.error') {
          const { consumerGroup, topic, partition } = p;
          if (typeof consumerGroup === 'string' && typeof topic === 'string' && typeof partition === 'number') {
            this.#running.delete(partitionKey(consumerGroup, topic, partition));
          }
        }
      }),
    ];
    return () => {
      for (const unsubscribe of subscriptions) unsubscribe();
    };
  }

  /** Counters since the process started. */
  get counters(): ProcessCounters {
    return { ...this.#counters };
  }

  /** Activity of a partition. */
  partition(consumerGroup: string, topic: string, partition: number): PartitionActivity {
    return this.#partitions.get(partitionKey(consumerGroup, topic, partition)) ?? { consumed: 0 };
  }

  /** Offsets of the consume running on a partition, if one runs. */
  running(consumerGroup: string, topic: string, partition: number): { firstOffset?: number; lastOffset?: number } {
    return this.#running.get(partitionKey(consumerGroup, topic, partition)) ?? {};
  }
}
