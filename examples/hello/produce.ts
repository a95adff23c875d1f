/**
 * Creates the example topic if needed and produces a few greetings to it with the karafka-ts producer.
 */
import { Admin, Producer } from 'karafka-ts';

const kafka = { 'bootstrap.servers': process.env.KAFKA_BOOTSTRAP ?? `127.0.0.1:${process.env.KAFKA_PORT ?? '9092'}` };
const topic = 'karafka-ts-hello';
const count = Number(process.env.HELLO_COUNT ?? 5);

const admin = new Admin({ kafka });
try {
  await admin.topicInfo(topic);
} catch {
  await admin.createTopic(topic, 2, 1);
  console.log(`created topic ${topic}`);
} finally {
  await admin.close();
}

const producer = new Producer({ kafka });
const reports = await producer.produceManySync(
  Array.from({ length: count }, (_, i) => ({
    topic,
    key: `greeting-${String(i + 1)}`,
    payload: JSON.stringify({ greeting: 'Hello from karafka-ts', n: i + 1 }),
  })),
);
for (const report of reports)
  console.log(`produced ${report.topic}/${String(report.partition)}@${String(report.offset)}`);
await producer.close();
