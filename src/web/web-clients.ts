/**
 * The web's own Kafka clients, built from the app's drivers and settings (with `WebOptions.kafka` over them):
 * a fire-and-forget producer for reports (acks 0: a report never waits for a broker), a producer that waits
 * for acknowledgements (materialised state, commands), and consumers that read by assignment.
 */
import type { App } from '../app/app.js';
import type { ConsumerDriver } from '../kafka/consumer-driver.js';
import type { ProducerDriver } from '../kafka/producer-driver.js';
import type { KafkaDrivers } from '../kafka/drivers.js';
import type { KafkaMessage, KafkaSettings, OutgoingMessage } from '../kafka/types.js';

/** Where the web's clients connect: drivers and settings. */
export interface WebConnection {
  readonly drivers: KafkaDrivers;
  readonly kafka: KafkaSettings;
}

/** The connection of `app`, with `extra` settings over its own. */
export function webConnection(app: App, extra: KafkaSettings = {}): WebConnection {
  return { drivers: app.drivers, kafka: { ...app.settings.kafka, ...extra } };
}

/** Settings the web's clients never take from the app (statistics of their own would be reported as the app's). */
const CLIENT_OVERRIDES: KafkaSettings = { 'statistics.interval.ms': 0 };

/**
 * A producer that does not wait for the broker: acks 0, no idempotence, small batches. Messages that cannot be
 * queued at once are dropped (counted), never waited for.
 */
export class FireAndForgetProducer {
  readonly #driver: ProducerDriver;
  #connected: Promise<void> | undefined;
  /** Messages dropped (local queue full, client refused, delivery failed). */
  dropped = 0;

  /** @param connection drivers and settings */
  constructor(connection: WebConnection) {
    this.#driver = connection.drivers.producer({
      settings: {
        ...connection.kafka,
        acks: 0,
        'enable.idempotence': false,
        'linger.ms': 50,
        'message.timeout.ms': 30_000,
        'queue.buffering.max.messages': 10_000,
        ...CLIENT_OVERRIDES,
      },
      queueFullTimeoutMs: 0,
    });
  }

  /** Connects (once). */
  connect(): Promise<void> {
    this.#connected ??= this.#driver.connect();
    return this.#connected;
  }

  /** Hands `message` to the client without waiting; false when it was dropped. */
  send(message: OutgoingMessage): boolean {
    try {
      const queued = this.#driver.tryEnqueue(message, {
        delivered: () => undefined,
        failed: () => {
          this.dropped += 1;
        },
      });
      if (!queued) this.dropped += 1;
      return queued;
    } catch {
      this.dropped += 1;
      return false;
    }
  }

  /** Waits (at most `timeoutMs`) for queued messages to leave, then disconnects. */
  async close(timeoutMs: number): Promise<void> {
    if (this.#connected === undefined) return;
    await this.#connected.catch(() => undefined);
    await this.#driver.close(timeoutMs).catch(() => undefined);
  }
}

/** A producer whose sends resolve once the broker acknowledged them. */
export function acknowledgedProducer(connection: WebConnection): ProducerDriver {
  return connection.drivers.producer({
    settings: { ...connection.kafka, acks: 'all', 'linger.ms': 5, ...CLIENT_OVERRIDES },
  });
}

/** A connected consumer that reads by assignment (it never joins `groupId`, never commits). */
export async function assignedConsumer(connection: WebConnection, groupId: string): Promise<ConsumerDriver> {
  const consumer = connection.drivers.consumer({
    settings: {
      ...connection.kafka,
      'group.id': groupId,
      'enable.auto.commit': false,
      'auto.offset.reset': 'latest',
      ...CLIENT_OVERRIDES,
    },
  });
  await consumer.connect();
  return consumer;
}

/** JSON of a message's value, or undefined when it is not a JSON object. */
export function parseJson(message: KafkaMessage): Record<string, unknown> | undefined {
  if (message.value === null) return undefined;
  try {
    const parsed: unknown = JSON.parse(message.value.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The latest message of partition 0 of `topic` (the materialised state and history live there), or undefined
 * when the topic is empty; waits at most `timeoutMs`.
 */
export async function readLatest(
  consumer: ConsumerDriver,
  topic: string,
  timeoutMs: number,
): Promise<KafkaMessage | undefined> {
  const { high } = await consumer.watermarks(topic, 0, timeoutMs);
  if (high <= 0) return undefined;
  consumer.assign([{ topic, partition: 0, offset: high - 1 }]);
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      const { messages } = await consumer.poll(10, 100);
      const last = messages.filter((m) => m.topic === topic).at(-1);
      if (last !== undefined) return last;
    }
    return undefined;
  } finally {
    consumer.assign([]);
  }
}
