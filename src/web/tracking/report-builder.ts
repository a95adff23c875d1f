/**
 * Builds a process's report from its server (listeners, partitions, workers, jobs), the client statistics and
 * the activity counters. Small on purpose: numbers and short strings, no payloads.
 */
import { hostname, loadavg } from 'node:os';
import type { Server } from '../../server/server.js';
import { processContext } from '../../instrumentation/process-context.js';
import { VERSION } from '../../version.js';
import { type JobReport, type PartitionReport, type ProcessReport, SCHEMA_VERSION } from '../report.js';
import type { Activity } from './activity.js';
import type { PartitionStatistics } from './partition-statistics.js';

/** Builds reports of one server. */
export class ReportBuilder {
  readonly id: string;
  readonly #server: Server;
  readonly #statistics: PartitionStatistics;
  readonly #activity: Activity;
  readonly #startedAt = Date.now();
  #cpu = process.cpuUsage();
  #cpuAt = performance.now();

  /** @param server the server reported on */
  constructor(server: Server, statistics: PartitionStatistics, activity: Activity) {
    this.#server = server;
    this.#statistics = statistics;
    this.#activity = activity;
    this.id = `${hostname()}:${String(process.pid)}:${server.id.slice(0, 8)}`;
  }

  /** The report of now. */
  build(): ProcessReport {
    const server = this.#server;
    const app = server.app;
    const memory = process.memoryUsage();
    const loop = server.eventLoop?.snapshot();
    const jobs = this.#jobs();
    const queue = server.jobsQueue.statistics;
    return {
      schema: SCHEMA_VERSION,
      type: 'report',
      id: this.id,
      name: app.settings.clientId,
      hostname: hostname(),
      pid: process.pid,
      tags: server.executionMode === 'embedded' ? ['mode:embedded'] : processContext.tags,
      mode: server.executionMode === 'embedded' ? 'embedded' : (processContext.tag('mode') ?? server.executionMode),
      state: app.status.current,
      startedAt: this.#startedAt,
      dispatchedAt: Date.now(),
      versions: { karafka: VERSION, node: process.version, kafkaClient: app.drivers.description },
      memory: { rss: memory.rss, heapUsed: memory.heapUsed, heapTotal: memory.heapTotal },
      cpu: { percent: this.#cpuPercent(), loadAverage: loadavg().map((l) => Math.round(l * 100) / 100) },
      ...(loop === undefined ? {} : { eventLoop: { p50: loop.p50, p99: loop.p99, max: loop.max } }),
      concurrency: server.workers.size,
      busy: queue.busy,
      enqueued: queue.enqueued,
      jobs,
      listeners: server.listeners.map((l) => ({
        id: l.id,
        state: l.state,
        partitions: l.dump().partitions.filter((p) => !p.revoked).length,
      })),
      partitions: this.#partitions(),
      counters: this.#activity.counters,
    };
  }

  #cpuPercent(): number {
    const now = performance.now();
    const used = process.cpuUsage(this.#cpu);
    const elapsedMs = now - this.#cpuAt;
    this.#cpu = process.cpuUsage();
    this.#cpuAt = now;
    if (elapsedMs <= 0) return 0;
    return Math.round(((used.user + used.system) / 1000 / elapsedMs) * 1000) / 10;
  }

  #consumerGroupOf(groupId: string): string {
    return (
      this.#server.listeners.find((l) => l.subscriptionGroup.id === groupId)?.subscriptionGroup.consumerGroup ?? ''
    );
  }

  #jobs(): JobReport[] {
    const now = Date.now();
    const running: JobReport[] = [];
    const descriptions = new Set<string>();
    for (const worker of this.#server.workers.workers) {
      const job = worker.job;
      if (job === undefined) continue;
      descriptions.add(job.description);
      const offsets =
        job.kind === 'consume'
          ? this.#activity.running(this.#consumerGroupOf(job.groupId), job.topic, job.partition)
          : {};
      running.push({
        state: 'running',
        description: job.description,
        topic: job.topic,
        partition: job.partition,
        ...(job.consumer === undefined ? {} : { consumer: job.consumer }),
        ...offsets,
        runningMs: worker.since === undefined ? 0 : now - worker.since,
      });
    }
    const pending: JobReport[] = [];
    for (const listener of this.#server.listeners) {
      for (const p of listener.dump().partitions) {
        if (p.job === undefined || descriptions.has(p.job)) continue;
        const [topic, partition] = splitPartition(p.partition);
        pending.push({ state: 'pending', description: p.job, topic, partition });
      }
    }
    return [...running, ...pending];
  }

  #partitions(): PartitionReport[] {
    const now = Date.now();
    const reports: PartitionReport[] = [];
    for (const listener of this.#server.listeners) {
      const consumerGroup = listener.subscriptionGroup.consumerGroup;
      for (const p of listener.dump().partitions) {
        if (p.revoked) continue;
        const [topic, partition] = splitPartition(p.partition);
        const offsets = this.#statistics.get(consumerGroup, topic, partition);
        const activity = this.#activity.partition(consumerGroup, topic, partition);
        reports.push({
          consumerGroup,
          topic,
          partition,
          listenerId: listener.id,
          ...(offsets === undefined
            ? {}
            : {
                committed: offsets.committed,
                stored: offsets.stored,
                high: offsets.high,
                ...(offsets.lag >= 0 ? { lag: offsets.lag } : {}),
                ...(offsets.lagStored >= 0 ? { lagStored: offsets.lagStored } : {}),
              }),
          paused: p.paused,
          ...(p.paused && Number.isFinite(p.heldUntil) && p.heldUntil > now ? { pausedUntil: p.heldUntil } : {}),
          fetchPaused: p.fetchPaused,
          buffered: p.buffered,
          consumed: activity.consumed,
          ...(activity.lastOffset === undefined ? {} : { lastOffset: activity.lastOffset }),
          ...(activity.lastConsumedAt === undefined ? {} : { lastConsumedAt: activity.lastConsumedAt }),
        });
      }
    }
    return reports;
  }
}

/** `orders/3` -> ['orders', 3] (topic names cannot hold '/'). */
function splitPartition(id: string): [string, number] {
  const slash = id.lastIndexOf('/');
  return [id.slice(0, slash), Number(id.slice(slash + 1))];
}
