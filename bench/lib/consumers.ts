/**
 * Runs each consumer contender against a topic and turns what it did into one measured run: Kafka's Java
 * ConsumerPerformance and kcat from the outside, the Node contenders through their result files. A run is ok
 * only when the contender exited cleanly and counted exactly the messages the topic holds.
 */
import { spawnSync } from 'node:child_process';
import type { ConsumerResult, ConsumerSpec } from '../contenders/common.js';
import { type ChildOutcome, type RssSample, type RunningChild, runChild, startNodeChild } from './child.js';
import { type BenchBroker, javaTool } from './broker.js';

/** Contender names, as the tables show them. */
export const CONTENDERS = {
  java: 'Java ConsumerPerformance',
  kcat: 'kcat',
  raw: 'raw kafka-javascript loop',
  rawDefaults: 'raw loop, librdkafka defaults',
  rawPacked: 'raw consumePacked loop',
  kafkajs: 'KafkaJS',
  karafka: 'karafka-ts (default)',
  karafkaTuned: 'karafka-ts (tuned)',
  karafkaPlain: 'karafka-ts (plain consume)',
} as const;

/** What one contender did in one case. */
export interface ConsumerRun {
  readonly contender: string;
  readonly ok: boolean;
  readonly reason?: string;
  readonly count: number;
  /** Messages per second from the first message to the last (Java: from the assignment, as it reports). */
  readonly msgPerSec: number | undefined;
  readonly wallMs: number;
  readonly cpuMs: number | undefined;
  readonly peakRssMb: number;
  /** Epoch ms of the spawn. */
  readonly startedAt: number;
  readonly firstAt: number | undefined;
  readonly lastAt: number | undefined;
  readonly rssSamples: readonly RssSample[];
  readonly result: ConsumerResult | undefined;
}

function describeExit(outcome: ChildOutcome<unknown>): string {
  if (outcome.timedOut) return `killed after ${(outcome.wallMs / 1000).toFixed(0)} s (time limit)`;
  const tail = (outcome.stderrTail.trim() || outcome.stdoutTail.trim()).split('\n').slice(-3).join(' / ');
  return `exit ${String(outcome.exitCode ?? outcome.signal)}${tail === '' ? '' : `: ${tail.slice(0, 300)}`}`;
}

function rate(count: number, firstAt: number | undefined, lastAt: number | undefined): number | undefined {
  if (firstAt === undefined || lastAt === undefined || lastAt <= firstAt || count < 2) return undefined;
  return ((count - 1) * 1000) / (lastAt - firstAt);
}

/** Runs a Node contender script (raw-consumer.ts, kafkajs-consumer.ts, karafka-consumer.ts) to its end. */
export async function runNodeConsumer(
  contender: string,
  script: string,
  spec: ConsumerSpec,
  timeoutMs: number,
  env?: Readonly<Record<string, string>>,
): Promise<ConsumerRun> {
  return measureNode(
    contender,
    startNodeChild<ConsumerResult>({ name: contender, script, spec, timeoutMs, ...(env === undefined ? {} : { env }) }),
    spec,
  );
}

/** Starts a Node contender; `measureNode` turns its end into a run. */
export function startNodeConsumer(
  contender: string,
  script: string,
  spec: ConsumerSpec,
  timeoutMs: number,
): RunningChild<ConsumerResult> {
  return startNodeChild<ConsumerResult>({ name: contender, script, spec, timeoutMs });
}

/** Waits for a started Node contender and checks what it reports. */
export async function measureNode(
  contender: string,
  child: RunningChild<ConsumerResult>,
  spec: ConsumerSpec,
): Promise<ConsumerRun> {
  const outcome = await child.done;
  const result = outcome.result;
  let reason: string | undefined;
  if (result === undefined) reason = `no result (${describeExit(outcome)})`;
  else if (!result.ok) reason = result.error ?? 'reported a failure';
  else if (outcome.exitCode !== 0) reason = describeExit(outcome);
  else if (spec.mode !== 'midbatch' && result.count !== spec.expected) {
    reason = `counted ${String(result.count)} of ${String(spec.expected)} messages`;
  }
  const count = result?.count ?? 0;
  return {
    contender,
    ok: reason === undefined,
    ...(reason === undefined ? {} : { reason }),
    count,
    msgPerSec: result === undefined ? undefined : rate(count, result.firstAt, result.lastAt),
    wallMs: outcome.wallMs,
    cpuMs: result?.cpuMs ?? outcome.cpuMs,
    peakRssMb: Math.max(outcome.peakRssMb, result?.maxRssMb ?? 0),
    startedAt: outcome.startedAt,
    firstAt: result?.firstAt,
    lastAt: result?.lastAt,
    rssSamples: outcome.rssSamples,
    result,
  };
}

