/**
 * A Prometheus exporter (prom-client) fed by the monitor's events: consumed messages and batches, the consume
 * duration, errors by type, lag per partition (from the client statistics), paused partitions, busy workers and
 * the jobs queue, event-loop delay, and the producer's deliveries and failures.
 *
 * ```ts
 * const metrics = enableMetrics(app);                                  // karafka-ts: attaches and observes servers
 * new LivenessListener({ port: 9000, metrics }).attach(app.monitor);   // GET /metrics on the liveness port
 * ```
 *
 * In a swarm every node is a process of its own with its own counters: each node serves its own endpoint
 * (`serve({ port })` listens on `port + node number`), and every series carries a `node` label, so a scrape
 * of all nodes sums up without double counting. The supervisor serves none.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Monitor } from './monitor.js';
import { readPartitionFigures } from './partition-statistics.js';
import { processContext } from './process-context.js';
import { HealthServer, type MetricsEndpoint } from './vendors/health-server.js';

/** What the exporter reads of a server for the jobs gauges (a `Server` fits). */
export interface JobsStatisticsSource {
  readonly jobsQueue: { readonly statistics: { readonly busy: number; readonly enqueued: number } };
  readonly workers: { readonly size: number };
}

/** Options of the exporter. */
export interface PrometheusMetricsOptions {
  /** Registry to register the metrics in (default: a registry of its own). */
  readonly registry?: Registry;
  /** Prefix of every metric name (default `karafka_`). */
  readonly prefix?: string;
  /** Buckets of the consume duration histogram, in seconds. */
  readonly durationBuckets?: readonly number[];
}

const DEFAULT_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60];

/** Collects the framework's metrics for Prometheus. */
export class PrometheusMetrics implements MetricsEndpoint {
  readonly registry: Registry;
  readonly #consumed: Counter<'consumer_group' | 'topic' | 'partition'>;
  readonly #batches: Counter<'consumer_group' | 'topic'>;
  readonly #duration: Histogram<'consumer_group' | 'topic'>;
  readonly #errors: Counter<'type'>;
  readonly #lag: Gauge<'consumer_group' | 'topic' | 'partition'>;
  readonly #paused: Gauge<'consumer_group' | 'topic'>;
  readonly #busy: Gauge;
  readonly #enqueued: Gauge;
  readonly #concurrency: Gauge;
  readonly #eventLoop: Gauge<'quantile'>;
  readonly #deliveries: Counter<'topic'>;
  readonly #deliveryFailures: Counter;
  readonly #pausedPartitions = new Map<string, { consumerGroup: string; topic: string }>();
  readonly #servers = new Set<JobsStatisticsSource>();
  #busyFromEvents = 0;
  #http: HealthServer | undefined;

