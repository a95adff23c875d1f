/**
 * A poll's messages come in runs of one partition (librdkafka hands over a fetched batch of a partition at a
 * time): walking them run by run looks each partition's state up once per run instead of once per message.
 */
import type { KafkaMessage } from '../kafka/types.js';

/** Calls `visit` with each run of consecutive messages of one partition, in order. */
export function forEachPartitionRun(
  messages: readonly KafkaMessage[],
  visit: (topic: string, partition: number, run: KafkaMessage[]) => void,
): void {
  let run: KafkaMessage[] = [];
  let topic = '';
  let partition = -1;
  for (const message of messages) {
    if (run.length > 0 && (message.partition !== partition || message.topic !== topic)) {
      visit(topic, partition, run);
      run = [];
    }
    topic = message.topic;
    partition = message.partition;
    run.push(message);
  }
  if (run.length > 0) visit(topic, partition, run);
}
