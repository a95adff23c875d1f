/**
 * Liveness endpoint of a swarm supervisor (the Kubernetes pattern): answers HTTP probes with 200 while the
 * supervisor controls its nodes (`swarm.manager.control` at start, then every `swarm.livenessInterval`), 500
 * before its first round (no node started yet) and once it has not controlled them for `controllingTtl` (it
 * hangs, or it has stopped supervising).
 *
 * ```ts
 * new SwarmLivenessListener({ port: 9000 }).attach(app.monitor);
 * ```
 *
 * The same config file runs in the supervisor and in every node: the HTTP server starts on `app.supervising`,
 * which only the supervisor reaches, and closes when the app terminates. Nodes report their own health to the
 * supervisor (see `LivenessListener` and `SwarmNode.unhealthy`).
 */
import type { Monitor } from '../instrumentation/monitor.js';
import { type HealthAnswer, HealthServer } from '../instrumentation/vendors/health-server.js';
import type { SwarmNodeStatus } from './events.js';

/** Options of a SwarmLivenessListener; times in ms. */
export interface SwarmLivenessListenerOptions {
  /** Port to listen on (default 3000; 0: any free port, see `port`). */
  readonly port?: number;
  /** Interface to listen on (default: all). */
  readonly hostname?: string;
  /** Longest time without a round of supervision that is still healthy (default 60 000). */
  readonly controllingTtl?: number;
}

/** The body of a probe's answer. */
export interface SwarmLivenessReport {
  readonly status: 'healthy' | 'unhealthy';
  /** What is wrong; absent while healthy. */
  readonly reason?: string;
  readonly pid: number;
  /** Time since the last round of supervision, in ms. */
  readonly lastControlMs: number;
  /** The nodes as of the last round. */
  readonly nodes: readonly SwarmNodeStatus[];
}

/** Serves liveness probes for a swarm supervisor. */
export class SwarmLivenessListener {
  readonly #controllingTtl: number;
  readonly #port: number;
  readonly #hostname: string | undefined;
  readonly #http = new HealthServer(() => this.#answer());
  #lastControl = Date.now();
  #nodes: readonly SwarmNodeStatus[] = [];
  /** False until the first round of supervision: no node is known yet. */
  #controlled = false;

  /** @param options port and TTL */
  constructor(options: SwarmLivenessListenerOptions = {}) {
    this.#port = options.port ?? 3000;
    this.#hostname = options.hostname;
    this.#controllingTtl = options.controllingTtl ?? 60_000;
  }

  /** The bound port once the HTTP server listens. */
  get port(): number | undefined {
    return this.#http.port;
  }

  /** Subscribes to `monitor`; the HTTP server starts on `app.supervising`. Returns a function that detaches and closes. */
  attach(monitor: Monitor): () => void {
    const subscriptions = [
      monitor.subscribe('app.supervising', () => {
        this.#lastControl = Date.now();
        this.#http.listen(this.#port, this.#hostname).catch((error: unknown) => {
          monitor.instrument('error.occurred', { type: 'liveness.listen.error', error, port: this.#port });
        });
      }),
      monitor.subscribe('swarm.manager.control', ({ nodes }) => {
        this.#lastControl = Date.now();
        this.#nodes = nodes;
        this.#controlled = true;
      }),
      monitor.subscribe('app.terminated', () => void this.close()),
    ];
    return () => {
      for (const unsubscribe of subscriptions) unsubscribe();
      void this.close();
    };
  }

  /** What a probe would answer now. */
  report(): SwarmLivenessReport {
    const since = Date.now() - this.#lastControl;
    const reason = !this.#controlled
      ? 'the supervisor has not started its nodes yet'
      : since > this.#controllingTtl
        ? `the supervisor has not controlled its nodes for ${String(since)} ms (controllingTtl ${String(this.#controllingTtl)} ms)`
        : undefined;
    return {
      status: reason === undefined ? 'healthy' : 'unhealthy',
      ...(reason === undefined ? {} : { reason }),
      pid: process.pid,
      lastControlMs: since,
      nodes: this.#nodes,
    };
  }

  /** Stops serving. Safe to call again. */
  async close(): Promise<void> {
    await this.#http.close();
  }

  #answer(): HealthAnswer {
    const report = this.report();
    return { healthy: report.status === 'healthy', body: { ...report } };
  }
}
