/**
 * How big each scenario is. The full sizes are the issue's; `--quick` shrinks everything for development, and
 * BENCH_SCALE (a factor, e.g. 0.2) scales message counts and durations of either.
 */

/** Sizes of every scenario. */
export interface Sizes {
  readonly throughput: {
    /** Messages of the 100-byte cases. */
    readonly small: number;
    /** Messages of the 1 KB case. */
    readonly large: number;
  };
  readonly io: {
    /** Target duration of one run at the ideal rate, s (sets the message count of each level). */
    readonly seconds: number;
    readonly levels: readonly number[];
    readonly partitions: number;
    /** Extra levels run on a topic with as many partitions as the level (no partition ceiling). */
    readonly wideLevels: readonly number[];
  };
  readonly ioVirtual: {
    /** Target duration of one run at the ideal rate, s (sets the message count). */
    readonly seconds: number;
    readonly concurrency: number;
    /** Partition counts of the topics (one case each). */
    readonly partitions: readonly number[];
  };
  readonly latency: {
    readonly rate: number;
    /** Production time per contender, split into `rounds` interleaved rounds. */
    readonly seconds: number;
    readonly rounds: number;
    readonly partitions: number;
  };
  readonly memory: { readonly messages: number; readonly partitions: number };
  readonly lifecycle: { readonly messages: number; readonly repeats: number; readonly batchSleepMs: number };
  readonly producer: { readonly messages: number; readonly batch: number };
  readonly swarm: { readonly messages: number; readonly hashRounds: number; readonly partitions: number };
}

const FULL: Sizes = {
  throughput: { small: 1_000_000, large: 200_000 },
  io: { seconds: 3, levels: [1, 5, 10, 20, 50], partitions: 10, wideLevels: [50] },
  ioVirtual: { seconds: 5, concurrency: 50, partitions: [1, 10] },
  latency: { rate: 5_000, seconds: 30, rounds: 3, partitions: 10 },
  memory: { messages: 5_000_000, partitions: 10 },
  lifecycle: { messages: 1_000, repeats: 2, batchSleepMs: 1_000 },
  producer: { messages: 500_000, batch: 1_000 },
  swarm: { messages: 40_000, hashRounds: 100, partitions: 10 },
};

const QUICK: Sizes = {
  throughput: { small: 50_000, large: 10_000 },
  io: { seconds: 1, levels: [1, 10, 50], partitions: 10, wideLevels: [50] },
  ioVirtual: { seconds: 2, concurrency: 50, partitions: [1, 10] },
  latency: { rate: 1_000, seconds: 5, rounds: 1, partitions: 10 },
  memory: { messages: 200_000, partitions: 10 },
  lifecycle: { messages: 200, repeats: 1, batchSleepMs: 1_000 },
  producer: { messages: 50_000, batch: 1_000 },
  swarm: { messages: 5_000, hashRounds: 100, partitions: 10 },
};

/** The sizes of a run. */
export function sizesFor(quick: boolean, scale: number): Sizes {
  const base = quick ? QUICK : FULL;
  if (scale === 1) return base;
  const n = (value: number): number => Math.max(10, Math.round(value * scale));
  return {
    throughput: { small: n(base.throughput.small), large: n(base.throughput.large) },
    io: { ...base.io, seconds: Math.max(0.5, base.io.seconds * scale) },
    ioVirtual: { ...base.ioVirtual, seconds: Math.max(0.5, base.ioVirtual.seconds * scale) },
    latency: { ...base.latency, seconds: Math.max(2, Math.round(base.latency.seconds * scale)) },
    memory: { ...base.memory, messages: n(base.memory.messages) },
    lifecycle: base.lifecycle,
    producer: { ...base.producer, messages: n(base.producer.messages) },
    swarm: { ...base.swarm, messages: n(base.swarm.messages) },
  };
}
