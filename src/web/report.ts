/**
 * What travels through the internal topics: process reports, errors, commands and their results, and the
 * materialised state. Every message is JSON with a `schema` version; readers skip what they do not know.
 */

/** Version of the messages this code writes. */
export const SCHEMA_VERSION = 1;

/** One assigned partition, as a process reports it. */
export interface PartitionReport {
  readonly consumerGroup: string;
  readonly topic: string;
  readonly partition: number;
  readonly listenerId: string;
  /** Committed offset (next to read; -1: none yet), from the client's statistics. */
  readonly committed?: number;
  /** Offset stored for the next commit, from the client's statistics. */
  readonly stored?: number;
  /** High watermark: the offset the next message gets. */
  readonly high?: number;
  /** Messages behind the high watermark, counted from the committed offset. */
  readonly lag?: number;
  /** Messages behind the high watermark, counted from the stored offset. */
  readonly lagStored?: number;
  /** Paused by the consumer, a retry policy or a command. */
  readonly paused: boolean;
  /** Until when (ms since the epoch); absent: until resumed, or not paused. */
  readonly pausedUntil?: number;
  /** Fetching paused in the client (a pause, or a full buffer). */
  readonly fetchPaused: boolean;
  /** Messages fetched and waiting for a job. */
  readonly buffered: number;
  /** Messages consumed since the process started. */
  readonly consumed: number;
  /** Last offset consumed, and when. */
  readonly lastOffset?: number;
  readonly lastConsumedAt?: number;
}

/** A job running or waiting. */
export interface JobReport {
  readonly state: 'running' | 'pending';
  readonly description: string;
  readonly topic: string;
  readonly partition: number;
  readonly consumer?: string;
  readonly firstOffset?: number;
  readonly lastOffset?: number;
  /** How long it has run (running jobs). */
  readonly runningMs?: number;
}

/** A listener (one connection of a subscription group). */
export interface ListenerReport {
  readonly id: string;
  readonly state: string;
  readonly partitions: number;
}

/** Counters since the process started. */
export interface ProcessCounters {
  readonly messages: number;
  readonly batches: number;
  readonly errors: number;
  readonly retries: number;
  readonly deadLetters: number;
}

/** A process's report, every `trackingInterval`. */
export interface ProcessReport {
  readonly schema: number;
  readonly type: 'report';
  /** `hostname:pid:server`: unique per server run. */
  readonly id: string;
  /** The app's `clientId`. */
  readonly name: string;
  readonly hostname: string;
  readonly pid: number;
  readonly tags: readonly string[];
  readonly mode: string;
  /** The app's state: running, quieting, quiet, stopping, stopped... */
  readonly state: string;
  readonly startedAt: number;
  readonly dispatchedAt: number;
  readonly versions: { readonly karafka: string; readonly node: string; readonly kafkaClient: string };
  readonly memory: { readonly rss: number; readonly heapUsed: number; readonly heapTotal: number };
  readonly cpu: { readonly percent: number; readonly loadAverage: readonly number[] };
  readonly eventLoop?: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly concurrency: number;
  readonly busy: number;
  readonly enqueued: number;
  readonly jobs: readonly JobReport[];
  readonly listeners: readonly ListenerReport[];
  readonly partitions: readonly PartitionReport[];
  readonly counters: ProcessCounters;
}

/** An error of a process (`error.occurred`). */
export interface ErrorReport {
  readonly schema: number;
  readonly type: 'error';
  readonly processId: string;
  readonly processName: string;
  readonly errorType: string;
  /** The error's class name. */
  readonly errorClass: string;
  readonly message: string;
  readonly stack?: string;
  readonly consumerGroup?: string;
  readonly topic?: string;
  readonly partition?: number;
  readonly offset?: number;
  readonly occurredAt: number;
}

/** What a command asks. */
export type CommandName = 'quiet' | 'stop' | 'trace' | 'partition.pause' | 'partition.resume' | 'partition.seek';

/** A command to one process (or `*`: every process). */
export interface CommandMessage {
  readonly schema: number;
  readonly type: 'command';
  readonly id: string;
  readonly command: CommandName;
  readonly processId: string;
  readonly consumerGroup?: string;
  readonly topic?: string;
  readonly partition?: number;
  /** Pause: for how long (ms; absent: until resumed). */
  readonly durationMs?: number;
  /** Seek: an offset, or a time (ms since the epoch) with `seekTo: 'time'`. */
  readonly offset?: number;
  readonly seekTo?: 'offset' | 'time' | 'earliest' | 'latest';
  /** Who asked (the UI's user, when known). */
  readonly requestedBy?: string;
  readonly requestedAt: number;
}

/** What a process did with a command. */
export interface CommandResult {
  readonly schema: number;
  readonly type: 'result';
  readonly commandId: string;
  readonly command: CommandName;
  readonly processId: string;
  readonly status: 'done' | 'skipped' | 'failed';
  /** Why it was skipped or failed, or what it found (trace: the dump). */
  readonly details?: string;
  readonly finishedAt: number;
}

/** A process as the materialiser keeps it. */
export interface ProcessState {
  readonly report: ProcessReport;
  /** When its last report was materialised. */
  readonly receivedAt: number;
  /** `active`, `stopped` (it said so) or `gone` (silent past the TTL). */
  readonly status: 'active' | 'stopped' | 'gone';
}

/** The current state of every process (the latest message of the states topic). */
export interface MaterializedState {
  readonly schema: number;
  readonly type: 'state';
  readonly processes: readonly ProcessState[];
  /** When the materialiser wrote it. */
  readonly dispatchedAt: number;
  /** Reports topic offset it covers (the next to read). */
  readonly reportsOffset: number;
}

/** One point of a chart. */
export interface MetricsPoint {
  /** Start of the bucket (ms since the epoch). */
  readonly t: number;
  readonly processes: number;
  /** Messages consumed in the bucket. */
  readonly messages: number;
  readonly batches: number;
  readonly errors: number;
  /** Lag summed over every reported partition at the end of the bucket. */
  readonly lag: number;
  readonly busy: number;
  readonly concurrency: number;
  readonly enqueued: number;
  /** Resident memory summed over processes, bytes. */
  readonly rss: number;
  /** Highest event-loop p99 among processes, ms. */
  readonly eventLoopP99: number;
}

/** The history for the charts (the latest message of the metrics topic), per resolution. */
export interface MaterializedMetrics {
  readonly schema: number;
  readonly type: 'metrics';
  readonly dispatchedAt: number;
  readonly series: Readonly<Record<MetricsRange, readonly MetricsPoint[]>>;
  /** Lag per topic (consumer group/topic), at the end of each bucket of the `hour` series. */
  readonly topicLags: Readonly<Record<string, readonly (readonly [number, number])[]>>;
}

/** Ranges of the charts. */
export type MetricsRange = 'hour' | 'day' | 'week';
