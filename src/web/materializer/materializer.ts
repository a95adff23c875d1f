/**
 * The materialiser: one member of the `groupId` consumer group at a time (the reports topic has one partition)
 * reads every process's reports and, every `materializeInterval`, writes the current state of every process
 * and the charts' history to their compacted topics, then commits. Any number of UI processes read those two
 * topics and show the same data. A member that takes the partition over first restores both from their
 * topics, so the history survives failovers.
 */
import type { Monitor } from '../../instrumentation/monitor.js';
import type { ConsumerDriver } from '../../kafka/consumer-driver.js';
import type { ProducerDriver } from '../../kafka/producer-driver.js';
import type { RebalanceEvent } from '../../kafka/types.js';
import type { ResolvedWebOptions } from '../options.js';
import { type MaterializedMetrics, type MaterializedState, type ProcessReport, SCHEMA_VERSION } from '../report.js';
import { type WebConnection, acknowledgedProducer, assignedConsumer, parseJson, readLatest } from '../web-clients.js';
import { MetricsHistory } from './metrics-history.js';
import { ProcessTable } from './process-table.js';

/** How often the reports topic is read (polls never wait: no pool thread is held). */
const POLL_EVERY_MS = 250;

/** Materialises reports into the states and metrics topics. */
export class Materializer {
  readonly #connection: WebConnection;
  readonly #options: ResolvedWebOptions;
  readonly #monitor: Monitor;
  #table: ProcessTable;
  #history = new MetricsHistory();
  #consumer: ConsumerDriver | undefined;
  #producer: ProducerDriver | undefined;
  #owned = false;
  /** Next reports offset to read, once something was read since the last commit. */
  #position: number | undefined;
  #timers: NodeJS.Timeout[] = [];
  #busy: Promise<void> | undefined;
  #stopped = false;
  /** States written so far (tests wait on it). */
  written = 0;

  /** @param monitor where its errors go (`web.materializer.error`) */
  constructor(connection: WebConnection, options: ResolvedWebOptions, monitor: Monitor) {
    this.#connection = connection;
    this.#options = options;
    this.#monitor = monitor;
    this.#table = new ProcessTable(options.processTtl);
  }

  /** True while this member owns the reports partition. */
  get owned(): boolean {
    return this.#owned;
  }

  /** Joins the group and starts materialising when assigned. Errors are reported, never thrown. */
  async start(): Promise<void> {
    try {
      const { drivers, kafka } = this.#connection;
      this.#producer = acknowledgedProducer(this.#connection);
      await this.#producer.connect();
      const consumer = drivers.consumer({
        settings: {
          ...kafka,
          'group.id': this.#options.groupId,
          'enable.auto.commit': false,
          'auto.offset.reset': 'earliest',
          'statistics.interval.ms': 0,
        },
        onRebalance: (event) => this.#rebalance(event),
      });
      this.#consumer = consumer;
      await consumer.connect();
      if (this.#stopped) return;
      consumer.subscribe([this.#options.topics.reports]);
      this.#timers.push(
        setInterval(() => this.#exclusive(() => this.#poll()), POLL_EVERY_MS).unref(),
        setInterval(() => this.#exclusive(() => this.#flush()), this.#options.materializeInterval).unref(),
      );
    } catch (error) {
      this.#report(error);
    }
  }

  /** Writes what it has, commits and leaves the group. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const timer of this.#timers.splice(0)) clearInterval(timer);
    await this.#busy;
    if (this.#owned) await this.#flush();
    await this.#consumer?.close().catch(() => undefined);
    await this.#producer?.close(5_000).catch(() => undefined);
  }

  /** Runs one step at a time (a poll or a flush), skipping a tick while one runs. */
  #exclusive(step: () => Promise<void>): void {
    if (this.#busy !== undefined || this.#stopped) return;
    this.#busy = step()
      .catch((error: unknown) => this.#report(error))
      .finally(() => {
        this.#busy = undefined;
      });
  }

  async #rebalance(event: RebalanceEvent): Promise<void> {
    const mine = event.partitions.some((p) => p.topic === this.#options.topics.reports && p.partition === 0);
    if (!mine) return;
    if (event.kind === 'revoke') {
      this.#owned = false;
      this.#position = undefined;
      return;
    }
    await this.#restore().catch((error: unknown) => this.#report(error));
    this.#owned = true;
  }

  /** Reads the latest state and history back (a new owner goes on where the previous one stopped). */
  async #restore(): Promise<void> {
    this.#table = new ProcessTable(this.#options.processTtl);
    this.#history = new MetricsHistory();
    const reader = await assignedConsumer(this.#connection, `${this.#options.groupId}-restore`);
    try {
      const state = await readLatest(reader, this.#options.topics.states, 5_000);
      const parsed = state === undefined ? undefined : (parseJson(state) as Partial<MaterializedState> | undefined);
      if (parsed?.type === 'state' && Array.isArray(parsed.processes)) this.#table.restore(parsed.processes);
      const metrics = await readLatest(reader, this.#options.topics.metrics, 5_000);
      const history =
        metrics === undefined ? undefined : (parseJson(metrics) as Partial<MaterializedMetrics> | undefined);
      if (history?.type === 'metrics' && history.series !== undefined)
        this.#history.restore(history as MaterializedMetrics);
    } finally {
      await reader.forceClose().catch(() => undefined);
    }
  }

  async #poll(): Promise<void> {
    const consumer = this.#consumer;
    if (consumer === undefined) return;
    const { messages } = await consumer.poll(500, 0);
    if (!this.#owned) return;
    for (const message of messages) {
      this.#position = message.offset + 1;
      const report = parseJson(message) as Partial<ProcessReport> | undefined;
      if (report?.type !== 'report' || typeof report.id !== 'string' || report.counters === undefined) continue;
      const counters = this.#table.apply(report as ProcessReport, message.timestamp);
      this.#history.add(counters, report.dispatchedAt ?? message.timestamp);
    }
  }

  async #flush(): Promise<void> {
    if (!this.#owned || this.#producer === undefined) return;
    const now = Date.now();
    const processes = this.#table.snapshot(now);
    this.#history.sample(processes, now);
    const position = this.#position;
    const state: MaterializedState = {
      schema: SCHEMA_VERSION,
      type: 'state',
      processes,
      dispatchedAt: now,
      reportsOffset: position ?? -1,
    };
    await Promise.all([
      this.#producer.produce({
        topic: this.#options.topics.states,
        key: 'state',
        value: Buffer.from(JSON.stringify(state)),
        partition: 0,
      }),
      this.#producer.produce({
        topic: this.#options.topics.metrics,
        key: 'metrics',
        value: Buffer.from(JSON.stringify(this.#history.toMessage(now))),
        partition: 0,
      }),
    ]);
    this.written += 1;
    if (position !== undefined && this.#owned && this.#consumer !== undefined) {
      await this.#consumer.commit([{ topic: this.#options.topics.reports, partition: 0, offset: position }]);
    }
  }

  #report(error: unknown): void {
    this.#monitor.instrument('error.occurred', { type: 'web.materializer.error', error });
  }
}
