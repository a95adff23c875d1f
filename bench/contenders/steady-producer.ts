/**
 * Produces at a steady rate for a while (librdkafka, no batching delay), round robin over the partitions, each
 * message stamped with its creation time: the source of the end-to-end latency scenario.
 */
import rdkafka from '@confluentinc/kafka-javascript';
import { now, pause, readSpec } from './common.js';
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
producer.on('delivery-report', (error) => {
  if (error) failed += 1;
  else delivered += 1;
});
await new Promise<void>((resolve, reject) => {
  producer.connect({}, (error) => (error ? reject(new Error(error.message)) : resolve()));
});
producer.setPollInterval(50);
const payload = Buffer.alloc(spec.bytes, 'x');
const started = now();
let sent = 0;
let maxBehind = 0;
while (sent < total) {
  const due = Math.min(total, Math.floor(((now() - started) * spec.rate) / 1000));
  maxBehind = Math.max(maxBehind, due - sent);
  for (; sent < due; sent += 1) producer.produce(spec.topic, sent % spec.partitions, payload, null, Date.now());
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
const result = {
  ok: delivered === total && failed === 0,
  sent,
  delivered,
  failed,
  producedForMs: producedFor,
  maxBehind,
};
if (file !== undefined) writeFileSync(file, JSON.stringify(result));
process.exit(result.ok ? 0 : 1);
