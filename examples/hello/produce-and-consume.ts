/**
 * The quick-start example: produces a few messages to a new topic on the local Kafka, consumes them with a
 * group, prints them and commits their offsets.
 *
 *   npm run example                  (KAFKA_BOOTSTRAP defaults to 127.0.0.1:9092)
 */
import { rdkafkaDrivers, type KafkaMessage } from '../../src/index.js';

const bootstrap = process.env.KAFKA_BOOTSTRAP ?? `127.0.0.1:${process.env.KAFKA_PORT ?? '9092'}`;
const topic = `hello-karafka-ts-${Date.now().toString(36)}`;
const group = `${topic}-group`;
const count = 5;

const admin = rdkafkaDrivers.admin({ settings: { 'bootstrap.servers': bootstrap } });
await admin.createTopic({ name: topic, partitions: 1, replicationFactor: 1 }, 10_000);
await admin.close();

const producer = rdkafkaDrivers.producer({ settings: { 'bootstrap.servers': bootstrap } });
await producer.connect();
for (let i = 1; i <= count; i += 1) {
  const report = await producer.produce({
    topic,
    key: `key-${String(i)}`,
    value: Buffer.from(`Hello Kafka #${String(i)}`),
  });
  console.log(`produced  ${report.topic}/${String(report.partition)}@${String(report.offset)}`);
}
await producer.close(5_000);

const consumer = rdkafkaDrivers.consumer({
  settings: { 'bootstrap.servers': bootstrap, 'group.id': group, 'auto.offset.reset': 'earliest' },
});
await consumer.connect();
consumer.subscribe([topic]);
const received: KafkaMessage[] = [];
const deadline = Date.now() + 30_000;
while (received.length < count && Date.now() < deadline) {
  const { messages } = await consumer.poll(100, 500);
  for (const message of messages) {
    console.log(
      `consumed  ${message.topic}/${String(message.partition)}@${String(message.offset)} key=${String(message.key)} value=${String(message.value)}`,
    );
    received.push(message);
  }
}
const last = received.at(-1);
if (last !== undefined) consumer.storeOffsets([{ topic, partition: last.partition, offset: last.offset + 1 }]);
await consumer.close();

if (received.length !== count) {
  console.error(`Expected ${String(count)} messages, consumed ${String(received.length)}`);
  process.exit(1);
}
console.log(`Done: ${String(count)} messages produced, consumed and committed (group ${group}).`);