  /** @param options registry, prefix and histogram buckets */
  constructor(options: PrometheusMetricsOptions = {}) {
    this.registry = options.registry ?? new Registry();
    const p = options.prefix ?? 'karafka_';
    const registers = [this.registry];
    this.#consumed = new Counter({
      name: `${p}messages_consumed_total`,
      help: 'Messages consumed (consume() returned)',
      labelNames: ['consumer_group', 'topic', 'partition'],
      registers,
    });
    this.#batches = new Counter({
      name: `${p}batches_consumed_total`,
      help: 'Batches consumed',
      labelNames: ['consumer_group', 'topic'],
      registers,
    });
    this.#duration = new Histogram({
      name: `${p}consume_duration_seconds`,
      help: 'Time consume() took per batch',
      labelNames: ['consumer_group', 'topic'],
      buckets: [...(options.durationBuckets ?? DEFAULT_BUCKETS)],
      registers,
    });
    this.#errors = new Counter({
      name: `${p}errors_total`,
      help: 'Errors (error.occurred) by type',
      labelNames: ['type'],
      registers,
    });
    this.#lag = new Gauge({
      name: `${p}consumer_lag`,
      help: 'Messages behind the high watermark, per partition (client statistics; needs statistics.interval.ms)',
      labelNames: ['consumer_group', 'topic', 'partition'],
      registers,
    });
    this.#paused = new Gauge({
      name: `${p}partitions_paused`,
      help: 'Partitions paused (by the consumer, a retry backoff or a command)',
      labelNames: ['consumer_group', 'topic'],
      registers,
      collect: () => this.#collectPaused(),
    });
    this.#busy = new Gauge({
      name: `${p}workers_busy`,
      help: 'Workers running a job',
      registers,
      collect: () => this.#collectJobs(),
    });
    this.#enqueued = new Gauge({ name: `${p}jobs_enqueued`, help: 'Jobs waiting for a worker', registers });
    this.#concurrency = new Gauge({ name: `${p}workers`, help: 'Workers (concurrency)', registers });
    this.#eventLoop = new Gauge({
      name: `${p}event_loop_delay_seconds`,
      help: 'Event-loop delay over the last report window',
      labelNames: ['quantile'],
      registers,
    });
    this.#deliveries = new Counter({
      name: `${p}producer_deliveries_total`,
      help: 'Messages the broker acknowledged',
      labelNames: ['topic'],
      registers,
    });
    this.#deliveryFailures = new Counter({
      name: `${p}producer_delivery_failures_total`,
      help: 'Messages that could not be produced or delivered',
      registers,
    });
  }

  /** Content type of `render()`. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** The metrics in Prometheus's text format. A swarm node labels every series with `node`. */
  async render(): Promise<string> {
    const node = processContext.tag('node');
    this.registry.setDefaultLabels(node === undefined ? {} : { node });
    return this.registry.metrics();
  }

  /** Reads the jobs gauges (busy workers, queue size, concurrency) of `server` from now on. */
  observe(server: JobsStatisticsSource): () => void {
    this.#servers.add(server);
    return () => this.#servers.delete(server);
  }

  /** Subscribes to `monitor`; returns the metrics (chainable). */
  attach(monitor: Monitor): this {
    monitor.subscribe('consumer.consumed', (p) => {
      this.#consumed.inc(
        { consumer_group: p.consumerGroup, topic: p.topic, partition: String(p.partition) },
        p.messages,
      );
      this.#batches.inc({ consumer_group: p.consumerGroup, topic: p.topic });
      if (typeof p.time === 'number')
        this.#duration.observe({ consumer_group: p.consumerGroup, topic: p.topic }, p.time / 1000);
    });
    monitor.subscribe('error.occurred', (p) => {
      this.#errors.inc({ type: p.type });
      if (p.type === 'producer.delivery.error' || p.type === 'producer.produce.error') this.#deliveryFailures.inc();
    });
    monitor.subscribe('statistics.emitted', (p) => {
      if (p.consumerGroup !== undefined) this.#recordLag(p.consumerGroup, p.statistics);
    });
    monitor.subscribe('consumer.consuming.pause', (p) => {
      this.#pausedPartitions.set(`${p.consumerGroup}\u0000${p.topic}\u0000${String(p.partition)}`, p);
    });
    monitor.subscribe('consumer.consuming.resume', (p) => {
      this.#pausedPartitions.delete(`${p.consumerGroup}\u0000${p.topic}\u0000${String(p.partition)}`);
    });
    monitor.subscribe('rebalance.partitions_revoked', (p) => {
      for (const { topic, partition } of p.partitions) {
        this.#pausedPartitions.delete(`${p.consumerGroup}\u0000${topic}\u0000${String(partition)}`);
        this.#lag.remove({ consumer_group: p.consumerGroup, topic, partition: String(partition) });
      }
    });
    monitor.subscribe('worker.process', () => {
      this.#busyFromEvents += 1;
    });
    monitor.subscribe('worker.completed', () => {
      this.#busyFromEvents = Math.max(0, this.#busyFromEvents - 1);
    });
    monitor.subscribe('process.event_loop.delay', (d) => {
      this.#eventLoop.set({ quantile: '0.5' }, d.p50 / 1000);
      this.#eventLoop.set({ quantile: '0.99' }, d.p99 / 1000);
      this.#eventLoop.set({ quantile: '1' }, d.max / 1000);
    });
    monitor.subscribe('message.acknowledged', (p) => this.#deliveries.inc({ topic: p.topic }));
    return this;
  }

  /**
   * Serves `GET /metrics` on a port of its own: in a swarm node on `port + node number` (nodes are processes of
   * their own). Resolves with the bound port.
   */
  serve(options: { readonly port: number; readonly hostname?: string }): Promise<number> {
    const node = Number(processContext.tag('node') ?? 0);
    this.#http ??= new HealthServer(() => ({ healthy: true, body: {} }), this);
    return this.#http.listen(options.port === 0 ? 0 : options.port + node, options.hostname);
  }

  /** Stops serving. */
  async close(): Promise<void> {
    await this.#http?.close();
  }

  #recordLag(consumerGroup: string, statistics: Readonly<Record<string, unknown>>): void {
    for (const { topic, partition, lag, fetchState } of readPartitionFigures(statistics)) {
      if (lag === null || fetchState === 'none') continue;
      this.#lag.set({ consumer_group: consumerGroup, topic, partition: String(partition) }, lag);
    }
  }

  #collectPaused(): void {
    this.#paused.reset();
    for (const { consumerGroup, topic } of this.#pausedPartitions.values())
      this.#paused.inc({ consumer_group: consumerGroup, topic });
  }

  #collectJobs(): void {
    if (this.#servers.size === 0) {
      this.#busy.set(this.#busyFromEvents);
      return;
    }
    let busy = 0;
    let enqueued = 0;
    let size = 0;
    for (const server of this.#servers) {
      busy += server.jobsQueue.statistics.busy;
      enqueued += server.jobsQueue.statistics.enqueued;
      size += server.workers.size;
    }
    this.#busy.set(busy);
    this.#enqueued.set(enqueued);
    this.#concurrency.set(size);
  }
}
