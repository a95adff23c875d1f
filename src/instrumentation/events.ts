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

/** Payload of `app.stopping.waiting`: a stop waits for jobs that are running. */
export interface StoppingWaitingPayload {
  readonly jobs: readonly {
    readonly description: string;
    readonly topic: string;
    readonly partition: number;
    /** Class name of the consumer. */
    readonly consumer?: string;
    /** How long it has run so far, in ms. */
    readonly runningMs: number;
  }[];
  /** How long the stop waits at most (`shutdownTimeout`), in ms. */
  readonly timeoutMs: number;
  /** True when a second stop signal turns the stop forceful (a process of its own). */
  readonly forcefulOnSecondSignal: boolean;
}

/** Base payload of connection listener events. */
export interface ListenerPayload {
  readonly listenerId: string;
  readonly subscriptionGroup: string;
  readonly consumerGroup: string;
}

/** Payload of `connection.client.unreachable`: no broker answers this listener's client. */
export interface UnreachablePayload extends ListenerPayload {
  /** The client's `bootstrap.servers`. */
  readonly bootstrapServers: string;
  /** The last connection failure, as the client described it. */
  readonly reason: string;
  /** Since when (ms since the epoch). */
  readonly since: number;
  /** How long it has lasted, in ms. */
  readonly downMs: number;
  /** Failed connection attempts since the previous report. */
  readonly failures: number;
  /** True when the outage just began; false for the reminders while it lasts. */
  readonly first: boolean;
}

/** Payload of `connection.client.reachable`: a broker answers again after an outage. */
export interface ReachablePayload extends ListenerPayload {
  readonly bootstrapServers: string;
  /** How long no broker could be reached, in ms. */
  readonly downMs: number;
}

/** Payload of `connection.topics.missing`: subscribed topics that do not exist (yet). */
export interface MissingTopicsPayload extends ListenerPayload {
  readonly topics: readonly string[];
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
  /**
   * The virtual partition whose job this is, on the consume events of a batch split into virtual partitions;
   * absent when the batch runs as one job.
   */
  readonly virtualPartition?: number;
}

/**
 * Payload of `consumer.virtual_partitions.consumed`: every job of a batch split into virtual partitions finished
 * (`messages`, `firstOffset`, `lastOffset`: the whole batch).
 */
export interface VirtualBatchPayload extends ConsumerEventPayload {
  /** Jobs (virtual partitions) the batch was split into. */
  readonly virtualPartitions: number;
  /** Jobs whose `consume()` threw (the batch collapses and is retried; each error was reported). */
  readonly failed: number;
  /** From the first job's start to the last job's end, in ms. */
  readonly time: number;
}

/** Payload of `consumer.consuming.pause`. */
export interface PausePayload extends ConsumerEventPayload {
  /** True for a pause the consumer asked for; false for a retry backoff. */
  readonly manual: boolean;
  /** Offset processing continues from. */
  readonly offset: number;
  /** How long the pause lasts, in ms (Infinity: until resume()). */
  readonly timeout: number;
  /** Failed attempts so far (0 for manual pauses). */
  readonly attempt: number;
  /** The filter that asked for the pause (`throttle`, `delay`, or a route's own), when one did. */
  readonly filter?: string;
}

/**
 * Payload of `consumer.filtered`: a partition's filters dropped or held back messages of a batch (`messages`,
 * `firstOffset`, `lastOffset`: the batch before filtering), or asked to pause or seek.
 */
export interface FilteredPayload extends ConsumerEventPayload {
  /** Messages handed to `consume()`. */
  readonly passed: number;
  /** Messages dropped for good: never consumed. */
  readonly dropped: number;
  /** Messages at and after the pause or seek offset: not consumed now, fetched again later. */
  readonly deferred: number;
  /** The filters that dropped or held back messages, or asked for the pause or seek. */
  readonly filters: readonly string[];
  /** What the filters asked for, if anything. */
  readonly action?: 'pause' | 'seek';
  /** Offset processing goes on from after the pause or seek. */
  readonly offset?: number;
  /** End of the pause (ms since the epoch). */
  readonly until?: number;
}

/** Payload of `consumer.consuming.retry`. */
export interface RetryPayload extends ConsumerEventPayload {
  /** The attempt about to run (2 for the first retry). */
  readonly attempt: number;
  /** Offset the retry starts from. */
  readonly offset: number;
}

/** Payload of `consumer.consuming.seek`. */
export interface SeekPayload extends ConsumerEventPayload {
  /** Target as asked: an offset, a time (ms since the epoch), 'earliest' or 'latest'. */
  readonly target: number | string;
  /** Offset fetching continues from (-2: earliest, -1: latest). */
  readonly offset: number;
}

/** Payload of `dead_letter_queue.dispatched`. */
export interface DeadLetterPayload extends ConsumerEventPayload {
  /** Offset of the dispatched message in its source partition. */
  readonly offset: number;
  /** The DLQ topic, or false when the message was skipped without dispatch. */
  readonly deadLetterTopic: string | false;
  /** Where the copy landed, when dispatched. */
  readonly deadLetterPartition?: number;
  readonly deadLetterOffset?: number;
  readonly attempts: number;
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
  'app.stopping.waiting': StoppingWaitingPayload;

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
  'connection.client.unreachable': UnreachablePayload;
  'connection.client.reachable': ReachablePayload;
  'connection.topics.missing': MissingTopicsPayload;

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
  'consumer.tick': ConsumerEventPayload;
  'consumer.ticked': ConsumerEventPayload;
  'consumer.consuming.pause': PausePayload;
  'consumer.consuming.resume': ConsumerEventPayload;
  'consumer.consuming.retry': RetryPayload;
  'consumer.consuming.seek': SeekPayload;
  'consumer.filtered': FilteredPayload;
  'consumer.virtual_partitions.consumed': VirtualBatchPayload;
  'dead_letter_queue.dispatched': DeadLetterPayload;

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
