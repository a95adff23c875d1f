/**
 * Scenario 7, swarm: a CPU-bound consumer (hashing every payload) in one standalone process against
 * `karafka swarm` with 2 node processes. Swarm mode is reported as not available while the tree has none.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ConsumerSpec } from '../contenders/common.js';
import { startChild } from '../lib/child.js';
import { measureNode, startNodeConsumer } from '../lib/consumers.js';
import type { GoalCheck, Row } from '../lib/report.js';
import { type BenchContext, type Scenario, failedRow } from '../lib/scenario.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const STANDALONE = 'karafka-ts, 1 standalone process';
const SWARM = 'karafka-ts swarm, 2 nodes';
const NODES = 2;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Whether `karafka swarm` can run here: in the tree, and built into dist/ (built now if stale). */
function swarmAvailability(
  log: (line: string) => void,
): { ok: true } | { ok: false; status: 'failed' | 'not available'; reason: string } {
  const command = path.join(repoRoot, 'src', 'cli', 'swarm-command.ts');
  const main = path.join(repoRoot, 'src', 'cli', 'main.ts');
  if (!existsSync(command) || !readFileSync(main, 'utf8').includes('registerSwarmCommand')) {
    return { ok: false, status: 'not available', reason: 'swarm mode (`karafka swarm`) is not in the tree yet' };
  }
  const built = path.join(repoRoot, 'dist', 'cli', 'swarm-command.js');
  if (!existsSync(built) || statSync(built).mtimeMs < newestMtime(path.join(repoRoot, 'src'))) {
    log('swarm: dist/ is older than src/: building it (npm run build)');
    const build = spawnSync('npx', ['--no-install', 'tsc', '-p', 'tsconfig.build.json'], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 300_000,
    });
    if (build.status !== 0 || !existsSync(built)) {
      return {
        ok: false,
        status: 'failed',
        reason: `building dist/ for \`karafka swarm\` failed: ${`${build.stdout}${build.stderr}`.trim().split('\n').slice(0, 2).join(' / ')}`,
      };
    }
  }
  return { ok: true };
}

interface Progress {
  /** Nodes that have partitions assigned. */
  readonly ready: number;
  /** Messages processed by every node together. */
  readonly total: number;
  /** Messages per second while every node was consuming (from the last node's first batch on). */
  readonly msgPerSec: number | undefined;
  readonly nodes: number;
}

/** Reads the progress lines of every node (pid, count, first ms, now ms). */
function readProgress(file: string): Progress {
  const byPid = new Map<string, { count: number; at: number }[]>();
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const ready = new Set<string>();
  for (const line of text.split('\n')) {
    if (line.startsWith('READY ')) {
      ready.add(line.split(' ')[1] ?? '');
      continue;
    }
    const [pid, count, , at] = line.split(' ');
    if (pid === undefined || at === undefined) continue;
    const list = byPid.get(pid) ?? [];
    list.push({ count: Number(count), at: Number(at) });
    byPid.set(pid, list);
  }
  const lists = [...byPid.values()];
  const total = lists.reduce((sum, list) => sum + (list.at(-1)?.count ?? 0), 0);
  if (lists.length < NODES) return { ready: ready.size, total, msgPerSec: undefined, nodes: lists.length };
  // The window where every node works: from the latest first batch to the last batch of any node.
  const from = Math.max(...lists.map((list) => list[0]!.at));
  const to = Math.max(...lists.map((list) => list.at(-1)!.at));
  const doneBefore = lists.reduce((sum, list) => sum + (list.filter((p) => p.at <= from).at(-1)?.count ?? 0), 0);
  return {
    ready: ready.size,
    total,
    msgPerSec: to > from ? ((total - doneBefore) * 1000) / (to - from) : undefined,
    nodes: lists.length,
  };
}

async function runSwarm(context: BenchContext, topic: string, expected: number, caseName: string): Promise<Row> {
  const { broker, log, sizes } = context;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'karafka-bench-swarm-'));
  const progressFile = path.join(dir, 'progress');
  // What a user's project looks like to tsx (which reads the tsconfig of the working directory): no path
  // mapping, so the config's `karafka-ts` is the built package the CLI itself runs.
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { target: 'ES2023', module: 'NodeNext', moduleResolution: 'NodeNext' } }),
  );
  const group = broker.name('swarm-nodes');
  const child = startChild({
    name: SWARM,
    command: process.execPath,
    args: [
      path.join(repoRoot, 'bin', 'karafka.cjs'),
      'swarm',
      '--config',
      path.join(repoRoot, 'bench', 'contenders', 'cpu-app.config.ts'),
    ],
    env: {
      BENCH_SPEC: JSON.stringify({
        bootstrap: broker.bootstrap,
        topic,
        group,
        hashRounds: sizes.swarm.hashRounds,
        nodes: NODES,
      }),
      BENCH_PROGRESS: progressFile,
    },
    cwd: dir,
    timeoutMs: 60_000 + expected * 2,
    exclusive: true,
  });
  let exitedEarly = false;
  void child.done.then(() => {
    exitedEarly = true;
  });
  // Both nodes join first (an empty topic), then the backlog arrives: both work from the first message.
  const joinDeadline = Date.now() + 60_000;
  while (!exitedEarly && readProgress(progressFile).ready < NODES && Date.now() < joinDeadline) await sleep(200);
  if (!exitedEarly && readProgress(progressFile).ready >= NODES) {
    await sleep(3_000);
    await broker.fillEvenly(topic, expected, 100, sizes.swarm.partitions);
    while (!exitedEarly && readProgress(progressFile).total < expected) await sleep(200);
  }
  const progress = readProgress(progressFile);
  child.kill('SIGTERM');
  const outcome = await child.done;
  rmSync(dir, { recursive: true, force: true });
  if (progress.ready < NODES) {
    return failedRow(caseName, SWARM, `only ${String(progress.ready)} of ${String(NODES)} nodes joined within 60 s`);
  }
  if (progress.total < expected) {
    const tail = (outcome.stderrTail || outcome.stdoutTail).trim().split('\n').slice(-2).join(' / ');
    return failedRow(
      caseName,
      SWARM,
      `processed ${String(progress.total)} of ${String(expected)}; exit ${String(outcome.exitCode ?? outcome.signal)}: ${tail.slice(0, 300)}`,
    );
  }
  if (progress.nodes < NODES || progress.msgPerSec === undefined) {
    return failedRow(caseName, SWARM, `only ${String(progress.nodes)} node(s) consumed`);
  }
  const left = await broker.uncommitted(group, topic);
  if (left !== 0) return failedRow(caseName, SWARM, `${String(left)} messages not committed after the stop`);
  log(`  ${Math.round(progress.msgPerSec).toLocaleString('en-US')} msg/s`);
  return {
    case: caseName,
    contender: SWARM,
    status: 'ok',
    values: {
      msgPerSec: progress.msgPerSec,
      cpuS: outcome.cpuMs === undefined ? undefined : outcome.cpuMs / 1000,
      duplicates: progress.total - expected,
      wallS: outcome.wallMs / 1000,
    },
  };
}

