/**
 * The app of the swarm scenario, as a config file for `karafka swarm --config` (every node loads it itself).
 * Its consumer hashes every payload `hashRounds` times (CPU-bound work) and appends one progress line per batch
 * to BENCH_PROGRESS: `<pid> <messages so far> <first message ms> <now ms>`, read by the bench, and a line
 * `READY <pid> <partitions>` whenever partitions are assigned.
 */
import { appendFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { App, BaseConsumer } from 'karafka-ts';

interface CpuSpec {
  readonly bootstrap: string;
  readonly topic: string;
  readonly group: string;
  readonly hashRounds: number;
  readonly nodes: number;
}

const spec = JSON.parse(process.env.BENCH_SPEC ?? '{}') as CpuSpec;
const progressFile = process.env.BENCH_PROGRESS ?? '/dev/null';
let count = 0;
let firstAt = 0;

class HashingConsumer extends BaseConsumer {
  consume(): void {
    let mix = 0;
    for (const message of this.messages) {
      let data = message.rawPayload ?? Buffer.alloc(0);
      for (let round = 0; round < spec.hashRounds; round += 1) data = createHash('sha256').update(data).digest();
      mix ^= data[0] ?? 0;
    }
    count += this.messages.length;
    const at = Date.now();
    if (firstAt === 0) firstAt = at;
    appendFileSync(
      progressFile,
      `${String(process.pid)} ${String(count)} ${String(firstAt)} ${String(at)} ${String(mix)}\n`,
    );
  }
}

// `swarm` is added untyped so this file also type-checks against a tree without swarm mode.
const swarm: Record<string, unknown> = { swarm: { nodes: spec.nodes } };
const app = new App({
  clientId: 'bench-swarm',
  groupId: spec.group,
  kafka: { 'bootstrap.servers': spec.bootstrap },
  logLevel: 'warn',
  ...swarm,
});
app.routes.draw((routes) => routes.topic(spec.topic, { consumer: HashingConsumer }));
app.monitor.subscribe('rebalance.partitions_assigned', (payload) => {
  appendFileSync(progressFile, `READY ${String(process.pid)} ${String(payload.partitions.length)}\n`);
});

export default app;
