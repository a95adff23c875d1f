/**
 * The chaos load: the framework's `Producer` (idempotent, acks=all: its defaults) sending uniquely numbered
 * messages at a steady rate, round-robin over the partitions. A message counts as produced once the broker
 * acknowledged it (its delivery handle resolved); a failed send or delivery is retried with the same id until
 * it is acknowledged, so every id the scenario made ends up in the ledger of acknowledgements.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { KafkaSettings } from '../../../src/kafka/types.js';
import { Producer } from '../../../src/producer/producer.js';
import type { Ack } from './ledger.js';

/** One message to send (the load makes its own; scenarios add special ones). */
export interface ChaosMessage {
  readonly id: string;
  readonly partition: number;
  readonly key: string;
  readonly payload: string | Buffer;
}

/** Options of a `LoadProducer`. */
export interface LoadOptions {
  readonly bootstrap: string;
  readonly topic: string;
  readonly partitions: number;
  /** Messages per second while running. */
  readonly rate: number;
  /** Prefix of the ids (the scenario's name). */
  readonly prefix: string;
  /** Sends waiting for an acknowledgement before the load holds back (default 5 000). */
  readonly maxInFlight?: number;
  /** Extra librdkafka producer settings. */
  readonly kafka?: KafkaSettings;
}

const TICK_MS = 100;
const RETRY_BACKOFF_MS = 500;

/** Produces the scenario's load and records every acknowledgement. */
export class LoadProducer {
  /** Acknowledgements by id (an id acknowledged twice was written twice). */
  readonly acks = new Map<string, Ack[]>();
  /** Sends or deliveries that failed and were retried. */
  retries = 0;
  /** The last failure, for diagnostics. */
  lastError: Error | undefined;
  readonly #options: LoadOptions;
  readonly #producer: Producer;
  readonly #pending = new Set<Promise<void>>();
  #sequence = 0;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  /** @param options where and how fast to produce */
  constructor(options: LoadOptions) {
    this.#options = options;
    this.#producer = new Producer({
      kafka: { 'bootstrap.servers': options.bootstrap, 'linger.ms': 5, ...options.kafka },
      closeTimeout: 10_000,
    });
  }

  /** Ids made so far (sent or still being sent). */
  get made(): number {
    return this.#sequence;
  }

  /** Sends waiting for their acknowledgement. */
  get inFlight(): number {
    return this.#pending.size;
  }

  /** Starts (or resumes) the steady load. */
  start(): void {
    if (this.#timer !== undefined || this.#closed) return;
    const perTick = Math.max(1, Math.round((this.#options.rate * TICK_MS) / 1000));
    this.#timer = setInterval(() => {
      const room = (this.#options.maxInFlight ?? 5000) - this.#pending.size;
      for (let i = 0; i < Math.min(perTick, room); i += 1) void this.send(this.next());
    }, TICK_MS);
  }

  /** Stops making new messages (sends in flight go on). */
  pause(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** The next message of the steady load. */
  next(overrides: Partial<Omit<ChaosMessage, 'id'>> = {}): ChaosMessage {
    const sequence = this.#sequence;
    this.#sequence += 1;
    const id = `${this.#options.prefix}-${String(sequence)}`;
    return {
      id,
      partition: sequence % this.#options.partitions,
      key: `k${String(sequence)}`,
      payload: JSON.stringify({ id, sequence, at: Date.now() }),
      ...overrides,
    };
  }

  /** Sends one message, retrying with the same id until the broker acknowledged it (or the load closed). */
  send(message: ChaosMessage): Promise<void> {
    const sending = this.#sendUntilAcknowledged(message).finally(() => this.#pending.delete(sending));
    this.#pending.add(sending);
    return sending;
  }

  async #sendUntilAcknowledged(message: ChaosMessage): Promise<void> {
    while (!this.#closed) {
      try {
        const handle = await this.#producer.produceAsync({
          topic: this.#options.topic,
          partition: message.partition,
          key: message.key,
          payload: message.payload,
          headers: { 'chaos-id': message.id },
        });
        const report = await handle.wait();
        const list = this.acks.get(message.id) ?? [];
        list.push({ partition: report.partition, offset: report.offset, at: Date.now() });
        this.acks.set(message.id, list);
        return;
      } catch (error) {
        this.retries += 1;
        this.lastError = error instanceof Error ? error : new Error(String(error));
        await delay(RETRY_BACKOFF_MS);
      }
    }
  }

  /**
   * Stops the load and waits until every message made was acknowledged; throws (naming what is missing)
   * when that takes longer than `timeoutMs`.
   */
  async drain(timeoutMs: number): Promise<void> {
    this.pause();
    const deadline = Date.now() + timeoutMs;
    while (this.#pending.size > 0) {
      if (Date.now() > deadline) {
        throw new Error(
          `${String(this.#pending.size)} sends still unacknowledged after ${String(timeoutMs)} ms ` +
            `(last failure: ${this.lastError?.message ?? 'none'})`,
        );
      }
      await Promise.race([Promise.all(this.#pending), delay(200)]);
    }
  }

  /** Stops everything and closes the producer (sends still retrying are abandoned). */
  async close(): Promise<void> {
    this.pause();
    this.#closed = true;
    await this.#producer.close().catch(() => undefined);
  }
}