/** Kafka's own Java consumer benchmark: the practical limit on this machine. */
export async function runJavaConsumer(
  broker: BenchBroker,
  topic: string,
  expected: number,
  timeoutMs: number,
): Promise<ConsumerRun> {
  const { command, args } = javaTool('org.apache.kafka.tools.ConsumerPerformance', [
    '--bootstrap-server',
    broker.bootstrap,
    '--topic',
    topic,
    '--num-records',
    String(expected),
    '--group',
    broker.name(`java-${topic.slice(-12)}-${String(Date.now() % 100000)}`),
    '--timeout',
    '30000',
  ]);
  const outcome = await runChild({ name: CONTENDERS.java, command, args, timeoutMs, exclusive: true });
  // start.time, end.time, MB, MB.sec, nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
  const line = outcome.stdoutTail
    .split('\n')
    .reverse()
    .find((l) => /^\d{4}-\d\d-\d\d .*, \d+, [\d.]+, \d+, \d+, [\d.]+, [\d.]+$/.test(l.trim()));
  const fields = line?.split(', ') ?? [];
  const count = Number(fields[4] ?? 0);
  const fetchRate = Number(fields[9] ?? NaN);
  let reason: string | undefined;
  if (outcome.exitCode !== 0) reason = describeExit(outcome);
  else if (line === undefined) reason = `no result line in its output: ${outcome.stdoutTail.slice(-300)}`;
  else if (/WARNING: Exiting before consuming/.test(outcome.stdoutTail)) reason = 'timed out before every message';
  else if (count !== expected) reason = `counted ${String(count)} of ${String(expected)} messages`;
  return {
    contender: CONTENDERS.java,
    ok: reason === undefined,
    ...(reason === undefined ? {} : { reason }),
    count,
    msgPerSec: Number.isFinite(fetchRate) ? fetchRate : undefined,
    wallMs: outcome.wallMs,
    cpuMs: outcome.cpuMs,
    peakRssMb: outcome.peakRssMb,
    startedAt: outcome.startedAt,
    firstAt: undefined,
    lastAt: undefined,
    rssSamples: outcome.rssSamples,
    result: undefined,
  };
}

let kcatCheck: { ok: true } | { ok: false; reason: string } | undefined;

function kcatPresent(): boolean {
  return spawnSync('kcat', ['-V'], { stdio: 'ignore' }).status === 0;
}

/** Makes sure kcat is installed: installs the Debian package when missing (root or sudo), or says why not. */
export function ensureKcat(log: (line: string) => void): { ok: true } | { ok: false; reason: string } {
  if (kcatCheck !== undefined) return kcatCheck;
  if (kcatPresent()) return (kcatCheck = { ok: true });
  const root = process.getuid?.() === 0;
  const sudo = !root && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
  if (!root && !sudo) {
    return (kcatCheck = { ok: false, reason: 'kcat is not installed and apt-get needs root (apt-get install kcat)' });
  }
  log('kcat is missing: installing the Debian package kcat...');
  const run = (args: string[]): number | null =>
    spawnSync(root ? args[0]! : 'sudo', root ? args.slice(1) : ['-n', ...args], {
      stdio: 'ignore',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    }).status;
  if (run(['apt-get', 'install', '-y', '-qq', 'kcat']) !== 0) {
    run(['apt-get', 'update', '-qq']);
    run(['apt-get', 'install', '-y', '-qq', 'kcat']);
  }
  kcatCheck = kcatPresent() ? { ok: true } : { ok: false, reason: 'apt-get install kcat failed' };
  return kcatCheck;
}

/** kcat (librdkafka in C) in a balanced consumer group, one empty line per message, counted here. */
export async function runKcat(
  broker: BenchBroker,
  topic: string,
  expected: number,
  timeoutMs: number,
  log: (line: string) => void,
): Promise<ConsumerRun> {
  const available = ensureKcat(log);
  if (!available.ok) {
    return {
      contender: CONTENDERS.kcat,
      ok: false,
      reason: available.reason,
      count: 0,
      msgPerSec: undefined,
      wallMs: 0,
      cpuMs: undefined,
      peakRssMb: 0,
      startedAt: Date.now(),
      firstAt: undefined,
      lastAt: undefined,
      rssSamples: [],
      result: undefined,
    };
  }
  let count = 0;
  let firstAt: number | undefined;
  let lastAt: number | undefined;
  const outcome = await runChild({
    name: CONTENDERS.kcat,
    command: 'kcat',
    args: [
      '-C',
      '-b',
      broker.bootstrap,
      '-G',
      broker.name(`kcat-${topic.slice(-12)}-${String(Date.now() % 100000)}`),
      '-X',
      'auto.offset.reset=earliest',
      '-c',
      String(expected),
      '-e',
      '-q',
      '-f',
      '\\n',
      topic,
    ],
    timeoutMs,
    exclusive: true,
    onStdout: (chunk, at) => {
      let lines = 0;
      for (const byte of chunk) if (byte === 10) lines += 1;
      if (lines === 0) return;
      firstAt ??= at;
      lastAt = at;
      count += lines;
    },
  });
  let reason: string | undefined;
  if (outcome.exitCode !== 0) reason = describeExit(outcome);
  else if (count !== expected) reason = `counted ${String(count)} of ${String(expected)} messages`;
  return {
    contender: CONTENDERS.kcat,
    ok: reason === undefined,
    ...(reason === undefined ? {} : { reason }),
    count,
    msgPerSec: rate(count, firstAt, lastAt),
    wallMs: outcome.wallMs,
    cpuMs: outcome.cpuMs,
    peakRssMb: outcome.peakRssMb,
    startedAt: outcome.startedAt,
    firstAt,
    lastAt,
    rssSamples: outcome.rssSamples,
    result: undefined,
  };
}