/** The swarm scenario. */
export const swarm: Scenario = {
  id: 'swarm',
  title: 'Swarm: CPU-bound consumer, 1 process vs 2 nodes',
  async run(context) {
    const started = Date.now();
    const { broker, log, sizes } = context;
    const { messages, hashRounds, partitions } = sizes.swarm;
    const caseName = `${messages.toLocaleString('en-US')} × 100 B, ${String(partitions)} partitions, ${String(hashRounds)} SHA-256 rounds each`;
    const rows: Row[] = [];
    log(`swarm: ${STANDALONE}`);
    const standaloneTopic = await broker.createTopic('swarm-standalone', partitions);
    const spec: ConsumerSpec = {
      bootstrap: broker.bootstrap,
      topic: standaloneTopic,
      group: broker.name('swarm-standalone'),
      expected: messages,
      mode: 'cpu',
      hashRounds,
      deadlineMs: 55_000 + messages * 2,
    };
    const child = startNodeConsumer(STANDALONE, 'karafka-consumer.ts', spec, 60_000 + messages * 2);
    // As for the swarm: join first, then the backlog arrives.
    if (
      await child.ready.then(
        () => true,
        () => false,
      )
    ) {
      await sleep(1_000);
      await broker.fillEvenly(standaloneTopic, messages, 100, partitions);
    }
    const standalone = await measureNode(STANDALONE, child, spec);
    await broker.deleteTopic(standaloneTopic);
    if (standalone.ok && standalone.msgPerSec !== undefined) {
      log(`  ${Math.round(standalone.msgPerSec).toLocaleString('en-US')} msg/s`);
      rows.push({
        case: caseName,
        contender: STANDALONE,
        status: 'ok',
        values: {
          msgPerSec: standalone.msgPerSec,
          cpuS: standalone.cpuMs === undefined ? undefined : standalone.cpuMs / 1000,
          duplicates: 0,
          wallS: standalone.wallMs / 1000,
        },
      });
    } else {
      rows.push(failedRow(caseName, STANDALONE, standalone.reason ?? 'failed'));
    }
    log(`swarm: ${SWARM}`);
    const available = swarmAvailability(log);
    if (available.ok) {
      const topic = await broker.createTopic('swarm-nodes', partitions);
      rows.push(await runSwarm(context, topic, messages, caseName));
      await broker.deleteTopic(topic);
    } else {
      rows.push(failedRow(caseName, SWARM, available.reason, available.status));
    }
    return [
      {
        id: 'swarm',
        title: this.title,
        description:
          'Every message is hashed with SHA-256 repeatedly (CPU-bound); default settings. The standalone process ' +
          'runs embedded; the swarm runs `karafka swarm` (a supervisor and 2 node processes, the built CLI) with ' +
          'the same consumer. Swarm msg/s counts the window in which both nodes consumed; every message was ' +
          'processed and committed (checked). CPU s is all processes together.',
        columns: [
          { key: 'msgPerSec', title: 'msg/s' },
          { key: 'cpuS', title: 'CPU s', digits: 1 },
          { key: 'duplicates', title: 'processed twice', digits: 0 },
          { key: 'wallS', title: 'wall s', digits: 1 },
        ],
        ratios: [{ title: 'vs standalone', metric: 'msgPerSec', reference: STANDALONE }],
        rows,
        notes: [],
        durationMs: Date.now() - started,
      },
    ];
  },
  goals(reports): GoalCheck[] {
    const report = reports.find((r) => r.id === 'swarm');
    const row = report?.rows.find((r) => r.contender === SWARM);
    const base = report?.rows.find((r) => r.contender === STANDALONE);
    if (row === undefined || base === undefined) return [];
    const goal = 'a swarm of 2 nodes processes clearly more than one standalone process (CPU-bound)';
    if (row.status !== 'ok' || base.status !== 'ok') {
      return [
        {
          goal,
          holds: undefined,
          detail: `${row.status === 'ok' ? STANDALONE : SWARM}: ${row.status === 'ok' ? (base.reason ?? '') : (row.reason ?? '')}`,
        },
      ];
    }
    const ratio = (row.values.msgPerSec ?? 0) / (base.values.msgPerSec ?? 1);
    return [
      {
        goal,
        holds: ratio >= 1.3,
        detail: `swarm / standalone = ${ratio.toFixed(2)}× on ${String(os.cpus().length)} cores.`,
      },
    ];
  },
};
