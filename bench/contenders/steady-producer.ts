/**
 * Produces at a steady rate for a while (librdkafka, no batching delay), round robin over the partitions, each
 * message stamped with its creation time: the source of the end-to-end latency scenario.
 */
import rdkafka from '@karafka-ts/kafka-native';
import { LatencyRecorder, now, pause, readSpec } from './common.js';
import { writeFileSync } from 'node:fs';

interface SteadySpec {
  readonly bootstrap: string;
  readonly topic: string;
  readonly partitions: number;
  readonly rate: number;
  readonly seconds: number;
  readonly bytes: number;
}

const spec = readSpec<SteadySpec>();
const total = spec.rate * spec.seconds;
const producer = new rdkafka.Producer({
  'bootstrap.servers': spec.bootstrap,
  'linger.ms': 0,
  dr_cb: true,
});
let delivered = 0;
let failed = 0;
/** Acknowledgement latency of every message (ms from produce() to the delivery report). */
const acks = new LatencyRecorder(total);
producer.on('delivery-report', (error, report) => {
  if (error) failed += 1;
  else delivered += 1;
  acks.record(Date.now() - Number(report.opaque));
});
await new Promise<void>((resolve, reject) => {
  producer.connect({}, (error) => (error ? reject(new Error(error.message)) : resolve()));
});
// Know the topic's partition leaders before the clock starts.
await new Promise<void>((resolve, reject) => {
  producer.getMetadata({ topic: spec.topic, timeout: 10_000 }, (error) =>
    error ? reject(new Error(error.message)) : resolve(),
  );
});
producer.setPollInterval(10);
const payload = Buffer.alloc(spec.bytes, 'x');
const started = now();
let sent = 0;
let maxBehind = 0;
while (sent < total) {
  const due = Math.min(total, Math.floor(((now() - started) * spec.rate) / 1000));
  maxBehind = Math.max(maxBehind, due - sent);
  for (; sent < due; sent += 1) {
    const at = Date.now();
    producer.produce(spec.topic, sent % spec.partitions, payload, null, at, at);
  }
  await pause(2);
}
const producedFor = now() - started;
await new Promise<void>((resolve, reject) => {
  producer.flush(30_000, (error) => (error ? reject(new Error(error.message)) : resolve()));
});
// Delivery reports reach JavaScript through the poll interval: wait for the last ones.
for (let waited = 0; delivered + failed < sent && waited < 5_000; waited += 50) await pause(50);
await new Promise<void>((resolve) => {
  producer.disconnect(() => resolve());
});
const file = process.env.BENCH_RESULT;
const { p50: ackP50, p99: ackP99, max: ackMax } = acks.summary();
const result = {
  ok: delivered === total && failed === 0,
  sent,
  delivered,
  failed,
  producedForMs: producedFor,
  maxBehind,
  ackP50,
  ackP99,
  ackMax,
};
if (file !== undefined) writeFileSync(file, JSON.stringify(result));
process.exit(result.ok ? 0 : 1);
