/**
 * Turns a validated `ProducerMessage` into the driver's `OutgoingMessage`.
 */
import type { KafkaHeader, OutgoingMessage } from '../kafka/types.js';
import type { ProducerHeaders, ProducerMessage } from './types.js';

function toBuffer(value: string | Buffer): Buffer {
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
}

/** Headers object -> ordered header list (a name with several values gives one header per value). */
export function toKafkaHeaders(headers: ProducerHeaders): KafkaHeader[] {
  const list: KafkaHeader[] = [];
  for (const [key, value] of Object.entries(headers)) {
    const values: readonly (string | Buffer)[] = Array.isArray(value) ? value : [value as string | Buffer];
    for (const item of values) list.push({ key, value: toBuffer(item) });
  }
  return list;
}

/** The driver's message for `message`, on `partition` when one was chosen (one fixed shape: a hot path). */
export function toOutgoing(message: ProducerMessage, partition: number | undefined): OutgoingMessage {
  const timestamp = message.timestamp instanceof Date ? message.timestamp.getTime() : message.timestamp;
  const key = message.key;
  return {
    topic: message.topic,
    value: message.payload === null ? null : toBuffer(message.payload),
    key: key === undefined || key === null ? undefined : toBuffer(key),
    partition,
    headers: message.headers === undefined ? undefined : toKafkaHeaders(message.headers),
    timestamp,
  };
}
