/**
 * The ceiling of the IO-bound scenario without Kafka: min(concurrency, partitions) lanes, each awaiting a
 * `ioMs` timer per message in sequence (per-partition order allows no more), for the same number of messages.
 * Node timers take a little longer than asked, so even this is below concurrency x 1000 messages/s.
 */
import { type ConsumerSpec, Tally, now, pause, readSpec, runContender } from './common.js';

const spec = readSpec<ConsumerSpec>();
const tally = new Tally(spec.expected);
const clientStartedAt = now();

await runContender(
  async () => {
    const lanes = Math.min(spec.concurrency ?? 1, spec.partitions ?? Infinity);
    const perLane = Array.from(
      { length: lanes },
      (_, i) => Math.floor(spec.expected / lanes) + (i < spec.expected % lanes ? 1 : 0),
    );
    await Promise.all(
      perLane.map(async (messages) => {
        for (let i = 0; i < messages; i += 1) {
          await pause(spec.ioMs ?? 1);
          tally.add(1);
        }
      }),
    );
    return {
      ok: true,
      count: tally.count,
      clientStartedAt,
      firstAt: tally.firstAt,
      lastAt: tally.lastAt,
      figures: { lanes },
    };
  },
  () => ({ count: tally.count, clientStartedAt, firstAt: tally.firstAt, lastAt: tally.lastAt }),
);
