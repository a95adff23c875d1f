/**
 * Where the UI's pages get their data: the materialised state and history (kept up to date by a reader of
 * their compacted topics, so a page never waits for Kafka for them), the admin API for the cluster, topics
 * and messages, and a producer for commands and republished messages.
 */
import { randomUUID } from 'node:crypto';
import type { App } from '../../app/app.js';
import { Admin } from '../../admin/admin.js';
import type { ConsumerDriver } from '../../kafka/consumer-driver.js';
import type { ProducerDriver } from '../../kafka/producer-driver.js';
import type { DeliveryReport, KafkaMessage, OutgoingMessage } from '../../kafka/types.js';
import type { ResolvedWebOptions } from '../options.js';
import {
  type CommandMessage,
  type CommandResult,
  type ErrorReport,
  type MaterializedMetrics,
  type MaterializedState,
  SCHEMA_VERSION,
} from '../report.js';
import {
  type WebConnection,
  acknowledgedProducer,
  assignedConsumer,
  parseJson,
  webConnection,
} from '../web-clients.js';

/** How often the state and history are read. */
const REFRESH_MS = 500;

/** A command and the results processes sent for it. */
export interface CommandRecord {
  readonly command: CommandMessage;
  readonly offset: number;
  readonly results: CommandResult[];
}

/** Data access of one UI process. */
export class WebData {
  readonly app: App;
  readonly options: ResolvedWebOptions;
  readonly admin: Admin;
  readonly #connection: WebConnection;
  #reader: ConsumerDriver | undefined;
  #producer: ProducerDriver | undefined;
  #state: MaterializedState | undefined;
  #metrics: MaterializedMetrics | undefined;
  #timer: NodeJS.Timeout | undefined;
  #polling: Promise<void> | undefined;
  #started: Promise<void> | undefined;
  #closed = false;

  /** @param options the app's web options (topics) */
  constructor(app: App, options: ResolvedWebOptions) {
    this.app = app;
    this.options = options;
    this.#connection = webConnection(app, options.kafka);
    this.admin = new Admin({
      kafka: this.#connection.kafka,
      drivers: app.drivers,
      timeout: 10_000,
    });
  }

  /** Starts following the state and history (once); resolves after the first read. */
  start(): Promise<void> {
    this.#started ??= this.#start();
    return this.#started;
  }

  async #start(): Promise<void> {
    const reader = await assignedConsumer(this.#connection, `${this.options.groupId}-ui-${randomUUID().slice(0, 8)}`);
    this.#reader = reader;
    const { states, metrics } = this.options.topics;
    const positions = await Promise.all(
      [states, metrics].map(async (topic) => {
        const { high } = await reader.watermarks(topic, 0, 10_000).catch(() => ({ high: 0 }));
        return { topic, partition: 0, offset: Math.max(0, high - 1) };
      }),
    );
    reader.assign(positions);
    await this.#poll(300);
    this.#timer = setInterval(() => {
      this.#polling ??= this.#poll(0).finally(() => {
        this.#polling = undefined;
      });
    }, REFRESH_MS).unref();
  }

  async #poll(timeoutMs: number): Promise<void> {
    const reader = this.#reader;
    if (reader === undefined || this.#closed) return;
    try {
      const { messages } = await reader.poll(100, timeoutMs);
      for (const message of messages) {
        const value = parseJson(message);
        if (value?.type === 'state' && message.topic === this.options.topics.states) {
          this.#state = value as unknown as MaterializedState;
        } else if (value?.type === 'metrics' && message.topic === this.options.topics.metrics) {
          this.#metrics = value as unknown as MaterializedMetrics;
        }
      }
    } catch {
      // The next refresh tries again; the Status page shows how old the state is.
    }
  }

  /** The latest materialised state, if any was written. */
  get state(): MaterializedState | undefined {
    return this.#state;
  }

  /** The latest materialised history, if any was written. */
  get metrics(): MaterializedMetrics | undefined {
    return this.#metrics;
  }

  /** The last `count` messages of partition 0 of an internal topic (newest first). */
  async #latest(topic: string, count: number): Promise<KafkaMessage[]> {
    const messages = await this.admin.readTopic(topic, 0, count).catch(() => []);
    return messages.reverse();
  }

  /** The latest errors, newest first. */
  async errors(count = 100): Promise<{ offset: number; error: ErrorReport }[]> {
    return (await this.#latest(this.options.topics.errors, count)).flatMap((m) => {
      const value = parseJson(m);
      return value?.type === 'error' ? [{ offset: m.offset, error: value as unknown as ErrorReport }] : [];
    });
  }

  /** One error by offset. */
  async error(offset: number): Promise<ErrorReport | undefined> {
    const [message] = await this.admin.readTopic(this.options.topics.errors, 0, 1, offset);
    const value = message === undefined || message.offset !== offset ? undefined : parseJson(message);
    return value?.type === 'error' ? (value as unknown as ErrorReport) : undefined;
  }

  /** The latest commands with their results, newest first. */
  async commands(count = 200): Promise<CommandRecord[]> {
    const messages = await this.#latest(this.options.topics.commands, count);
    const records = new Map<string, CommandRecord>();
    const results: CommandResult[] = [];
    for (const message of messages) {
      const value = parseJson(message);
      if (value?.type === 'command' && typeof value.id === 'string') {
        records.set(value.id, { command: value as unknown as CommandMessage, offset: message.offset, results: [] });
      } else if (value?.type === 'result') {
        results.push(value as unknown as CommandResult);
      }
    }
    for (const result of results.reverse()) records.get(result.commandId)?.results.push(result);
    return [...records.values()];
  }

  /** Sends a command; resolves with it once the broker has it. */
  async sendCommand(command: Omit<CommandMessage, 'schema' | 'type' | 'id' | 'requestedAt'>): Promise<CommandMessage> {
    const message: CommandMessage = {
      schema: SCHEMA_VERSION,
      type: 'command',
      id: randomUUID(),
      ...command,
      requestedAt: Date.now(),
    };
    await this.produce({
      topic: this.options.topics.commands,
      key: command.processId,
      value: Buffer.from(JSON.stringify(message)),
      partition: 0,
    });
    return message;
  }

  /** Produces a message and waits for the broker's acknowledgement. */
  async produce(message: OutgoingMessage): Promise<DeliveryReport> {
    if (this.#producer === undefined) {
      this.#producer = acknowledgedProducer(this.#connection);
      await this.#producer.connect();
    }
    return this.#producer.produce(message);
  }

  /** Stops following and closes every client. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    await this.#polling;
    await this.#started?.catch(() => undefined);
    await Promise.all([
      this.#reader?.forceClose().catch(() => undefined),
      this.#producer?.close(5_000).catch(() => undefined),
      this.admin.close().catch(() => undefined),
    ]);
  }
}
