/**
 * Runs consumer hooks for a partition: builds a consumer on first use (one per virtual partition), sets its
 * batch, surrounds each hook with `wrap()` and instrumentation, and turns every error into `error.occurred`.
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
import type { PlannedPart } from './strategies/batch-plan.js';
import type { ConsumeResult } from './strategies/processing-strategy.js';

/** Events published before and after each action. */
const EVENTS: Record<ConsumerAction, [EventName, EventName]> = {
  initialized: ['consumer.initialize', 'consumer.initialized'],
  consume: ['consumer.consume', 'consumer.consumed'],
  revoked: ['consumer.revoke', 'consumer.revoked'],
  shutdown: ['consumer.shutting_down', 'consumer.shutdown'],
  eofed: ['consumer.eof', 'consumer.eofed'],
  tick: ['consumer.tick', 'consumer.ticked'],
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
  readonly #contextFor: (coordinator: PartitionCoordinator, index: number) => ConsumerContext;

  /** @param contextFor builds the context a new consumer instance (of virtual partition `index`) gets */
  constructor(monitor: Monitor, contextFor: (coordinator: PartitionCoordinator, index: number) => ConsumerContext) {
    this.#monitor = monitor;
    this.#contextFor = contextFor;
  }

  /**
   * Runs `consume()` on a part of a planned batch (the whole batch without virtual partitions) with the consumer of
   * its virtual partition; resolves with whether it threw (the error is already reported). `split`: the part is one
   * of several (its events name its virtual partition).
   */
  async consume(
    coordinator: PartitionCoordinator,
    part: PlannedPart,
    scheduledAt: number,
    split = false,
  ): Promise<ConsumeResult> {
    let consumer: BaseConsumer;
    try {
      consumer = await this.consumerOf(coordinator, part.index);
    } catch (error) {
      // The consumer could not be built (its constructor threw): the batch fails and is retried, never skipped.
      const payload = consumerEventPayload(coordinator.topic, coordinator.partition, part.messages);
      this.#monitor.instrument('error.occurred', { type: 'consumer.initialized.error', error, ...payload });
      return { failed: true, error };
    }
    const { topic } = coordinator;
    const wrapped =
      part.wrapped ?? part.messages.map((raw) => new Message(raw, topic.deserialize, topic.deserializerName));
    const messages = new Messages(wrapped, topic.name, coordinator.partition, scheduledAt);
    messages.markProcessing();
    consumer[attachMessages](messages);
    return this.#run(coordinator, consumer, 'consume', part.messages, split ? part.index : undefined);
  }

  /** Runs `revoked()` on every consumer built. */
  async revoked(coordinator: PartitionCoordinator): Promise<void> {
    await this.#lifecycle(coordinator, 'revoked');
  }

  /** Runs `shutdown()` on every consumer built. */
  async shutdown(coordinator: PartitionCoordinator): Promise<void> {
    await this.#lifecycle(coordinator, 'shutdown');
  }

  /** Runs `eofed()` on the first consumer (building it if needed: an empty topic has none yet). */
  async eofed(coordinator: PartitionCoordinator): Promise<void> {
    const consumer = await this.consumerOf(coordinator, 0);
    consumer[attachMessages](Messages.empty(coordinator.topic.name, coordinator.partition));
    await this.#run(coordinator, consumer, 'eofed', []);
  }

  /**
   * Runs `tick()` on every consumer built (one per virtual partition), or on the first, built now, when none is
   * (a partition with no message yet). A consumer that cannot be built is reported.
   */
  async tick(coordinator: PartitionCoordinator): Promise<void> {
    if (coordinator.consumers.length === 0) {
      try {
        await this.consumerOf(coordinator, 0);
      } catch (error) {
        const payload = consumerEventPayload(coordinator.topic, coordinator.partition, []);
        this.#monitor.instrument('error.occurred', { type: 'consumer.initialized.error', error, ...payload });
        return;
      }
    }
    await this.#lifecycle(coordinator, 'tick');
  }

  async #lifecycle(coordinator: PartitionCoordinator, action: 'revoked' | 'shutdown' | 'tick'): Promise<void> {
    for (const consumer of coordinator.consumers) {
      consumer[attachMessages](Messages.empty(coordinator.topic.name, coordinator.partition));
      await this.#run(coordinator, consumer, action, []);
    }
  }

  /**
   * The consumer of virtual partition `index` of the partition, built on first use: its context attached and
   * `initialized()` run (an error there is reported and does not stop the build). Throws when it cannot be built.
   */
  async consumerOf(coordinator: PartitionCoordinator, index: number): Promise<BaseConsumer> {
    const built = coordinator.consumerOf(index);
    if (built !== undefined) return built;
    const ConsumerClass = coordinator.topic.consumer;
    assertConsumerClass(ConsumerClass, coordinator.topic.name);
    const consumer = new (ConsumerClass as unknown as new () => BaseConsumer)();
    consumer[attachContext](this.#contextFor(coordinator, index));
    coordinator.consumerBuilt(consumer, index);
    await this.#run(coordinator, consumer, 'initialized', []);
    return consumer;
  }

  async #run(
    coordinator: PartitionCoordinator,
    consumer: BaseConsumer,
    action: ConsumerAction,
    batch: readonly KafkaMessage[],
    virtualPartition?: number,
  ): Promise<ConsumeResult> {
    const payload = consumerEventPayload(coordinator.topic, coordinator.partition, batch, virtualPartition);
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
