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
  /** A connection to a broker failed or broke. */
  transport: -195,
  /** A broker's host name could not be resolved. */
  resolve: -193,
  /** A message was not delivered within `message.timeout.ms`. */
  messageTimedOut: -192,
  /** Topic unknown to the client. */
  unknownTopic: -188,
  /** No broker connection is up. */
  allBrokersDown: -187,
  /** TLS failure. */
  ssl: -181,
  /** SASL authentication failed. */
  authentication: -169,
  /** Topic or partition unknown to the broker. */
  unknownTopicOrPartition: 3,
} as const;

/** Codes that mean the client cannot talk to a broker (rather than a request failing). */
const CONNECTIVITY_CODES: ReadonlySet<number> = new Set([
  KafkaErrorCodes.transport,
  KafkaErrorCodes.resolve,
  KafkaErrorCodes.allBrokersDown,
]);

/** True when `error` says a broker (or every broker) cannot be reached. */
export function isConnectivityError(error: KafkaDriverError): boolean {
  return CONNECTIVITY_CODES.has(error.code);
}

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
  /** What the client logged about the failure, when known (e.g. `Connect to ipv4#127.0.0.1:1 failed: ...`). */
  readonly detail: string | undefined;

  /** @param message what failed; @param code the client's error code */
  constructor(
    message: string,
    code: number,
    options: {
      retriable?: boolean;
      fatal?: boolean;
      txnRequiresAbort?: boolean;
      cause?: unknown;
      detail?: string;
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KafkaDriverError';
    this.code = code;
    this.retriable = options.retriable ?? false;
    this.fatal = options.fatal ?? false;
    this.txnRequiresAbort = options.txnRequiresAbort ?? false;
    this.detail = options.detail;
  }
}
