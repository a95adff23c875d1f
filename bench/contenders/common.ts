/**
 * What every Node contender script shares: its spec (from BENCH_SPEC), counting, latency percentiles, and the
 * JSON result file (BENCH_RESULT) the parent reads back.
 */
import { writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { READY_LINE } from '../lib/child.js';

/** What a consumer contender is asked to do. */
export type ConsumerMode =
  /** Count every message and do nothing else. */
  | 'noop'
  /** Await `ioMs` per message (a timer standing for IO), `concurrency` partitions at once. */
  | 'io'
  /** Record, per message, the time from its timestamp to its consumption. */
  | 'latency'
  /** Await `batchSleepMs` per batch while draining a backlog (memory is sampled by the parent). */
  | 'memory'
  /** Time to the first message, then drain, then time to stop when idle. */
  | 'startup'
  /** Stop while `partitions` batches are running (each sleeps `batchSleepMs`). */
  | 'midbatch'
  /** Hash every payload `hashRounds` times (CPU-bound work). */
  | 'cpu';

/** The spec of a consumer contender. */
export interface ConsumerSpec {
  readonly bootstrap: string;
  readonly topic: string;
  readonly group: string;
  /** Messages the topic holds (or will receive): the contender stops after exactly this many. */
  readonly expected: number;
  readonly mode: ConsumerMode;
  /** Contender variant (karafka-ts: 'default' or 'tuned'). */
  readonly variant?: string;
  readonly concurrency?: number;
  readonly ioMs?: number;
  readonly batchSleepMs?: number;
  readonly hashRounds?: number;
  /** Messages per `consume(n)` call of the raw loop (default 1000). */
  readonly rawBatch?: number;
  /**
   * The raw loop with librdkafka's defaults only. Otherwise it gets the fetch settings karafka-ts changes
   * (`queued.min.messages` 20 000, `fetch.queue.backoff.ms` 5), so that the comparison measures the framework
   * rather than those settings.
   */
  readonly rawLibraryDefaults?: boolean;
  /**
   * The raw loop on the client fork's `consumePacked(n)` (a batch in one native call, as one buffer) instead of
   * `consume(n)`; messages are counted from the batch, never built.
   */
  readonly rawPacked?: boolean;
  /** Partitions of the topic (midbatch waits for this many running batches). */
  readonly partitions?: number;
  /**
   * karafka-ts: the route gets virtual partitions with this `maxPartitions` (and `maxMessages`, when given); the
   * app gets `maxBufferedMessages`, when given.
   */
  readonly virtualPartitions?: {
    readonly maxPartitions: number;
    readonly maxMessages?: number;
    readonly maxBufferedMessages?: number;
  };
  /** The contender gives up (and reports a failure with its count) after this long. */
  readonly deadlineMs: number;
}

/** What a consumer contender reports. */
export interface ConsumerResult {
  readonly ok: boolean;
  readonly error?: string;
  readonly count: number;
  /** Epoch ms of `performance.timeOrigin` (about when the process started). */
  readonly processStartedAt: number;
  /** Epoch ms when the script started its client (after modules loaded). */
  readonly clientStartedAt: number;
  readonly firstAt: number;
  readonly lastAt: number;
  readonly cpuMs: number;
  readonly maxRssMb: number;
  /** Extra figures of the mode (latency percentiles, stop times, ...). */
  readonly figures: Record<string, number>;
  /** Settings the contender ran with, for the report. */
  readonly settings?: Record<string, unknown>;
  /** Every latency recorded (ms, 0.1 ms precision), so runs can be merged. */
  readonly latencies?: number[];
}

/** The spec handed over in BENCH_SPEC. */
export function readSpec<T>(): T {
  const raw = process.env.BENCH_SPEC;
  if (raw === undefined) throw new Error('BENCH_SPEC is not set: contender scripts are started by bench/run.ts');
  return JSON.parse(raw) as T;
}

/** Epoch ms with sub-ms precision. */
export function now(): number {
  return performance.timeOrigin + performance.now();
}

/** Every tally of this process; the first is the one the result's steady rate comes from. */
const tallies: Tally[] = [];

/**
 * Counts messages and remembers when the first and the last arrived, and when 10 % and 90 % of the expected
 * messages were reached (the steady part of a run, without the ramp-up and the tail).
 */
export class Tally {
  count = 0;
  firstAt = 0;
  lastAt = 0;
  #tenthAt = 0;
  #tenthCount = 0;
  #ninetiethAt = 0;
  #ninetiethCount = 0;
  readonly #expected: number;
  readonly #done: Promise<void>;
  #resolve: () => void = () => undefined;

  /** @param expected resolves `done` once this many were counted */
  constructor(expected: number) {
    this.#expected = expected;
    this.#done = new Promise((resolve) => {
      this.#resolve = resolve;
    });
    tallies.push(this);
  }

  /** Counts `n` messages that arrived now. */
  add(n: number): void {
    if (n === 0) return;
    const at = now();
    if (this.count === 0) this.firstAt = at;
    this.count += n;
    this.lastAt = at;
    if (this.#tenthAt === 0 && this.count >= this.#expected * 0.1) {
      this.#tenthAt = at;
      this.#tenthCount = this.count;
    }
    if (this.#ninetiethAt === 0 && this.count >= this.#expected * 0.9) {
      this.#ninetiethAt = at;
      this.#ninetiethCount = this.count;
    }
    if (this.count >= this.#expected) this.#resolve();
  }

  /** Messages per second from 10 % to 90 % of the expected messages (undefined until 90 % were counted). */
  get steadyRate(): number | undefined {
    if (this.#ninetiethAt <= this.#tenthAt) return undefined;
    return ((this.#ninetiethCount - this.#tenthCount) * 1000) / (this.#ninetiethAt - this.#tenthAt);
  }

  /** True once every expected message was counted. */
  get complete(): boolean {
    return this.count >= this.#expected;
  }

  /** Resolves once every expected message was counted. */
  get done(): Promise<void> {
    return this.#done;
  }
}

/** Every latency recorder of this process (their samples go into the result). */
const recorders: LatencyRecorder[] = [];

/** p50, p99 and max of sorted values, in ms (NaN when empty). */
export function percentiles(sorted: ArrayLike<number>): { p50: number; p99: number; max: number; samples: number } {
  const at = (q: number): number =>
    sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return {
    p50: at(0.5),
    p99: at(0.99),
    max: sorted.length === 0 ? NaN : sorted[sorted.length - 1]!,
    samples: sorted.length,
  };
}

/** Latencies in ms, with percentiles. */
export class LatencyRecorder {
  #values: Float64Array;
  #size = 0;

  /** @param capacity expected number of values (grows if needed) */
  constructor(capacity: number) {
    this.#values = new Float64Array(Math.max(16, capacity));
    recorders.push(this);
  }

  /** The recorded values, rounded to 0.1 ms. */
  values(): number[] {
    return Array.from(this.#values.subarray(0, this.#size), (v) => Math.round(v * 10) / 10);
  }

  /** Records one latency. */
  record(ms: number): void {
    if (this.#size === this.#values.length) {
      const bigger = new Float64Array(this.#values.length * 2);
      bigger.set(this.#values);
      this.#values = bigger;
    }
    this.#values[this.#size] = ms;
    this.#size += 1;
  }

  /** p50, p99 and max, in ms (NaN when empty). */
  summary(): { p50: number; p99: number; max: number; samples: number } {
    return percentiles(this.#values.slice(0, this.#size).sort());
  }
}

/** Tells the parent that this contender is subscribed and has its partitions. */
export function signalReady(): void {
  process.stdout.write(`${READY_LINE}\n`);
}

/** Resolves after `ms`. */
export function pause(ms: number): Promise<void> {
  return sleep(ms);
}

/** Rejects after `ms` with a message built at that time (for the contender's own deadline). */
export function deadline(ms: number, message: () => string): { promise: Promise<never>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message())), ms);
  });
  promise.catch(() => undefined);
  return { promise, cancel: () => clearTimeout(timer) };
}

/** Writes the result file and exits (0 when ok). */
export function finish(
  result: Omit<ConsumerResult, 'cpuMs' | 'maxRssMb' | 'processStartedAt'> & { processStartedAt?: number },
): never {
  const cpu = process.cpuUsage();
  const steady = tallies[0]?.steadyRate;
  const latencies = recorders.flatMap((r) => r.values());
  const full: ConsumerResult = {
    processStartedAt: performance.timeOrigin,
    ...result,
    figures: { ...result.figures, ...(steady === undefined ? {} : { steadyMsgPerSec: steady }) },
    ...(latencies.length === 0 ? {} : { latencies }),
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
  const file = process.env.BENCH_RESULT;
  if (file !== undefined) writeFileSync(file, JSON.stringify(full));
  process.exit(result.ok ? 0 : 1);
}

/** Runs a contender: any error becomes a failed result with the count reached so far. */
export async function runContender(
  main: () => Promise<Omit<ConsumerResult, 'cpuMs' | 'maxRssMb' | 'processStartedAt'>>,
  progress: () => { count: number; clientStartedAt: number; firstAt: number; lastAt: number },
): Promise<never> {
  try {
    return finish(await main());
  } catch (error) {
    return finish({
      ok: false,
      error: error instanceof Error ? error.message : String(error),
      ...progress(),
      figures: {},
    });
  }
}
