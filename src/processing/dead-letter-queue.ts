/**
 * Dispatch of a failing message to its topic's dead letter queue: the original key, payload and headers plus
 * headers saying where it came from and why it failed. Synchronous: the copy is acknowledged before the
 * source offset may move, so a crash can never lose the message.
 */
import type { KafkaMessage } from '../kafka/types.js';
import type { Producer } from '../producer/producer.js';
import type { MessageReport, ProducerMessage } from '../producer/types.js';
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

/** Produces the dead-letter copy and resolves with its delivery report once the broker acknowledged it. */
export async function dispatchDeadLetter(
  producer: Producer,
  deadLetterTopic: string,
  coordinator: PartitionCoordinator,
  message: KafkaMessage,
  error: unknown,
  attempts: number,
): Promise<MessageReport> {
  return producer.produceSync(deadLetterMessage(deadLetterTopic, coordinator, message, error, attempts));
}
