/**
 * Logs the lifecycle, every error with its type, rebalances, and (at debug) every batch.
 * At `info` it stays quiet during steady consumption: one line per state change, none per batch.
 */
import type { Logger } from './logger.js';
import type { DeliveredPayload, EventName } from './events.js';
import type { Monitor } from './monitor.js';

type Level = 'info' | 'debug' | 'warn';

/** Events logged as they are, with their level. */
const LIFECYCLE: Partial<Record<EventName, Level>> = {
  'app.initialized': 'info',
  'app.supervising': 'info',
  'app.running': 'info',
  'app.quieting': 'info',
  'app.quiet': 'info',
  'app.stopping': 'info',
  'app.stopped': 'info',
  'app.terminated': 'info',
  'connection.listener.starting': 'debug',
  'connection.listener.running': 'info',
  'connection.listener.quiet': 'info',
  'connection.listener.stopped': 'info',
  'connection.client.reset': 'warn',
  'rebalance.partitions_assigned': 'info',
  'rebalance.partitions_revoked': 'info',
  'process.notice_signal': 'info',
  'consumer.consumed': 'debug',
  'consumer.revoked': 'debug',
  'consumer.shutdown': 'debug',
  'process.event_loop.delay': 'debug',
  'process.event_loop.blocked': 'warn',
  'swarm.manager.before_fork': 'info',
  'swarm.node.after_fork': 'info',
  'swarm.manager.control': 'debug',
  'swarm.manager.stopping': 'info',
  'swarm.manager.terminating': 'warn',
  'swarm.manager.reaped': 'info',
  'swarm.node.unhealthy': 'warn',
  'swarm.node.orphaned': 'warn',
};

/** Messages of events that need more than their name to be understood. */
const MESSAGES: Partial<Record<EventName, (payload: Readonly<Record<string, unknown>>) => string>> = {
  'process.event_loop.blocked': (p) =>
    `event loop blocked for ${String(p.blockedMs)} ms (over ${String(p.thresholdMs)} ms): polls, rebalance callbacks ` +
    'and every other partition waited; move CPU-bound work to swarm mode (karafka swarm) or worker threads',
};

/** Subscribes a logger to a monitor. */
export class LoggerListener {
  readonly #logger: Logger;

  /** @param logger where lines go */
  constructor(logger: Logger) {
    this.#logger = logger;
  }

  /** Subscribes to `monitor`; returns the unsubscribe function. */
  attach(monitor: Monitor): () => void {
    return monitor.subscribeAll((event, payload) => this.#log(event, payload));
  }

  #log(event: EventName, payload: Readonly<Record<string, unknown>>): void {
    if (event === 'error.occurred') {
      this.#logError(payload as DeliveredPayload<'error.occurred'>);
      return;
    }
    const level = LIFECYCLE[event];
    if (level === undefined) return;
    this.#logger[level]({ event, ...summarize(payload) }, MESSAGES[event]?.(payload) ?? event);
  }

  #logError(payload: DeliveredPayload<'error.occurred'>): void {
    const { error, type, ...context } = payload;
    const err =
      error instanceof Error
        ? { name: error.name, message: error.message, stack: error.stack }
        : { message: String(error) };
    this.#logger.error({ event: 'error.occurred', type, err, ...summarize(context) }, `${type}: ${err.message}`);
  }
}

/** Drops bulky fields (statistics, raw objects) and keeps what a log line needs. */
function summarize(payload: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(payload)) {
    if (key === 'statistics' || key === 'caller') continue;
    if (key === 'partitions' && Array.isArray(value)) {
      result[key] = value.map((p: { topic: string; partition: number }) => `${p.topic}/${String(p.partition)}`);
      continue;
    }
    result[key] = value;
  }
  return result;
}
