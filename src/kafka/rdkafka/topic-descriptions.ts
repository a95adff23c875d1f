/**
 * Topic descriptions as the binding's admin client returns them, in the driver's vocabulary. A topic listed a
 * moment ago may be gone when it is described (deleted in between): a cluster overview leaves it out, a request
 * for named topics fails naming it.
 */
import type { RdKafka } from '@karafka-ts/kafka-native';
import type { TopicDescription } from '../admin-driver.js';
import { KafkaErrorCodes } from '../driver-error.js';
import { toDriverError } from './errors.js';

/** What to do with a topic the broker no longer knows. */
export type MissingTopics = 'fail' | 'leave out';

/**
 * The descriptions of `topics`. A topic with an error fails the whole call (`KafkaDriverError` naming it),
 * except an unknown topic under `'leave out'`.
 */
export function toTopicDescriptions(
  topics: readonly RdKafka.TopicDescription[],
  missing: MissingTopics,
): TopicDescription[] {
  const described: TopicDescription[] = [];
  for (const topic of topics) {
    if (topic.error) {
      const error = toDriverError(topic.error, `Describing ${topic.name}`);
      if (missing === 'leave out' && error.code === KafkaErrorCodes.unknownTopicOrPartition) continue;
      throw error;
    }
    described.push({
      name: topic.name,
      internal: topic.isInternal,
      partitions: topic.partitions.map((p) => ({
        partition: p.partition,
        leader: p.leader?.id ?? -1,
        replicas: p.replicas.map((r) => r.id),
        isr: p.isr.map((r) => r.id),
      })),
    });
  }
  return described;
}
