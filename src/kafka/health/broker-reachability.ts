/**
 * Whether a client can reach any broker. Kafka clients never give up on their own: while no broker answers
 * they keep reconnecting. This tracker turns that into three clear reports instead of a stream of identical
 * client errors: the outage as soon as it is seen (naming the addresses and why), a reminder per interval
 * while it lasts, and the recovery. While an outage lasts it asks the cluster for metadata every few
 * seconds, which is how the recovery is seen even when no other request succeeds yet.
 */

/** The outage, when it begins (`first`) and once per report interval while it lasts. */
export interface UnreachableReport {
  /** The addresses the client starts from (`bootstrap.servers`). */
  readonly bootstrapServers: string;
  /** Why, as precisely as the client said (e.g. `Connect to ipv4#127.0.0.1:1 failed: Connection refused`). */
  readonly reason: string;
  /** Since when (ms since the epoch). */
  readonly since: number;
  /** How long it has lasted, in ms. */
  readonly downMs: number;
  /** Connection failures seen since the previous report. */
  readonly failures: number;
  /** True for the report of the outage's beginning. */
  readonly first: boolean;
  /**
   * Set when the brokers answer but refuse the connection (TLS or SASL): what to fix, naming the settings.
   * The reason then already says it all; the brokers are not down.
   */
  readonly advice?: string;
}

/** The end of an outage. */
export interface ReachableReport {
  readonly bootstrapServers: string;
  /** How long no broker could be reached, in ms. */
  readonly downMs: number;
}

/** What a tracker needs. */
export interface BrokerReachabilityOptions {
  readonly bootstrapServers: string;
  /** Asks any broker for metadata; resolves when one answered within `timeoutMs`, rejects otherwise. */
  readonly probe: (timeoutMs: number) => Promise<void>;
  readonly onUnreachable: (report: UnreachableReport) => void;
  readonly onReachable: (report: ReachableReport) => void;
  /**
   * How long one probe waits for an answer (default 1 000 ms). A probe cannot be cancelled and the client
   * cannot close under it, so it is short: a stop during an outage waits at most this long for it.
   */
  readonly probeTimeoutMs?: number;
  /**
   * How long the start-up check probes without an answer before it reports an outage (default 5 000 ms): how
   * soon an outage that the client does not report itself (packets dropped, not refused) is seen.
   */
  readonly startupGraceMs?: number;
  /** Pause between two probes during an outage (default 2 000 ms). */
  readonly probeIntervalMs?: number;
  /** How often an ongoing outage is reported again (default 30 000 ms). */
  readonly reportIntervalMs?: number;
  /** Clock (tests). */
  readonly now?: () => number;
}

/** Pause between two probes of the start-up check (a probe that fails at once must not spin). */
const STARTUP_PROBE_PAUSE_MS = 250;

interface Outage {
  readonly since: number;
  reason: string;
  advice: string | undefined;
  failures: number;
  reportedAt: number;
}

/** Tracks the reachability of the cluster for one client. */
export class BrokerReachability {
  readonly #options: BrokerReachabilityOptions;
  readonly #now: () => number;
  #outage: Outage | undefined;
  #probing: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  /** @param options the cluster's addresses, the probe and where reports go */
  constructor(options: BrokerReachabilityOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** Since when no broker can be reached (ms since the epoch), or undefined while the cluster answers. */
  get unreachableSince(): number | undefined {
    return this.#outage?.since;
  }

  /** Checks once that a broker answers (an outage at start shows within the probe timeout). */
  start(): void {
    if (this.#stopped || this.#probing !== undefined) return;
    this.#probing = this.#probeLoop();
  }

  /**
   * The client failed to reach any broker (`reason` says how; `advice` what to fix, for a connection the
   * brokers refuse): begins an outage, or counts into it.
   */
  failure(reason: string, advice?: string): void {
    if (this.#stopped) return;
    const outage = this.#outage;
    if (outage !== undefined) {
      outage.failures += 1;
      outage.reason = reason;
      outage.advice = advice;
      return;
    }
    const now = this.#now();
    this.#outage = { since: now, reason, advice, failures: 1, reportedAt: now };
    this.#report(true);
    this.#probing ??= this.#probeLoop();
  }

  /** A broker answered (a probe, a fetch, a rebalance): ends an outage. */
  contact(): void {
    const outage = this.#outage;
    if (outage === undefined) return;
    this.#outage = undefined;
    this.#options.onReachable({
      bootstrapServers: this.#options.bootstrapServers,
      downMs: this.#now() - outage.since,
    });
  }

  /** Stops probing and reporting; resolves once no probe is in flight. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#wake?.();
    await this.#probing;
  }

  /**
   * Probes until a broker answers: back to back during the start-up grace period, then (as an outage) every
   * `probeIntervalMs`.
   */
  async #probeLoop(): Promise<void> {
    const { probeTimeoutMs = 1_000, probeIntervalMs = 2_000, startupGraceMs = 5_000 } = this.#options;
    const started = this.#now();
    try {
      while (!this.#stopped) {
        try {
          await this.#options.probe(probeTimeoutMs);
          this.contact();
          return;
        } catch (error) {
          if (this.#stopped) return;
          if (this.#outage !== undefined || this.#now() - started >= startupGraceMs) {
            this.failure(describe(error), adviceOf(error));
          }
        }
        this.#reportIfDue();
        await this.#pause(this.#outage === undefined ? STARTUP_PROBE_PAUSE_MS : probeIntervalMs);
      }
    } finally {
      this.#probing = undefined;
    }
  }

  #reportIfDue(): void {
    const outage = this.#outage;
    if (outage === undefined) return;
    if (this.#now() - outage.reportedAt >= (this.#options.reportIntervalMs ?? 30_000)) this.#report(false);
  }

  #report(first: boolean): void {
    const outage = this.#outage!;
    const now = this.#now();
    this.#options.onUnreachable({
      bootstrapServers: this.#options.bootstrapServers,
      reason: outage.reason,
      since: outage.since,
      downMs: now - outage.since,
      failures: outage.failures,
      first,
      ...(outage.advice === undefined ? {} : { advice: outage.advice }),
    });
    outage.reportedAt = now;
    outage.failures = 0;
  }

  #pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.#wake = resolve;
      this.#timer = setTimeout(resolve, ms);
    });
  }
}

/** The client's own words about a failure when the error carries them (`detail`), else its message. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const detail = (error as { detail?: unknown }).detail;
  return typeof detail === 'string' ? detail : error.message;
}

/** What to fix, when the error says (a security error's `advice`). */
function adviceOf(error: unknown): string | undefined {
  const advice = typeof error === 'object' && error !== null ? (error as { advice?: unknown }).advice : undefined;
  return typeof advice === 'string' ? advice : undefined;
}
