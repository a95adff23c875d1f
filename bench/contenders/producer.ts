/**
 * The Node producers of the producer scenario, acks=all, `batch` messages at a time:
 * - 'raw': librdkafka's `produce()` in a loop (idempotence on, as karafka-ts sets it), delivery reports counted;
 * - 'kafkajs': `producer.send({ acks: -1, messages })` per batch, awaited in turn;
 * - 'karafka': karafka-ts `Producer.produceManyAsync` per batch, every delivery awaited at the end.
 */
import rdkafka from '@karafka-ts/kafka-native';
import kafkajs from 'kafkajs';
import { type DeliveryHandle, Producer, type ProducerMessage } from '../../src/index.js';
import { finish, now, pause, readSpec } from './common.js';

interface ProducerSpec {
  readonly client: 'raw' | 'kafkajs' | 'karafka';
  readonly bootstrap: string;
  readonly topic: string;
  readonly messages: number;
  readonly bytes: number;
  readonly batch: number;
}

const spec = readSpec<ProducerSpec>();
const payload = Buffer.alloc(spec.bytes, 'x');
/** From the first message handed to the client (after connecting) to the last delivery (before closing). */
let firstAt = 0;
let lastAt = 0;

async function raw(): Promise<number> {
  const producer = new rdkafka.Producer({
    'bootstrap.servers': spec.bootstrap,
    acks: -1,
    'enable.idempotence': true,
    dr_cb: true,
  });
  let delivered = 0;
  let failed = 0;
  producer.on('delivery-report', (error) => {
    if (error) failed += 1;
    else delivered += 1;
  });
  await new Promise<void>((resolve, reject) => {
    producer.connect({}, (error) => (error ? reject(new Error(error.message)) : resolve()));
  });
  producer.setPollInterval(20);
  firstAt = now();
  for (let sent = 0; sent < spec.messages;) {
    try {
      producer.produce(spec.topic, null, payload);
      sent += 1;
    } catch (error) {
      if ((error as { code?: number }).code !== rdkafka.CODES.ERRORS.ERR__QUEUE_FULL) throw error;
      await pause(1);
    }
  }
  while (delivered + failed < spec.messages) await pause(1);
  lastAt = now();
  await new Promise<void>((resolve) => {
    producer.disconnect(() => resolve());
  });
  if (failed > 0) throw new Error(`${String(failed)} messages were not delivered`);
  return delivered;
}

async function viaKafkajs(): Promise<number> {
  const kafka = new kafkajs.Kafka({
    clientId: 'bench-kafkajs',
    brokers: [spec.bootstrap],
    logLevel: kafkajs.logLevel.ERROR,
  });
  const producer = kafka.producer();
  await producer.connect();
  let delivered = 0;
  firstAt = now();
  for (let sent = 0; sent < spec.messages; sent += spec.batch) {
    const size = Math.min(spec.batch, spec.messages - sent);
    const messages = Array.from({ length: size }, () => ({ value: payload }));
    const records = await producer.send({ topic: spec.topic, acks: -1, messages });
    delivered += records.length === 0 ? 0 : size;
  }
  lastAt = now();
  await producer.disconnect();
  return delivered;
}

async function viaKarafka(): Promise<number> {
  const producer = new Producer({ kafka: { 'bootstrap.servers': spec.bootstrap } });
  await producer.connect();
  const handles: DeliveryHandle[] = [];
  firstAt = now();
  for (let sent = 0; sent < spec.messages; sent += spec.batch) {
    const size = Math.min(spec.batch, spec.messages - sent);
    const messages: ProducerMessage[] = Array.from({ length: size }, () => ({ topic: spec.topic, payload }));
    handles.push(...(await producer.produceManyAsync(messages)));
  }
  const reports = await Promise.all(handles.map((h) => h.wait()));
  lastAt = now();
  await producer.close();
  return reports.length;
}

const clientStartedAt = now();
try {
  const delivered = await (spec.client === 'raw' ? raw() : spec.client === 'kafkajs' ? viaKafkajs() : viaKarafka());
  finish({
    ok: delivered === spec.messages,
    ...(delivered === spec.messages ? {} : { error: `${String(delivered)} of ${String(spec.messages)} delivered` }),
    count: delivered,
    clientStartedAt,
    firstAt,
    lastAt,
    figures: {},
  });
} catch (error) {
  finish({
    ok: false,
    error: error instanceof Error ? error.message : String(error),
    count: 0,
    clientStartedAt,
    firstAt,
    lastAt,
    figures: {},
  });
}
