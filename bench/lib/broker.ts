/**
 * The broker side of a bench run: the local Kafka (started if needed, never stopped), the topics of the run
 * (unique names, deleted at the end), filling them with Kafka's ProducerPerformance, and counting what they hold.
 */
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import rdkafka from '@karafka-ts/kafka-native';
import { Admin } from '../../src/index.js';
import { kafkaRunning, startKafka } from '../../tools/kafka/cluster.js';
import { javaBaseArgs } from '../../tools/kafka/node-process.js';
import { KAFKA_VERSION, host, jarsDir, singleNodePort } from '../../tools/kafka/settings.js';
import { runChild } from './child.js';

/** Where the Kafka tools may write logs (nothing inside the repository). */
const toolLogs = path.join(os.tmpdir(), 'karafka-bench-logs');

/** Command and arguments that run one of Kafka's Java tools from the Maven jars. */
export function javaTool(
  mainClass: string,
  args: readonly string[],
  heap = '512M',
): { command: string; args: string[] } {
  return {
    command: 'java',
    args: [...javaBaseArgs(jarsDir, heap, 'tools-log4j2.properties', toolLogs), mainClass, ...args],
  };
}

/** The broker of this run and the topics it made. */
export class BenchBroker {
  readonly bootstrap: string;
  readonly runId: string;
  readonly #admin: Admin;
  readonly #topics = new Set<string>();

  private constructor(bootstrap: string, runId: string) {
    this.bootstrap = bootstrap;
    this.runId = runId;
    this.#admin = new Admin({ kafka: { 'bootstrap.servers': bootstrap }, timeout: 60_000 });
  }

  /** Uses the local Kafka if it runs, starts it otherwise (it keeps running afterwards, as `npm run kafka:start`). */
  static async connect(log: (line: string) => void): Promise<BenchBroker> {
    if (!kafkaRunning(1)) {
      log('Starting the local Kafka...');
      await startKafka(1, { log });
    }
    const runId = Date.now().toString(36);
    return new BenchBroker(`${host}:${String(singleNodePort())}`, runId);
  }

  /** Kafka version of the local broker. */
  get kafkaVersion(): string {
    return KAFKA_VERSION;
  }

  /** A topic or group name unique to this run. */
  name(slug: string): string {
    return `kbench-${this.runId}-${slug}`;
  }

  /** Creates a topic of this run (deleted by `cleanup`). */
  async createTopic(slug: string, partitions: number): Promise<string> {
    const topic = this.name(slug);
    await this.#admin.createTopic(topic, partitions, 1);
    this.#topics.add(topic);
    return topic;
  }

  /** Deletes one topic of this run now (big ones, as soon as a scenario is done with them). */
  async deleteTopic(topic: string): Promise<void> {
    if (!this.#topics.delete(topic)) return;
    await this.#admin.deleteTopic(topic).catch(() => undefined);
  }

  /** Messages a topic holds (sum of high - low watermarks). */
  async countMessages(topic: string): Promise<number> {
    const watermarks = await this.#admin.readWatermarkOffsets(topic);
    return Object.values(watermarks).reduce((sum, w) => sum + (w.high - w.low), 0);
  }

  /** Messages of `topic` the group has not committed yet (every partition; -1 lag counts as all of it). */
  async uncommitted(group: string, topic: string): Promise<number> {
    const lags = await this.#admin.readLagsWithOffsets({ [group]: [topic] });
    const partitions = lags[group]?.[topic] ?? {};
    const watermarks = await this.#admin.readWatermarkOffsets(topic);
    return Object.entries(watermarks).reduce((sum, [partition, w]) => {
      const lag = partitions[Number(partition)]?.lag ?? -1;
      return sum + (lag < 0 ? w.high - w.low : lag);
    }, 0);
  }

  /**
   * Fills a topic with `count` messages of `size` bytes using Kafka's ProducerPerformance (acks=1, big batches:
   * the fastest producer at hand), then checks that the topic holds exactly `count`.
   */
  async fill(topic: string, count: number, size: number): Promise<void> {
    const { command, args } = javaTool('org.apache.kafka.tools.ProducerPerformance', [
      '--topic',
      topic,
      '--num-records',
      String(count),
      '--record-size',
      String(size),
      '--throughput',
      '-1',
      '--bootstrap-server',
      this.bootstrap,
      '--command-property',
      'acks=1',
      'linger.ms=50',
      'batch.size=524288',
      'buffer.memory=268435456',
    ]);
    const outcome = await runChild({ name: `fill ${topic}`, command, args, timeoutMs: 300_000 });
    if (outcome.exitCode !== 0) {
      throw new Error(`Filling ${topic} failed (exit ${String(outcome.exitCode)}):\n${outcome.stderrTail}`);
    }
    const held = await this.countMessages(topic);
    if (held !== count)
      throw new Error(`Filling ${topic}: it holds ${String(held)} messages, expected ${String(count)}`);
  }

  /**
   * Fills a topic with exactly `count / partitions` messages per partition (round robin), for scenarios whose
   * figures depend on an even spread (per-partition ordering makes the fullest partition the last to finish).
   */
  async fillEvenly(topic: string, count: number, size: number, partitions: number): Promise<void> {
    const producer = new rdkafka.Producer({
      'bootstrap.servers': this.bootstrap,
      'linger.ms': 20,
      'queue.buffering.max.messages': 500_000,
      'queue.buffering.max.kbytes': 1_048_576,
    });
    await new Promise<void>((resolve, reject) => {
      producer.connect({}, (error) => (error ? reject(new Error(error.message)) : resolve()));
    });
    producer.setPollInterval(100);
    const payload = Buffer.alloc(size, 'x');
    for (let i = 0; i < count; i += 1) {
      for (;;) {
        try {
          producer.produce(topic, i % partitions, payload, null, Date.now());
          break;
        } catch (error) {
          if ((error as { code?: number }).code !== rdkafka.CODES.ERRORS.ERR__QUEUE_FULL) throw error;
          await sleep(5);
        }
      }
    }
    await new Promise<void>((resolve, reject) => {
      producer.flush(60_000, (error) => (error ? reject(new Error(error.message)) : resolve()));
    });
    await new Promise<void>((resolve) => {
      producer.disconnect(() => resolve());
    });
    const watermarks = await this.#admin.readWatermarkOffsets(topic);
    const held = Object.values(watermarks).reduce((sum, w) => sum + (w.high - w.low), 0);
    if (held !== count)
      throw new Error(`Filling ${topic}: it holds ${String(held)} messages, expected ${String(count)}`);
  }

  /** Deletes every topic this run created. */
  async cleanup(): Promise<void> {
    for (const topic of [...this.#topics]) await this.deleteTopic(topic);
  }

  /** Closes the admin client. */
  async close(): Promise<void> {
    await this.#admin.close();
  }
}
