/**
 * Events the producer publishes on its monitor, added to the framework's event map by declaration merging.
 *
 * Failures go to `error.occurred` with these types: `producer.produce.error` (a message could not be handed to
 * the client), `producer.delivery.error` (the broker never acknowledged a message), `producer.transaction.error`
 * (begin, commit, abort or sending offsets failed), `producer.close.error`, `producer.client.error` (errors the
 * client reports outside any call; repeats collapsed into one report per interval with `repeated`),
 * `producer.client.unreachable` (no broker answers: once when it begins, then once per 30 s). Each carries `producerId`, and the message or transaction concerned.
 */
import type { TopicPartitionOffset } from '../kafka/types.js';
import type { MessageReport, ProducerMessage } from './types.js';

/** Every producer event names its producer. */
export interface ProducerEventPayload {
  readonly producerId: string;
}

/** A message went to the client (`message.produced_async`). */
export interface MessageProducedPayload extends ProducerEventPayload {
  /** The message as sent: after middleware. */
  readonly message: ProducerMessage;
}

/** A message was produced and acknowledged (`message.produced_sync`). */
export interface MessageProducedSyncPayload extends MessageProducedPayload {
  readonly report: MessageReport;
  /** Milliseconds from the call to the acknowledgement. */
  readonly time: number;
}

/** A batch went to the client (`messages.produced_async`). */
export interface MessagesProducedPayload extends ProducerEventPayload {
  readonly messages: readonly ProducerMessage[];
}

/** A batch was produced and acknowledged (`messages.produced_sync`). */
export interface MessagesProducedSyncPayload extends MessagesProducedPayload {
  readonly reports: readonly MessageReport[];
  /** Milliseconds from the call to the last acknowledgement. */
  readonly time: number;
}

/** The broker acknowledged a message, produced in any way (`message.acknowledged`). */
export interface MessageAcknowledgedPayload extends ProducerEventPayload, MessageReport {}

/** Transaction events. */
export interface TransactionPayload extends ProducerEventPayload {
  readonly transactionalId: string;
}

/** A transaction ended (`transaction.committed`, `transaction.aborted`). */
export interface TransactionEndedPayload extends TransactionPayload {
  /** Milliseconds since the transaction began. */
  readonly time: number;
  /** For aborts: why (what the transaction's function threw, or the commit failure). */
  readonly error?: unknown;
}

/** Consumed offsets were added to a transaction (`transaction.offsets_sent`). */
export interface TransactionOffsetsPayload extends TransactionPayload {
  readonly offsets: readonly TopicPartitionOffset[];
}

/** No broker answers the producer (`producer.client.unreachable`): when it begins, then once per interval. */
export interface ProducerUnreachablePayload extends ProducerEventPayload {
  readonly bootstrapServers: string;
  /** The last connection failure, as the client described it. */
  readonly reason: string;
  readonly since: number;
  readonly downMs: number;
  /** Failed connection attempts since the previous report. */
  readonly failures: number;
  readonly first: boolean;
}

/** A broker answers the producer again (`producer.client.reachable`). */
export interface ProducerReachablePayload extends ProducerEventPayload {
  readonly bootstrapServers: string;
  readonly downMs: number;
}

declare module '../instrumentation/events.js' {
  interface EventPayloads {
    'producer.client.unreachable': ProducerUnreachablePayload;
    'producer.client.reachable': ProducerReachablePayload;
    'producer.connected': ProducerEventPayload;
    'producer.closing': ProducerEventPayload;
    'producer.closed': ProducerEventPayload & { readonly time: number };
    'message.produced_async': MessageProducedPayload;
    'message.produced_sync': MessageProducedSyncPayload;
    'messages.produced_async': MessagesProducedPayload;
    'messages.produced_sync': MessagesProducedSyncPayload;
    'message.acknowledged': MessageAcknowledgedPayload;
    'transaction.started': TransactionPayload;
    'transaction.committed': TransactionEndedPayload;
    'transaction.aborted': TransactionEndedPayload;
    'transaction.offsets_sent': TransactionOffsetsPayload;
  }
}
