/**
 * Every event the framework publishes, with its payload type.
 *
 * Modules add their own events by merging into `EventPayloads`:
 * `declare module '../instrumentation/events.js' { interface EventPayloads { 'x.y': {...} } }`.
 * Events wrapped around work (`monitor.instrument(name, payload, fn)`) also carry `time`: the duration in ms.
 */

/** What went wrong and where: the `type` says which part of the framework reported the error. */
export interface ErrorOccurredPayload {
  /** Dotted error type, e.g. `consumer.consume.error`, `connection.listener.fetch_loop.error`, `app.stopping.error`. */
  readonly type: string;
  /** The error itself. */
  readonly error: unknown;
  /** Extra context: the consumer group, topic, partition, job, report of what blocked... */
  readonly [context: string]: unknown;
}

/** Payload of the `app.<state>` events. */
export interface AppStatePayload {
  readonly state: string;
  readonly previous: string;
}

/** Base payload of connection listener events. */
export interface ListenerPayload {
  readonly listenerId: string;
  readonly subscriptionGroup: string;
  readonly consumerGroup: string;
}

/** Base payload of consumer (per topic-partition) events. */
export interface ConsumerEventPayload {
  readonly consumerGroup: string;
  readonly topic: string;
  readonly partition: number;
  /** Messages in the batch, for consume events; 0 otherwise. */
  readonly messages: number;
  readonly firstOffset?: number;
  readonly lastOffset?: number;
}

/** Payload of rebalance events. */
export interface RebalancePayload {
  readonly consumerGroup: string;
  readonly subscriptionGroup: string;
  readonly partitions: readonly { readonly topic: string; readonly partition: number }[];
  /** For revocations: true when the partitions were lost rather than handed over. */
  readonly lost?: boolean;
}

/** Payload of worker events. */
export interface WorkerPayload {
  readonly workerId: number;
  readonly job: string;
  readonly topic?: string;
  readonly partition?: number;
}

/** Event name -> payload type. */
export interface EventPayloads {
  'app.initializing': AppStatePayload;
  'app.initialized': AppStatePayload;
  'app.supervising': AppStatePayload;
  'app.running': AppStatePayload;
  'app.quieting': AppStatePayload;
  'app.quiet': AppStatePayload;
  'app.stopping': AppStatePayload;
  'app.stopped': AppStatePayload;
  'app.terminated': AppStatePayload;

  'connection.listener.pending': ListenerPayload;
  'connection.listener.starting': ListenerPayload;
  'connection.listener.running': ListenerPayload;
  'connection.listener.quieting': ListenerPayload;
  'connection.listener.quiet': ListenerPayload;
  'connection.listener.stopping': ListenerPayload;
  'connection.listener.stopped': ListenerPayload;
  'connection.listener.before_fetch_loop': ListenerPayload;
  'connection.listener.fetch_loop': ListenerPayload;
  'connection.listener.fetch_loop.received': ListenerPayload & { readonly messages: number; readonly time: number };
  'connection.client.reset': ListenerPayload;

  'consumer.initialize': ConsumerEventPayload;
  'consumer.initialized': ConsumerEventPayload;
  'consumer.consume': ConsumerEventPayload;
  'consumer.consumed': ConsumerEventPayload;
  'consumer.revoke': ConsumerEventPayload;
  'consumer.revoked': ConsumerEventPayload;
  'consumer.shutting_down': ConsumerEventPayload;
  'consumer.shutdown': ConsumerEventPayload;
  'consumer.eof': ConsumerEventPayload;
  'consumer.eofed': ConsumerEventPayload;
  'consumer.idle': ConsumerEventPayload;

  'worker.process': WorkerPayload;
  'worker.processed': WorkerPayload;
  'worker.completed': WorkerPayload;

  'rebalance.partitions_assign': RebalancePayload;
  'rebalance.partitions_assigned': RebalancePayload;
  'rebalance.partitions_revoke': RebalancePayload;
  'rebalance.partitions_revoked': RebalancePayload;

  'statistics.emitted': {
    readonly subscriptionGroup?: string;
    readonly consumerGroup?: string;
    readonly clientName: string;
    readonly statistics: Readonly<Record<string, unknown>>;
  };
  'process.notice_signal': { readonly signal: string };

  'error.occurred': ErrorOccurredPayload;
}

/** Name of a published event. */
export type EventName = Extract<keyof EventPayloads, string>;

/** The payload subscribers receive: the published payload, plus `time` (ms) for events wrapped around work. */
export type DeliveredPayload<N extends EventName> = EventPayloads[N] & { readonly time?: number };
