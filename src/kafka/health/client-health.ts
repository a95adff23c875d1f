/**
 * The errors of one Kafka client, made readable: connectivity failures become one outage (reported when it
 * begins, once per interval while it lasts, and when it ends); every other client error is reported the first
 * time and then collapsed into one summary per interval with a count.
 */
import { type KafkaDriverError, KafkaErrorCodes, isConnectivityError } from '../driver-error.js';
import { BrokerReachability, type ReachableReport, type UnreachableReport } from './broker-reachability.js';
import { type RepeatedErrorReport, RepeatedErrors } from './repeated-errors.js';

/** What a `ClientHealth` needs. */
export interface ClientHealthOptions {
  /** The client's `bootstrap.servers`. */
  readonly bootstrapServers: string;
  /** Asks any broker for metadata (the client's `probe`). */
  readonly probe: (timeoutMs: number) => Promise<void>;
  /** A client error to report: the first of its kind, or a summary of its repeats (`repeated` > 0). */
  readonly onError: (report: RepeatedErrorReport<KafkaDriverError>) => void;
  /** No broker reachable: the outage's beginning (`first`) and a reminder per interval. */
  readonly onUnreachable: (report: UnreachableReport) => void;
  /** A broker answered again. */
  readonly onReachable: (report: ReachableReport) => void;
  /** Interval of summaries and reminders, in ms (default 30 000). */
  readonly reportIntervalMs?: number;
  /** How long one reachability probe waits, in ms (default 1 000). */
  readonly probeTimeoutMs?: number;
  /** How long the start-up check waits for an answer before it reports an outage, in ms (default 5 000). */
  readonly startupGraceMs?: number;
  /** Pause between probes during an outage, in ms (default 2 000). */
  readonly probeIntervalMs?: number;
}

/**
 * How long a connection failure waits to see whether it is part of an outage: the failure of the last broker
 * comes a moment before the client says that every broker is down.
 */
const OUTAGE_GRACE_MS = 2_000;

/** Error reporting and reachability of one client. */
export class ClientHealth {
  readonly #reachability: BrokerReachability;
  readonly #repeated: RepeatedErrors<KafkaDriverError>;
  readonly #held = new Set<NodeJS.Timeout>();

  /** @param options the client's addresses, its probe and where reports go */
  constructor(options: ClientHealthOptions) {
    this.#reachability = new BrokerReachability({
      bootstrapServers: options.bootstrapServers,
      probe: options.probe,
      onUnreachable: options.onUnreachable,
      onReachable: (report) => {
        this.#repeated.clear();
        options.onReachable(report);
      },
      ...(options.reportIntervalMs === undefined ? {} : { reportIntervalMs: options.reportIntervalMs }),
      ...(options.probeTimeoutMs === undefined ? {} : { probeTimeoutMs: options.probeTimeoutMs }),
      ...(options.probeIntervalMs === undefined ? {} : { probeIntervalMs: options.probeIntervalMs }),
      ...(options.startupGraceMs === undefined ? {} : { startupGraceMs: options.startupGraceMs }),
    });
    this.#repeated = new RepeatedErrors({
      key: (error) => `${String(error.code)} ${error.message}`,
      report: options.onError,
      ...(options.reportIntervalMs === undefined ? {} : { intervalMs: options.reportIntervalMs }),
    });
  }

  /** Since when no broker answers (ms since the epoch), or undefined. */
  get unreachableSince(): number | undefined {
    return this.#reachability.unreachableSince;
  }

  /** Checks once that a broker answers; an outage at start shows within the probe timeout. */
  start(): void {
    this.#reachability.start();
  }

  /** One error the client raised. */
  error(error: KafkaDriverError): void {
    if (!isConnectivityError(error)) {
      this.#repeated.add(error);
      return;
    }
    // Every broker gone is an outage; one broker of several going away is worth a (collapsed) line.
    if (error.code === KafkaErrorCodes.allBrokersDown || this.unreachableSince !== undefined) {
      this.#reachability.failure(error.detail ?? error.message);
      return;
    }
    const timer = setTimeout(() => {
      this.#held.delete(timer);
      if (this.unreachableSince === undefined) this.#repeated.add(error);
    }, OUTAGE_GRACE_MS);
    timer.unref();
    this.#held.add(timer);
  }

  /** A broker answered (data fetched, a rebalance, a delivery): ends an outage. */
  contact(): void {
    this.#reachability.contact();
  }

  /** Stops probing and reporting; resolves once no probe is in flight. */
  async stop(): Promise<void> {
    for (const timer of this.#held) clearTimeout(timer);
    this.#held.clear();
    this.#repeated.clear();
    await this.#reachability.stop();
  }
}
