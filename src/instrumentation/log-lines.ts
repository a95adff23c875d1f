/**
 * What the logger listener writes for each event: the level and a message for people. The values in the
 * message are also the line's own keys (the payload's fields), for machines.
 *
 * At `info` the work shows, batch by batch: consume jobs started and finished, retries with their attempt and
 * delay, pauses, resumes, seeks, filtered batches, dead letter dispatches, assignments and revocations. A batch
 * split into virtual partitions is one line once all its jobs finished; its jobs, like polls, are at `debug`.
 */
import type { EventName } from './events.js';

/** Levels the listener writes at (errors are written by the listener itself). */
export type LineLevel = 'info' | 'debug' | 'warn';

/** A payload as the listener sees it. */
export type Fields = Readonly<Record<string, unknown>>;

/** How one event is logged. */
export interface LogLine {
  /** The level, or how the payload decides it. */
  readonly level: LineLevel | ((payload: Fields) => LineLevel);
  /** The message; default: the event name. */
  readonly message?: (payload: Fields) => string;
  /** The line's keys, from the payload (default: the payload as it is). */
  readonly fields?: (payload: Fields) => Record<string, unknown>;
}

/** A value as text (objects as JSON). */
export function text(value: unknown): string {
  if (typeof value !== 'object' || value === null) return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** `orders/0`. */
export function partitionName(payload: Fields): string {
  return `${text(payload.topic)}/${text(payload.partition)}`;
}

/** `offset 5` or `offsets 5-104`, for a batch. */
function offsets(payload: Fields): string {
  const { firstOffset: first, lastOffset: last } = payload;
  if (first === undefined) return 'no offsets';
  return first === last ? `offset ${text(first)}` : `offsets ${text(first)}-${text(last)}`;
}

/** `12.3 ms`. */
export function milliseconds(value: unknown): string {
  if (typeof value !== 'number') return 'unknown time';
  const rounded = value < 1 ? Math.round(value * 100) / 100 : Math.round(value * 10) / 10;
  return `${text(rounded)} ms`;
}

/** A consume job at `info`, unless it is one virtual partition of a split batch (the batch has its own line). */
function jobLevel(payload: Fields): LineLevel {
  return payload.virtualPartition === undefined ? 'info' : 'debug';
}

/** ` virtual partition 3`, for a job of a split batch. */
function virtualPartition(payload: Fields): string {
  return payload.virtualPartition === undefined ? '' : ` virtual partition ${text(payload.virtualPartition)}`;
}

/** A time (ms since the epoch) as ISO 8601, or as it is when it is not one. */
function time(value: unknown): string {
  const date = new Date(Number(value));
  return Number.isNaN(date.getTime()) ? text(value) : date.toISOString();
}

/** `1 message`, `3 messages`. */
function count(value: unknown, noun: string): string {
  return `${text(value)} ${noun}${value === 1 ? '' : 's'}`;
}

/** `orders/0, orders/1` from a list of `{ topic, partition }`. */
function partitionList(value: unknown): string {
  if (!Array.isArray(value)) return '';
  return value.map((p: Fields) => partitionName(p)).join(', ');
}

/** The payload without a batch count of 0 (pauses, resumes and seeks are about a partition, not a batch). */
function withoutEmptyBatch(payload: Fields): Record<string, unknown> {
  const { messages, ...rest } = payload;
  return messages === 0 ? rest : { ...rest, messages };
}

const APP_STATES: Readonly<Record<string, string>> = {
  initialized: 'App initialized',
  supervising: 'Supervising the swarm nodes',
  running: 'App running',
  quieting: 'Quieting: running jobs finish, no new ones start',
  quiet: 'Quiet: no jobs run until the app stops',
  stopping: 'Stopping',
  stopped: 'Stopped',
  terminated: 'Terminated',
};

const appState: LogLine = {
  level: 'info',
  message: (p) => APP_STATES[text(p.state)] ?? `App ${text(p.state)}`,
};

const listenerState = (state: string, level: LineLevel): LogLine => ({
  level,
  message: (p) =>
    `Listener ${text(p.listenerId)} ${state} (consumer group ${text(p.consumerGroup)}, ` +
    `subscription group ${text(p.subscriptionGroup)})`,
});

/** Every event the listener logs, except `error.occurred`. */
export const LOG_LINES: Partial<Record<EventName, LogLine>> = {
  // Logged while the config file loads, before a command knows whether it will run anything: not at info.
  'app.initialized': { ...appState, level: 'debug' },
  'app.supervising': appState,
  'app.running': appState,
  'app.quieting': appState,
  'app.quiet': appState,
  'app.stopping': appState,
  'app.stopped': appState,
  'app.terminated': appState,
  'app.stopping.waiting': {
    level: 'info',
    message: (p) => {
      const jobs = (p.jobs as Fields[]).map(
        (j) =>
          `${text(j.description)}${j.consumer === undefined ? '' : ` [${text(j.consumer)}]`}, running ` +
          milliseconds(j.runningMs),
      );
      const second = p.forcefulOnSecondSignal === true ? '; a second stop signal stops at once' : '';
      return (
        `Waiting up to ${milliseconds(p.timeoutMs)} (shutdownTimeout) for ${count(jobs.length, 'running job')} ` +
        `to finish: ${jobs.join('; ')}${second}`
      );
    },
  },

  'connection.listener.starting': listenerState('starting', 'debug'),
  'connection.listener.running': listenerState('running', 'info'),
  'connection.listener.quiet': listenerState('quiet', 'info'),
  'connection.listener.stopped': listenerState('stopped', 'info'),
  'connection.listener.fetch_loop': {
    level: 'debug',
    message: (p) => `Listener ${text(p.listenerId)} polling`,
  },
  'connection.listener.fetch_loop.received': {
    level: 'debug',
    message: (p) => `Listener ${text(p.listenerId)} polled ${count(p.messages, 'message')} in ${milliseconds(p.time)}`,
  },
  'connection.client.reachable': {
    level: 'info',
    message: (p) =>
      `Kafka reachable again at ${text(p.bootstrapServers)} after ${milliseconds(p.downMs)} ` +
      `(listener ${text(p.listenerId)})`,
  },
  'producer.client.reachable': {
    level: 'info',
    message: (p) =>
      `Kafka reachable again at ${text(p.bootstrapServers)} after ${milliseconds(p.downMs)} ` +
      `(producer ${text(p.producerId)})`,
  },
  'connection.client.reset': {
    level: 'warn',
    message: (p) => `Listener ${text(p.listenerId)} recreates its Kafka client`,
  },

  'rebalance.partitions_assigned': {
    level: 'info',
    message: (p) =>
      `Assigned ${count((p.partitions as unknown[]).length, 'partition')} of consumer group ` +
      `${text(p.consumerGroup)}: ${partitionList(p.partitions)}`,
  },
  'rebalance.partitions_revoked': {
    level: 'info',
    message: (p) =>
      `${p.lost === true ? 'Lost' : 'Revoked'} ${count((p.partitions as unknown[]).length, 'partition')} of ` +
      `consumer group ${text(p.consumerGroup)}: ${partitionList(p.partitions)}`,
  },

  'consumer.consume': {
    level: jobLevel,
    message: (p) =>
      `Consuming ${count(p.messages, 'message')} of ${partitionName(p)}${virtualPartition(p)} (${offsets(p)})`,
  },
  'consumer.consumed': {
    level: jobLevel,
    message: (p) =>
      `Consumed ${count(p.messages, 'message')} of ${partitionName(p)}${virtualPartition(p)} (${offsets(p)}) in ${milliseconds(p.time)}`,
  },
  'consumer.virtual_partitions.consumed': {
    level: 'info',
    message: (p) =>
      `Consumed ${count(p.messages, 'message')} of ${partitionName(p)} (${offsets(p)}) in ` +
      `${count(p.virtualPartitions, 'virtual partition')} in ${milliseconds(p.time)}` +
      (typeof p.failed === 'number' && p.failed > 0 ? `; ${text(p.failed)} failed` : ''),
  },
  'consumer.initialized': {
    level: 'debug',
    message: (p) => `Consumer of ${partitionName(p)} initialized`,
    fields: withoutEmptyBatch,
  },
  'consumer.revoked': {
    level: 'debug',
    message: (p) => `revoked() of ${partitionName(p)} ran in ${milliseconds(p.time)}`,
    fields: withoutEmptyBatch,
  },
  'consumer.shutdown': {
    level: 'debug',
    message: (p) => `shutdown() of ${partitionName(p)} ran in ${milliseconds(p.time)}`,
    fields: withoutEmptyBatch,
  },
  'consumer.eofed': {
    level: 'debug',
    message: (p) => `eofed() of ${partitionName(p)} ran in ${milliseconds(p.time)}`,
    fields: withoutEmptyBatch,
  },
  'consumer.ticked': {
    level: 'debug',
    message: (p) => `tick() of ${partitionName(p)} ran in ${milliseconds(p.time)}`,
    fields: withoutEmptyBatch,
  },
  'consumer.consuming.pause': {
    level: 'info',
    message: (p) => {
      if (p.filter !== undefined) {
        return `Paused ${partitionName(p)} for ${milliseconds(p.timeout)} (filter ${text(p.filter)}), then from offset ${text(p.offset)}`;
      }
      if (p.manual !== true) {
        return (
          `Consuming ${partitionName(p)} failed (attempt ${text(p.attempt)}): retrying from offset ` +
          `${text(p.offset)} in ${milliseconds(p.timeout)}`
        );
      }
      const until = p.timeout === Infinity ? 'until resumed' : `for ${milliseconds(p.timeout)}`;
      return `Paused ${partitionName(p)} ${until}, then from offset ${text(p.offset)}`;
    },
    fields: (p) => {
      const { timeout, ...rest } = withoutEmptyBatch(p);
      if (p.filter !== undefined) return { ...rest, timeoutMs: timeout };
      if (p.manual !== true) return { ...rest, delayMs: timeout };
      return timeout === Infinity ? { ...rest, untilResumed: true } : { ...rest, timeoutMs: timeout };
    },
  },
  'consumer.consuming.resume': {
    level: 'info',
    message: (p) => `Resumed ${partitionName(p)}`,
    fields: withoutEmptyBatch,
  },
  'consumer.consuming.retry': {
    level: 'debug',
    message: (p) =>
      `Retrying ${partitionName(p)} from offset ${text(p.offset)} now (attempt ${text(p.attempt)}, ` +
      `${count(p.messages, 'message')})`,
  },
  'consumer.consuming.seek': {
    level: 'info',
    message: (p) => {
      const name = partitionName(p);
      if (typeof p.target === 'string') return `Seeking ${name} to the ${p.target} offset`;
      if (p.target === p.offset) return `Seeking ${name} to offset ${text(p.offset)}`;
      const at = new Date(Number(p.target)).toISOString();
      return `Seeking ${name} to the first offset at or after ${at} (${p.offset === -1 ? 'the end' : `offset ${text(p.offset)}`})`;
    },
    fields: withoutEmptyBatch,
  },
  'consumer.filtered': {
    level: 'info',
    message: (p) => {
      const kept = [`${text(p.passed)} passed`, `${text(p.dropped)} dropped`, `${text(p.deferred)} deferred`];
      const by = `by ${Array.isArray(p.filters) ? p.filters.map(text).join(', ') : text(p.filters)}`;
      let then = '';
      if (p.action === 'pause') then = `; pausing until ${time(p.until)}, then from offset ${text(p.offset)}`;
      if (p.action === 'seek') then = `; seeking to offset ${text(p.offset)}`;
      return `Filtered ${count(p.messages, 'message')} of ${partitionName(p)} (${offsets(p)}): ${kept.join(', ')} ${by}${then}`;
    },
  },
  'dead_letter_queue.dispatched': {
    level: 'info',
    message: (p) => {
      const attempts = `after ${count(p.attempts, 'attempt')}`;
      if (p.deadLetterTopic === false) {
        return `Skipped offset ${text(p.offset)} of ${partitionName(p)} ${attempts} (dead letter queue without a topic)`;
      }
      return (
        `Dispatched offset ${text(p.offset)} of ${partitionName(p)} to dead letter topic ${text(p.deadLetterTopic)} ` +
        `(partition ${text(p.deadLetterPartition)}, offset ${text(p.deadLetterOffset)}) ${attempts}`
      );
    },
  },

  'transaction.committed': {
    level: 'debug',
    message: (p) => `Transaction of ${text(p.transactionalId)} committed in ${milliseconds(p.time)}`,
  },
  'transaction.aborted': {
    level: 'info',
    message: (p) =>
      `Transaction of ${text(p.transactionalId)} aborted after ${milliseconds(p.time)}` +
      (p.error instanceof Error ? `: ${p.error.message}` : ''),
    fields: ({ error, ...rest }) => (error instanceof Error ? { ...rest, reason: error.message } : rest),
  },

  'process.notice_signal': { level: 'info', message: (p) => `Received ${text(p.signal)}` },
  'process.event_loop.delay': {
    level: 'debug',
    message: (p) =>
      `Event loop delay: p50 ${milliseconds(p.p50)}, p99 ${milliseconds(p.p99)}, max ${milliseconds(p.max)}`,
  },
  'process.event_loop.blocked': {
    level: 'warn',
    message: (p) =>
      `Event loop blocked for ${text(p.blockedMs)} ms (over ${text(p.thresholdMs)} ms): polls, rebalance ` +
      'callbacks and every other partition waited; move CPU-bound work to swarm mode (karafka swarm) or worker threads',
  },

  'swarm.manager.before_fork': {
    level: 'info',
    message: (p) =>
      p.restarts === 0
        ? `Starting node ${text(p.nodeNumber)}`
        : `Starting node ${text(p.nodeNumber)} again (restart ${text(p.restarts)})`,
  },
  'swarm.node.after_fork': {
    level: 'info',
    message: (p) => `Node ${text(p.nodeNumber)} started (supervisor pid ${text(p.parentPid)})`,
  },
  'swarm.manager.control': {
    level: 'debug',
    message: (p) => `Supervising ${count((p.nodes as unknown[]).length, 'node')}`,
  },
  'swarm.manager.stopping': {
    level: 'info',
    message: (p) => {
      const why =
        p.reason === 'unhealthy'
          ? `unhealthy${p.code === undefined ? '' : ` (code ${text(p.code)})`}`
          : p.reason === 'silent'
            ? 'silent for too long'
            : 'the swarm stops';
      const detail = typeof p.detail === 'string' ? `: ${p.detail}` : '';
      return `Stopping node ${text(p.nodeNumber)} (pid ${text(p.pid)}): ${why}${detail}`;
    },
  },
  'swarm.manager.terminating': {
    level: 'warn',
    message: (p) =>
      `Node ${text(p.nodeNumber)} (pid ${text(p.pid)}) still runs ${milliseconds(p.stoppingMs)} after its stop: ` +
      'killing it (SIGKILL)',
  },
  'swarm.manager.reaped': {
    level: 'info',
    message: (p) => {
      const how = p.signal === null ? `with code ${text(p.code)}` : `on ${text(p.signal)}`;
      const next = p.restartIn === undefined ? 'not restarting it' : `restarting it in ${milliseconds(p.restartIn)}`;
      return `Node ${text(p.nodeNumber)} (pid ${text(p.pid)}) exited ${how}; ${next}`;
    },
  },
  'swarm.node.unhealthy': {
    level: 'warn',
    message: (p) => `Node ${text(p.nodeNumber)} reports itself unhealthy (code ${text(p.code)}): ${text(p.reason)}`,
  },
  'swarm.node.orphaned': {
    level: 'warn',
    message: (p) => `Node ${text(p.nodeNumber)} lost its supervisor (pid ${text(p.parentPid)}): stopping by itself`,
  },
};
