/**
 * Runs consumer hooks for a partition: builds the consumer on first use, sets its batch, surrounds each hook
 * with `wrap()` and instrumentation, and turns every error into `error.occurred`.
 */
import { BaseConsumer, type ConsumerAction } from '../consumer/base-consumer.js';
import { type ConsumerContext, attachContext, attachMessages } from '../consumer/consumer-context.js';
import type { EventName } from '../instrumentation/events.js';
import type { Monitor } from '../instrumentation/monitor.js';
import type { KafkaMessage } from '../kafka/types.js';
import { Message } from '../messages/message.js';
import { Messages } from '../messages/messages.js';
import { consumerEventPayload } from './event-payload.js';
import type { PartitionCoordinator } from './partition-coordinator.js';
import type { ConsumeResult } from './strategies/processing-strategy.js';

/** Events published before and after each action. */
const EVENTS: Record<ConsumerAction, [EventName, EventName]> = {
  initialized: ['consumer.initialize', 'consumer.initialized'],
  consume: ['consumer.consume', 'consumer.consumed'],
  revoked: ['consumer.revoke', 'consumer.revoked'],
  shutdown: ['consumer.shutting_down', 'consumer.shutdown'],
  eofed: ['consumer.eof', 'consumer.eofed'],
};

/** Checks that a routed consumer class extends `BaseConsumer` (the framework attaches its context there). */
export function assertConsumerClass(consumer: unknown, topic: string): void {
  if (typeof consumer !== 'function' || !(consumer.prototype instanceof BaseConsumer)) {
    const name = typeof consumer === 'function' ? consumer.name : String(consumer);
    throw new TypeError(`The consumer of topic '${topic}' (${name}) must extend BaseConsumer`);
  }
}

/** Runs hooks of the partitions of one listener. */
export class Executor {
  readonly #monitor: Monitor;
  readonly #contextFor: (coordinator: PartitionCoordinator) => ConsumerContext;

  /** @param contextFor builds the context a new consumer instance gets */
  constructor(monitor: Monitor, contextFor: (coordinator: PartitionCoordinator) => ConsumerContext) {
    this.#monitor = monitor;
    this.#contextFor = contextFor;
  }

  /** Runs `consume()` on `batch`; resolves with whether it threw (the error is already reported). */
  async consume(
    coordinator: PartitionCoordinator,
    batch: readonly KafkaMessage[],
    scheduledAt: number,
  ): Promise<ConsumeResult> {
    const consumer = await this.#consumerOf(coordinator);
    const { topic } = coordinator;
    const messages = new Messages(
      batch.map((raw) => new Message(raw, topic.deserialize, topic.deserializerName)),
      topic.name,
      coordinator.partition,
      scheduledAt,
    );
    messages.markProcessing();
    consumer[attachMessages](messages);
    return this.#run(coordinator, consumer, 'consume', batch);
  }

  /** Runs `revoked()` if the consumer was built. */
  async revoked(coordinator: PartitionCoordinator): Promise<void> {
    await this.#lifecycle(coordinator, 'revoked');
  }

  /** Runs `shutdown()` if the consumer was built. */
  async shutdown(coordinator: PartitionCoordinator): Promise<void> {
    await this.#lifecycle(coordinator, 'shutdown');
  }

  /** Runs `eofed()` (building the consumer if needed: an empty topic has none yet). */
  async eofed(coordinator: PartitionCoordinator): Promise<void> {
    const consumer = await this.#consumerOf(coordinator);
    consumer[attachMessages](Messages.empty(coordinator.topic.name, coordinator.partition));
    await this.#run(coordinator, consumer, 'eofed', []);
  }

  async #lifecycle(coordinator: PartitionCoordinator, action: 'revoked' | 'shutdown'): Promise<void> {
    const consumer = coordinator.consumer;
    if (consumer === undefined) return;
    consumer[attachMessages](Messages.empty(coordinator.topic.name, coordinator.partition));
    await this.#run(coordinator, consumer, action, []);
  }

  async #consumerOf(coordinator: PartitionCoordinator): Promise<BaseConsumer> {
    if (coordinator.consumer !== undefined) return coordinator.consumer;
    const ConsumerClass = coordinator.topic.consumer;
    assertConsumerClass(ConsumerClass, coordinator.topic.name);
    const consumer = new (ConsumerClass as unknown as new () => BaseConsumer)();
    consumer[attachContext](this.#contextFor(coordinator));
    coordinator.consumerBuilt(consumer);
    await this.#run(coordinator, consumer, 'initialized', []);
    return consumer;
  }

  async #run(
    coordinator: PartitionCoordinator,
    consumer: BaseConsumer,
    action: ConsumerAction,
    batch: readonly KafkaMessage[],
  ): Promise<ConsumeResult> {
    const payload = consumerEventPayload(coordinator.topic, coordinator.partition, batch);
    const [before, after] = EVENTS[action];
    try {
      this.#monitor.instrument(before, payload);
      await this.#monitor.instrument(after, payload, () => consumer.wrap(action, async () => consumer[action]()));
      return { failed: false };
    } catch (error) {
      this.#monitor.instrument('error.occurred', { type: `consumer.${action}.error`, error, ...payload });
      return { failed: true, error };
    }
  }
}
