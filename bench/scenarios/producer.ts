/**
 * Scenario 6, producer throughput with acks=all: karafka-ts `produceManyAsync` against Kafka's Java
 * ProducerPerformance, the raw librdkafka produce loop and KafkaJS `send` with batches. Each contender writes
 * to its own fresh topic, whose message count is checked afterwards.
 */
import type { ConsumerResult } from '../contenders/common.js';
import { type ChildOutcome, runChild, startNodeChild } from '../lib/child.js';
import { javaTool } from '../lib/broker.js';
import type { Row } from '../lib/report.js';
import { type BenchContext, MB, type Scenario, failedRow } from '../lib/scenario.js';

const PARTITIONS = 10;
const BYTES = 100;

const NAMES = {
  java: 'Java ProducerPerformance',
  raw: 'raw kafka-javascript produce()',
  kafkajs: 'KafkaJS send (batches)',
  karafka: 'karafka-ts produceManyAsync',
} as const;

interface Measured {
  readonly ok: boolean;
  readonly reason?: string;
  readonly msgPerSec?: number;
  readonly outcome: ChildOutcome<unknown>;
}

async function runJava(context: BenchContext, topic: string, messages: number): Promise<Measured> {
  const { command, args } = javaTool('org.apache.kafka.tools.ProducerPerformance', [
    '--topic',
    topic,
    '--num-records',
    String(messages),
    '--record-size',
    String(BYTES),
    '--throughput',
    '-1',
    '--bootstrap-server',
    context.broker.bootstrap,
    '--command-property',
    'acks=all',
  ]);
  const outcome = await runChild({ name: NAMES.java, command, args, timeoutMs: 180_000, exclusive: true });
  const line = /^(\d+) records sent, ([\d.]+) records\/sec/m.exec(
    outcome.stdoutTail
      .split('\n')
      .filter((l) => !l.includes('steady state'))
      .reverse()
      .find((l) => / records sent, .* 50th/.test(l)) ?? '',
  );
  if (outcome.exitCode !== 0 || line === null) {
    return { ok: false, reason: `exit ${String(outcome.exitCode)}: ${outcome.stderrTail.slice(-300)}`, outcome };
  }
  return { ok: true, msgPerSec: Number(line[2]), outcome };
}

async function runNode(
  context: BenchContext,
  name: string,
  client: string,
  topic: string,
  messages: number,
): Promise<Measured> {
  const outcome = await startNodeChild<ConsumerResult>({
    name,
    script: 'producer.ts',
    spec: {
      client,
      bootstrap: context.broker.bootstrap,
      topic,
      messages,
      bytes: BYTES,
      batch: context.sizes.producer.batch,
    },
    timeoutMs: 60_000 + messages / 5,
  }).done;
  const result = outcome.result;
  if (result === undefined || !result.ok) {
    return {
      ok: false,
      reason: result?.error ?? `no result: exit ${String(outcome.exitCode)} ${outcome.stderrTail.slice(-300)}`,
      outcome,
    };
  }
  return { ok: true, msgPerSec: ((result.count - 1) * 1000) / (result.lastAt - result.firstAt), outcome };
}

/** The producer scenario. */
export const producer: Scenario = {
  id: 'producer',
  title: 'Producer throughput, acks=all',
  async run(context) {
    const started = Date.now();
    const { broker, log } = context;
    const { messages } = context.sizes.producer;
    const caseName = `${messages.toLocaleString('en-US')} × ${String(BYTES)} B, ${String(PARTITIONS)} partitions`;
    const rows: Row[] = [];
    for (const [slug, name] of Object.entries(NAMES)) {
      log(`producer: ${name}`);
      const topic = await broker.createTopic(`produce-${slug}`, PARTITIONS);
      const measured =
        slug === 'java' ? await runJava(context, topic, messages) : await runNode(context, name, slug, topic, messages);
      const held = measured.ok ? await broker.countMessages(topic) : 0;
      if (!measured.ok || measured.msgPerSec === undefined) {
        rows.push(failedRow(caseName, name, measured.reason ?? 'failed'));
      } else if (held !== messages) {
        rows.push(failedRow(caseName, name, `the topic holds ${String(held)} of ${String(messages)} messages`));
      } else {
        const cpuMs = (measured.outcome.result as ConsumerResult | undefined)?.cpuMs ?? measured.outcome.cpuMs;
        rows.push({
          case: caseName,
          contender: name,
          status: 'ok',
          values: {
            msgPerSec: measured.msgPerSec,
            mbPerSec: (measured.msgPerSec * BYTES) / MB,
            cpuUsPerMsg: cpuMs === undefined ? undefined : (cpuMs * 1000) / messages,
            peakRssMb: measured.outcome.peakRssMb,
            wallS: measured.outcome.wallMs / 1000,
          },
        });
      }
      log(
        measured.ok
          ? `  ${Math.round(measured.msgPerSec ?? 0).toLocaleString('en-US')} msg/s`
          : `  FAILED: ${measured.reason ?? ''}`,
      );
      await broker.deleteTopic(topic);
    }
    return [
      {
        id: 'producer',
        title: this.title,
        description:
          `Each producer writes ${messages.toLocaleString('en-US')} messages of ${String(BYTES)} B (no key) to a ` +
          `fresh ${String(PARTITIONS)}-partition topic with acks=all; the topic's message count is checked ` +
          'afterwards. msg/s from the first message handed to the client to the last acknowledgement (Java: as ' +
          'ProducerPerformance reports it). Batches of the Node producers: ' +
          `${String(context.sizes.producer.batch)} messages.`,
        columns: [
          { key: 'msgPerSec', title: 'msg/s' },
          { key: 'mbPerSec', title: 'MB/s', digits: 1 },
          { key: 'cpuUsPerMsg', title: 'CPU µs/msg', digits: 1 },
          { key: 'peakRssMb', title: 'peak RSS MB' },
          { key: 'wallS', title: 'wall s', digits: 1 },
        ],
        ratios: [
          { title: 'vs Java', metric: 'msgPerSec', reference: NAMES.java },
          { title: 'vs raw', metric: 'msgPerSec', reference: NAMES.raw },
          { title: 'vs KafkaJS', metric: 'msgPerSec', reference: NAMES.kafkajs },
        ],
        rows,
        notes: [
          'Java: client defaults (idempotence on, linger.ms 5) plus acks=all. raw and karafka-ts: idempotence on, ' +
            'librdkafka defaults otherwise. KafkaJS: `send` awaited batch after batch, idempotence off (its default).',
        ],
        durationMs: Date.now() - started,
      },
    ];
  },
};
