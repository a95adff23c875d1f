/**
 * The text of the TTIN dump and the report of a forceful shutdown: what every listener and worker does.
 */
import type { ListenerDump } from '../connection/listener.js';
import type { EventLoopDelay } from '../instrumentation/event-loop-monitor.js';
import type { JobsQueueStatistics } from '../processing/jobs-queue.js';
import type { WorkerState } from '../processing/workers-pool.js';

/** What blocked a stop, or what the server does now. */
export interface ServerReport {
  readonly serverId: string;
  readonly appState: string;
  readonly listeners: readonly ListenerDump[];
  readonly workers: readonly {
    readonly id: number;
    readonly job: string | undefined;
    readonly runningMs: number | undefined;
  }[];
  readonly jobs: JobsQueueStatistics;
  /** Process tags (`mode:swarm`, `node:2`...). */
  readonly tags?: readonly string[];
  /** Event-loop delay since the last `process.event_loop.delay` report. */
  readonly eventLoop?: EventLoopDelay;
}

/** Builds a report from the server's parts. */
export function buildReport(parts: {
  serverId: string;
  appState: string;
  listeners: readonly ListenerDump[];
  workers: readonly WorkerState[];
  jobs: JobsQueueStatistics;
  tags?: readonly string[];
  eventLoop?: EventLoopDelay;
}): ServerReport {
  const now = Date.now();
  return {
    serverId: parts.serverId,
    appState: parts.appState,
    listeners: parts.listeners,
    workers: parts.workers.map((w) => ({
      id: w.id,
      job: w.job?.description,
      runningMs: w.since === undefined ? undefined : now - w.since,
    })),
    jobs: parts.jobs,
    ...(parts.tags === undefined ? {} : { tags: parts.tags }),
    ...(parts.eventLoop === undefined ? {} : { eventLoop: parts.eventLoop }),
  };
}

/** The report as lines of text. */
export function formatReport(report: ServerReport): string {
  const lines = [`karafka-ts server ${report.serverId}: app ${report.appState}`];
  if (report.tags !== undefined && report.tags.length > 0) lines.push(`  tags: ${report.tags.join(', ')}`);
  for (const listener of report.listeners) {
    lines.push(`  listener ${listener.id}: ${listener.state}`);
    for (const p of listener.partitions) {
      const flags = [p.revoked ? 'revoked' : '', p.fetchPaused ? 'fetch paused' : ''].filter(Boolean).join(', ');
      lines.push(
        `    ${p.partition}: ${String(p.buffered)} buffered, ${p.job ?? 'no job'}${flags ? ` (${flags})` : ''}`,
      );
    }
  }
  lines.push(`  workers: ${String(report.workers.length)} slot(s)`);
  for (const w of report.workers) {
    lines.push(
      `    worker ${String(w.id)}: ${w.job === undefined ? 'idle' : `${w.job} for ${String(w.runningMs)} ms`}`,
    );
  }
  lines.push(`  jobs: ${String(report.jobs.busy)} busy, ${String(report.jobs.enqueued)} enqueued`);
  const loop = report.eventLoop;
  if (loop !== undefined) {
    lines.push(
      `  event loop delay: p50 ${String(loop.p50)} ms, p99 ${String(loop.p99)} ms, max ${String(loop.max)} ms ` +
        `over ${String(loop.windowMs)} ms`,
    );
  }
  return lines.join('\n');
}
