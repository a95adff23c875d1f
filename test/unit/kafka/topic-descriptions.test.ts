/**
 * Topic descriptions from the binding's admin client: a topic deleted between listing the cluster and
 * describing it is left out of a cluster overview (it raced with the listing), while a request for that topic by
 * name fails naming it.
 */
import type { RdKafka } from '@karafka-ts/kafka-native';
import { describe, expect, it } from 'vitest';
import { KafkaDriverError } from '../../../src/kafka/driver-error.js';
import { toTopicDescriptions } from '../../../src/kafka/rdkafka/topic-descriptions.js';

const broker = { id: 1, host: '127.0.0.1', port: 9092 };
/** A description as the binding returns it, with the broker's error when it has one. */
function described(name: string, error?: { code: number; message: string }): RdKafka.TopicDescription {
  const partitions = error === undefined ? [{ partition: 0, leader: broker, replicas: [broker], isr: [broker] }] : [];
  return { name, isInternal: false, partitions, ...(error === undefined ? {} : { error }) } as RdKafka.TopicDescription;
}

const orders = described('orders');
const deleted = described('deleted-meanwhile', { code: 3, message: 'Broker: Unknown topic or partition' });
const denied = described('secret', { code: 29, message: 'Broker: Topic authorization failed' });

describe('topic descriptions', () => {
  it('leave out, for a cluster overview, a topic deleted since it was listed', () => {
    expect(toTopicDescriptions([orders, deleted], 'leave out')).toEqual([
      { name: 'orders', internal: false, partitions: [{ partition: 0, leader: 1, replicas: [1], isr: [1] }] },
    ]);
  });

  it('fail naming the topic when it was asked for by name, and on any other error', () => {
    expect(() => toTopicDescriptions([orders, deleted], 'fail')).toThrow(
      'Describing deleted-meanwhile: Broker: Unknown topic or partition',
    );
    expect(() => toTopicDescriptions([denied], 'leave out')).toThrow(KafkaDriverError);
    expect(() => toTopicDescriptions([denied], 'leave out')).toThrow('Describing secret');
  });
});
