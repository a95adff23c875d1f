/**
 * Dispatch of a failing message to its topic's dead letter queue: the original key, payload and headers plus
 * headers saying where it came from and why it failed. Synchronous: the copy is acknowledged before the
 * source offset may move, so a crash can never lose the message. Marking the message is the caller's part.
 */
import type { Monitor } from '../instrumentation/monitor.js';
import type { KafkaMessage } from '../kafka/types.js';
import type { Producer } from '../producer/producer.js';
import type { ProducerMessage } from '../producer/types.js';
import { consumerEventPayload } from './event-payload.js';
import type { PartitionCoordinator } from './partition-coordinator.js';

/** Names of the headers a dead-lettered message carries about its source. */
export const DLQ_HEADERS = {
  topic: 'source_topic',
  partition: 'source_partition',
  offset: 'source_offset',
  consumerGroup: 'source_consumer_group',
  attempts: 'source_attempts',
  errorClass: 'source_error_class',
  errorMessage: 'source_error_message',
} as const;

/** The message produced to the dead letter topic for `message`. */
export function deadLetterMessage(
  deadLetterTopic: string,
  coordinator: PartitionCoordinator,
  message: KafkaMessage,
  error: unknown,
  attempts: number,
): ProducerMessage {
  const headers: Record<string, (string | Buffer)[]> = {};
  for (const { key, value } of message.headers) (headers[key] ??= []).push(value);
  const source: Record<string, string> = {
    [DLQ_HEADERS.topic]: message.topic,
    [DLQ_HEADERS.partition]: String(message.partition),
    [DLQ_HEADERS.offset]: String(message.offset),
    [DLQ_HEADERS.consumerGroup]: coordinator.topic.consumerGroup,
    [DLQ_HEADERS.attempts]: String(attempts),
    [DLQ_HEADERS.errorClass]: error instanceof Error ? error.name : typeof error,
    [DLQ_HEADERS.errorMessage]: error instanceof Error ? error.message : String(error),
  };
  for (const [key, value] of Object.entries(source)) headers[key] = [value];
  return {
    topic: deadLetterTopic,
    payload: message.value,
    // Keyed messages keep their key (and so their placement); others stay together by source partition.
    ...(message.key === null ? { partitionKey: String(message.partition) } : { key: message.key }),
    headers,
  };
}

/** Dispatches messages of a listener's partitions to their topics' dead letter queues. */
export class DeadLetterDispatcher {
  readonly #producer: () => Producer;
  readonly #monitor: Monitor;

  /** @param producer the app's producer (built on first use) */
  constructor(producer: () => Producer, monitor: Monitor) {
    this.#producer = producer;
    this.#monitor = monitor;
  }

  /**
   * Produces the dead-letter copy of `message` (or, for `topic: false`, only reports it skipped) and resolves
   * once the broker acknowledged it: true when dispatched, false when the dispatch failed (reported).
   */
  async dispatch(
    coordinator: PartitionCoordinator,
    message: KafkaMessage,
    error: unknown,
    attempts: number,
  ): Promise<boolean> {
    const deadLetterTopic = this.#queueOf(coordinator).topic;
    const base = {
      ...consumerEventPayload(coordinator.topic, coordinator.partition, [message]),
      offset: message.offset,
      attempts,
    };
    try {
      if (deadLetterTopic === false) {
        this.#monitor.instrument('dead_letter_queue.dispatched', { ...base, deadLetterTopic: false });
        return true;
      }
      const report = await this.#producer().produceSync(
        deadLetterMessage(deadLetterTopic, coordinator, message, error, attempts),
      );
      this.#monitor.instrument('dead_letter_queue.dispatched', {
        ...base,
        deadLetterTopic,
        deadLetterPartition: report.partition,
        deadLetterOffset: report.offset,
      });
      return true;
    } catch (dispatchError) {
      this.#monitor.instrument('error.occurred', {
        type: 'dead_letter_queue.dispatch.error',
        error: dispatchError,
        ...base,
      });
      return false;
    }
  }

  #queueOf(coordinator: PartitionCoordinator): { readonly topic: string | false } {
    const dlq = coordinator.topic.deadLetterQueue;
    if (dlq === undefined) {
      throw new Error(`Topic '${coordinator.topic.name}' has no deadLetterQueue: add one to its route to dispatch`);
    }
    return dlq;
  }
}
