/**
 * Liveness endpoint (the Kubernetes pattern): an instrumentation listener that answers HTTP probes with 200
 * and a JSON body while the process makes progress, and 500 naming the problem when:
 *
 * - a listener has not polled (`connection.listener.fetch_loop`) within `pollingTtl`,
 * - a `consume()` has run (without `consumer.consumed`) longer than `consumingTtl`,
 * - the event loop's delay over the last report (`process.event_loop.delay`, max) is above `maxEventLoopDelay`,
 * - the Kafka client reported a fatal error (stays unhealthy: restart the process),
 * - no broker has answered a listener for longer than `brokerOutageTtl` (off by default: clients reconnect
 *   on their own, and a restart does not bring a broker back). The body always shows an ongoing outage.
 *
 * ```ts
 * new LivenessListener({ port: 9000, pollingTtl: 60_000, consumingTtl: 120_000 }).attach(app.monitor);
 * ```
 *
 * The HTTP server starts when the app runs and closes when it terminates. In a swarm node it serves nothing
 * (the nodes would share the port): it becomes a health check the node reports to its supervisor, which
 * restarts an unhealthy node. The supervisor answers probes with `SwarmLivenessListener`.
 */
import { ConsumptionTracker } from '../consumption-tracker.js';
import type { EventLoopDelay } from '../event-loop-monitor.js';
import type { Monitor } from '../monitor.js';
import { HEALTH_CODES, type HealthProblem, processContext } from '../process-context.js';
import { type HealthAnswer, HealthServer, type MetricsEndpoint } from './health-server.js';

/** Options of a LivenessListener; times in ms. */
export interface LivenessListenerOptions {
  /** Port to listen on (default 3000; 0: any free port, see `port`). */
  readonly port?: number;
  /** Interface to listen on (default: all). */
  readonly hostname?: string;
  /** Longest time a running listener may go without polling (default 300 000). */
  readonly pollingTtl?: number;
  /** Longest time one `consume()` may run (default 300 000). */
  readonly consumingTtl?: number;
  /** Largest event-loop delay (max over the last report window) still healthy (default 10 000; Infinity: off). */
  readonly maxEventLoopDelay?: number;
  /**
   * Longest time no broker may answer a listener before the process counts as unhealthy (default Infinity:
   * an outage alone never fails the probe; it shows in the body's `kafka` field).
   */
  readonly brokerOutageTtl?: number;
  /** Serves `GET /metrics` from it on the same port (a `PrometheusMetrics`). */
  readonly metrics?: MetricsEndpoint;
}

/** The body of a probe's answer. */
export interface LivenessReport {
  readonly status: 'healthy' | 'unhealthy';
  /** Every problem found, joined; absent while healthy. */
  readonly reason?: string;
  readonly problems: readonly HealthProblem[];
  readonly pid: number;
  readonly tags: readonly string[];
  /** Running listeners and how long ago the least recent of them polled. */
  readonly polling: { readonly listeners: number; readonly oldestPollMs: number | undefined };
  /** Running consumptions and how long the longest of them runs. */
  readonly consuming: { readonly running: number; readonly longestMs: number | undefined };
  /** The last published event-loop delay, if any. */
  readonly eventLoop: EventLoopDelay | undefined;
  /** Whether every listener's client reaches a broker, and since when the longest outage lasts. */
  readonly kafka: {
    readonly reachable: boolean;
    readonly unreachableMs?: number;
    readonly bootstrapServers?: string;
    readonly reason?: string;
  };
}

interface Outage {
  readonly since: number;
  readonly bootstrapServers: string;
  readonly reason: string;
}

function isFatal(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { fatal?: unknown }).fatal === true;
}

/** Serves liveness probes from what the monitor publishes. */
export class LivenessListener {
  readonly #options: Required<Omit<LivenessListenerOptions, 'hostname' | 'metrics'>> & { hostname: string | undefined };
  readonly #polls = new Map<string, number>();
  readonly #consumptions = new ConsumptionTracker();
  readonly #http: HealthServer;
  #eventLoop: EventLoopDelay | undefined;
  #fatal: string | undefined;
  /** Ongoing outages, by listener. */
  readonly #outages = new Map<string, Outage>();
  #removeHealthCheck: (() => void) | undefined;

