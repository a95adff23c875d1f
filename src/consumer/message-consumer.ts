/**
 * The per-message consumer style: `consumeMessage(message)` runs once per message, in order, and each message
 * is marked as consumed when it returns. What KafkaJS `eachMessage` users expect, with retries and the dead
 * letter queue working per message.
 */
import type { Message } from '../messages/message.js';
import { type ConsumerStyle, consumerStyle } from '../routing/consumer-feature.js';
import { BaseConsumer } from './base-consumer.js';
import { keepBatchUnmarked } from './consumer-context.js';

/**
 * Base class of consumers that handle one message at a time:
 * ```ts
 * export class OrdersConsumer extends MessageConsumer<Order> {
 *   async consumeMessage(message: Message<Order>): Promise<void> {
 *     await saveOrder(message.payload);
 *   } // marked as consumed when this resolves
 * }
 * ```
 * A throw stops the batch: the messages before it stay marked, the retry starts at the failing message, and
 * with a dead letter queue that message (and only it) is dispatched once its retries are used up. Retries
 * count per message (the route's `deadLetterQueue.independent` defaults to true). The batch stops early,
 * unmarked past the last message processed, when the partition is revoked, or after `pause()` or `seek()`.
 * Do not override `consume()`; `manualOffsetManagement` cannot be used on its route.
 */
export abstract class MessageConsumer<P = unknown> extends BaseConsumer<P> {
  /** How instances of this class process (routing reads it): one message per `consumeMessage()`. */
  static override readonly [consumerStyle]: ConsumerStyle = 'message';

  /** Set by `pause()` or `seek()` during the running batch: the rest of it is not processed nor marked. */
  #flowChanged = false;

  /** Processes one message; it is marked as consumed when this returns. Throwing retries from this message. */
  abstract consumeMessage(message: Message<P>): Promise<void> | void;

  /** Calls `consumeMessage()` for each message of the batch in order, marking each one after it. */
  override async consume(): Promise<void> {
    this.#flowChanged = false;
    for (const message of this.messages) {
      if (this.isRevoked) {
        // Revoked part-way: what was processed is marked; the rest belongs to the partition's next owner.
        this[keepBatchUnmarked]();
        return;
      }
      await this.consumeMessage(message);
      // The consumer moved the partition (pause or seek): processing goes on from where it asked.
      if (this.#flowChanged) return;
      this.markAsConsumed(message);
    }
  }

  /** Like `BaseConsumer.pause`; the rest of the running batch is not processed (it is fetched again). */
  override pause(offset: number, timeoutMs?: number): void {
    this.#flowChanged = true;
    super.pause(offset, timeoutMs);
  }

  /** Like `BaseConsumer.seek`; the rest of the running batch is not processed. */
  override seek(target: number | Date | 'earliest' | 'latest'): Promise<void> {
    this.#flowChanged = true;
    return super.seek(target);
  }
}
