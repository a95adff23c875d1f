/**
 * Event-loop health. Node runs every consumer, every poll and every rebalance callback on one thread: a
 * CPU-bound `consume()` holds all of them up. This monitor measures the loop's delay continuously (Node's
 * `monitorEventLoopDelay` histogram), publishes it every `reportInterval` as `process.event_loop.delay`, and
 * publishes `process.event_loop.blocked` (logged as a warning) whenever the loop was held longer than
 * `blockThreshold`, naming the consumptions that ran meanwhile.
 */
import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { ConsumptionTracker } from './consumption-tracker.js';
import type { Monitor } from './monitor.js';

/** Event-loop delay over a window, in ms. */
export interface EventLoopDelay {
  readonly min: number;
  readonly mean: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** Length of the window the figures cover. */
  readonly windowMs: number;
}

/** Payload of `process.event_loop.blocked`. */
export interface EventLoopBlockedPayload {
  /** How long the loop could not run anything. */
  readonly blockedMs: number;
  /** The limit that was passed. */
  readonly thresholdMs: number;
  /** The consumptions that ran while it was blocked (the suspects). */
  readonly consumptions: readonly string[];
}

declare module './events.js' {
  interface EventPayloads {
    /** Event-loop delay over the last `reportInterval`. */
    'process.event_loop.delay': EventLoopDelay;
    /** The event loop was held longer than the block threshold. */
    'process.event_loop.blocked': EventLoopBlockedPayload;
  }
}

/** Options of an EventLoopMonitor (ms). */
export interface EventLoopMonitorOptions {
  /** How often `process.event_loop.delay` is published (default 5 000; 0: never). */
  readonly reportInterval?: number;
  /** A block this long is published as `process.event_loop.blocked` (default 15 000). */
  readonly blockThreshold?: number;
}

/** How often the monitor checks for blocks, at most (a block shows as a late tick). */
const MAX_TICK_MS = 250;
/** Histogram resolution (Node's default is 10 ms). */
const RESOLUTION_MS = 10;

const toMs = (nanoseconds: number): number => Math.round(nanoseconds / 1e4) / 100;

/** Measures the event loop of this process and reports through a monitor. */
export class EventLoopMonitor {
  /** Publishing period of `process.event_loop.delay`, in ms (0: never). */
  readonly reportInterval: number;
  /** Blocks at least this long are published, in ms. */
  readonly blockThreshold: number;
  readonly #monitor: Monitor;
  readonly #consumptions = new ConsumptionTracker();
  #histogram: IntervalHistogram | undefined;
  #windowStart = 0;
  #timers: NodeJS.Timeout[] = [];
  #detach: (() => void) | undefined;
  #lastTick = 0;
  #suspects: string[] = [];

  /** @param monitor where the events go */
  constructor(monitor: Monitor, options: EventLoopMonitorOptions = {}) {
    this.#monitor = monitor;
    this.reportInterval = options.reportInterval ?? 5_000;
    this.blockThreshold = options.blockThreshold ?? 15_000;
  }

  /** Starts measuring (again a no-op while running). Its timers never keep the process alive. */
  start(): void {
    if (this.#histogram !== undefined) return;
    this.#histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    this.#histogram.enable();
    this.#windowStart = Date.now();
    this.#detach = this.#consumptions.attach(this.#monitor);
    const tick = Math.max(1, Math.min(MAX_TICK_MS, Math.floor(this.blockThreshold / 4)));
    this.#lastTick = performance.now();
    this.#timers.push(setInterval(() => this.#tick(tick), tick).unref());
    if (this.reportInterval > 0) {
      this.#timers.push(setInterval(() => this.#report(), this.reportInterval).unref());
    }
  }

  /** Stops measuring. */
  stop(): void {
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers = [];
    this.#detach?.();
    this.#detach = undefined;
    this.#histogram?.disable();
    this.#histogram = undefined;
  }

  /** The delay since the last report (or start); zeros when not running. */
  snapshot(): EventLoopDelay {
    const h = this.#histogram;
    if (h === undefined || h.count === 0) return { min: 0, mean: 0, p50: 0, p99: 0, max: 0, windowMs: 0 };
    return {
      min: toMs(h.min),
      mean: toMs(h.mean),
      p50: toMs(h.percentile(50)),
      p99: toMs(h.percentile(99)),
      max: toMs(h.max),
      windowMs: Date.now() - this.#windowStart,
    };
  }

  #report(): void {
    const delay = this.snapshot();
    this.#histogram?.reset();
    this.#windowStart = Date.now();
    this.#monitor.instrument('process.event_loop.delay', delay);
  }

  /**
   * A tick that comes late by more than the threshold means the loop was held that long. What ran meanwhile:
   * consumptions running at the previous tick, started since, or finished since.
   */
  #tick(tickMs: number): void {
    const now = performance.now();
    const late = now - this.#lastTick - tickMs;
    this.#lastTick = now;
    const suspects = new Set([
      ...this.#suspects,
      ...this.#consumptions.takeFinished().map((c) => c.description),
      ...this.#consumptions.running().map((c) => c.description),
    ]);
    this.#suspects = this.#consumptions.running().map((c) => c.description);
    if (late < this.blockThreshold) return;
    this.#monitor.instrument('process.event_loop.blocked', {
      blockedMs: Math.round(late),
      thresholdMs: this.blockThreshold,
      consumptions: [...suspects],
    });
  }
}