  /** @param options port and limits */
  constructor(options: LivenessListenerOptions = {}) {
    this.#options = {
      port: options.port ?? 3000,
      hostname: options.hostname,
      pollingTtl: options.pollingTtl ?? 300_000,
      consumingTtl: options.consumingTtl ?? 300_000,
      maxEventLoopDelay: options.maxEventLoopDelay ?? 10_000,
      brokerOutageTtl: options.brokerOutageTtl ?? Infinity,
    };
    this.#http = new HealthServer(() => this.#answer(), options.metrics);
  }

  /** The bound port once the HTTP server listens. */
  get port(): number | undefined {
    return this.#http.port;
  }

  /** Subscribes to `monitor`; the HTTP server starts on `app.running`. Returns a function that detaches and closes. */
  attach(monitor: Monitor): () => void {
    const subscriptions = [
      this.#consumptions.attach(monitor),
      monitor.subscribe('connection.listener.running', (p) => this.#polls.set(p.listenerId, Date.now())),
      monitor.subscribe('connection.listener.fetch_loop', (p) => this.#polls.set(p.listenerId, Date.now())),
      monitor.subscribe('connection.listener.stopping', (p) => this.#polls.delete(p.listenerId)),
      monitor.subscribe('connection.listener.stopped', (p) => {
        this.#polls.delete(p.listenerId);
        this.#outages.delete(p.listenerId);
      }),
      monitor.subscribe('connection.client.unreachable', (p) => {
        this.#outages.set(p.listenerId, { since: p.since, bootstrapServers: p.bootstrapServers, reason: p.reason });
      }),
      monitor.subscribe('connection.client.reachable', (p) => this.#outages.delete(p.listenerId)),
      monitor.subscribe('process.event_loop.delay', (delay) => {
        this.#eventLoop = delay;
      }),
      monitor.subscribe('error.occurred', (p) => {
        if (isFatal(p.error))
          this.#fatal ??= `${p.type}: ${p.error instanceof Error ? p.error.message : String(p.error)}`;
      }),
      monitor.subscribe('app.running', () => this.#start(monitor)),
      monitor.subscribe('app.terminated', () => void this.close()),
    ];
    return () => {
      for (const unsubscribe of subscriptions) unsubscribe();
      void this.close();
    };
  }

  /** What a probe would answer now. */
  report(): LivenessReport {
    const now = Date.now();
    const problems: HealthProblem[] = [];
    const { pollingTtl, consumingTtl, maxEventLoopDelay, brokerOutageTtl } = this.#options;
    const lastPolls = [...this.#polls];
    for (const [listener, at] of lastPolls) {
      if (now - at > pollingTtl) {
        problems.push({
          code: HEALTH_CODES.pollingStalled,
          reason: `listener ${listener} has not polled for ${String(now - at)} ms (pollingTtl ${String(pollingTtl)} ms)`,
        });
      }
    }
    const running = this.#consumptions.running();
    for (const consumption of running) {
      if (now - consumption.startedAt > consumingTtl) {
        problems.push({
          code: HEALTH_CODES.consumingStalled,
          reason: `${consumption.description} has run for ${String(now - consumption.startedAt)} ms (consumingTtl ${String(consumingTtl)} ms)`,
        });
      }
    }
    if (this.#eventLoop !== undefined && this.#eventLoop.max > maxEventLoopDelay) {
      problems.push({
        code: HEALTH_CODES.eventLoopDelayed,
        reason: `event loop delayed up to ${String(this.#eventLoop.max)} ms (maxEventLoopDelay ${String(maxEventLoopDelay)} ms)`,
      });
    }
    if (this.#fatal !== undefined) {
      problems.push({ code: HEALTH_CODES.fatalError, reason: `fatal client error: ${this.#fatal}` });
    }
    const outage = this.#longestOutage();
    if (outage !== undefined && now - outage.since > brokerOutageTtl) {
      problems.push({
        code: HEALTH_CODES.brokersUnreachable,
        reason: `no Kafka broker of ${outage.bootstrapServers} has answered for ${String(now - outage.since)} ms (brokerOutageTtl ${String(brokerOutageTtl)} ms): ${outage.reason}`,
      });
    }
    const oldestPoll = lastPolls.length === 0 ? undefined : Math.min(...lastPolls.map(([, at]) => at));
    return {
      status: problems.length === 0 ? 'healthy' : 'unhealthy',
      ...(problems.length === 0 ? {} : { reason: problems.map((p) => p.reason).join('; ') }),
      problems,
      pid: process.pid,
      tags: processContext.tags,
      polling: { listeners: lastPolls.length, oldestPollMs: oldestPoll === undefined ? undefined : now - oldestPoll },
      consuming: {
        running: running.length,
        longestMs: running[0] === undefined ? undefined : now - running[0].startedAt,
      },
      eventLoop: this.#eventLoop,
      kafka:
        outage === undefined
          ? { reachable: true }
          : {
              reachable: false,
              unreachableMs: now - outage.since,
              bootstrapServers: outage.bootstrapServers,
              reason: outage.reason,
            },
    };
  }

  #longestOutage(): Outage | undefined {
    let longest: Outage | undefined;
    for (const outage of this.#outages.values())
      if (longest === undefined || outage.since < longest.since) longest = outage;
    return longest;
  }

  /** Stops serving (and, in a swarm node, stops reporting). Safe to call again. */
  async close(): Promise<void> {
    this.#removeHealthCheck?.();
    this.#removeHealthCheck = undefined;
    await this.#http.close();
  }

  #start(monitor: Monitor): void {
    if (processContext.tag('mode') === 'swarm') {
      this.#removeHealthCheck ??= processContext.addHealthCheck(() => this.report().problems);
      return;
    }
    this.#http.listen(this.#options.port, this.#options.hostname).catch((error: unknown) => {
      monitor.instrument('error.occurred', { type: 'liveness.listen.error', error, port: this.#options.port });
    });
  }

  #answer(): HealthAnswer {
    const report = this.report();
    return { healthy: report.status === 'healthy', body: { ...report } };
  }
}
