/**
 * The one error type that crosses the driver boundary.
 */

/** Error codes of the client library that the framework reacts to, by name. */
export const KafkaErrorCodes = {
  /** No stored offsets to commit: not a failure. */
  noOffset: -168,
  /** Operation on a partition this member does not own, or a client in the wrong state. */
  state: -172,
  /** Operation timed out. */
  timedOut: -185,
  /** Partition not known to (not assigned to) this client. */
  unknownPartition: -190,
  /** Client was destroyed. */
  destroy: -197,
  /** A rebalance is in progress (commit refused). */
  rebalanceInProgress: 27,
  /** This member is no longer part of the generation (commit refused after losing partitions). */
  illegalGeneration: 22,
  unknownMemberId: 25,
  /** Message larger than the broker or client accepts. */
  messageSizeTooLarge: 10,
  /** Producer queue full. */
  queueFull: -184,
} as const;

/** An error reported by the Kafka client, with its numeric code and flags. */
export class KafkaDriverError extends Error {
  /** The client's numeric error code (negative for client-side errors, positive for broker errors). */
  readonly code: number;
  /** True when the client says retrying the operation may succeed. */
  readonly retriable: boolean;
  /** True when the client instance is unusable and must be recreated. */
  readonly fatal: boolean;
  /** True when a transactional producer must abort the current transaction. */
  readonly txnRequiresAbort: boolean;

  /** @param message what failed; @param code the client's error code */
  constructor(
    message: string,
    code: number,
    options: { retriable?: boolean; fatal?: boolean; txnRequiresAbort?: boolean; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KafkaDriverError';
    this.code = code;
    this.retriable = options.retriable ?? false;
    this.fatal = options.fatal ?? false;
    this.txnRequiresAbort = options.txnRequiresAbort ?? false;
  }
}
