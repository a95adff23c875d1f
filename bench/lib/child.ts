/**
 * Runs one contender as a child process and measures it from the outside: wall time, CPU time, resident
 * memory over time (sampled from /proc) and its high-water mark. Node contenders also write a JSON result
 * file (counts, timings, their own CPU and memory figures), read back here.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuMsOf, memoryOf, reapedChildrenCpuMs } from './proc.js';

/** Line a child prints once it is subscribed and assigned (for scenarios that wait for every consumer). */
export const READY_LINE = '@@READY';

const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** One sample of a child's resident memory. */
export interface RssSample {
  /** ms since the child was spawned. */
  readonly t: number;
  readonly mb: number;
}

/** What the parent saw of one child. */
export interface ChildOutcome<R> {
  readonly name: string;
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  /** Epoch ms of the spawn. */
  readonly startedAt: number;
  readonly wallMs: number;
  /** CPU time from /proc: the reaped-children delta when `exclusive`, else the last sample. */
  readonly cpuMs: number | undefined;
  /** Resident memory high-water mark (VmHWM), MB. */
  readonly peakRssMb: number;
  readonly rssSamples: readonly RssSample[];
  readonly stdoutTail: string;
  readonly stderrTail: string;
  /** The JSON result file written by a Node contender, if any. */
  readonly result: R | undefined;
}

/** How to run one child. */
export interface ChildOptions {
  /** Contender name, for messages. */
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Working directory (default: this process's). */
  readonly cwd?: string;
  /** Killed (SIGKILL) after this long. */
  readonly timeoutMs: number;
  /** Called for every chunk of standard output with its arrival time (epoch ms). */
  readonly onStdout?: (chunk: Buffer, at: number) => void;
  /** True when no other child ends while this one runs, so its CPU time can be read exactly. */
  readonly exclusive?: boolean;
  /** Memory sampling period, ms (default 100). */
  readonly sampleMs?: number;
}

/** A child that runs. */
export interface RunningChild<R> {
  readonly pid: number;
  /** Resolves when the child printed `READY_LINE`; rejects if it ended first. */
  readonly ready: Promise<void>;
  readonly done: Promise<ChildOutcome<R>>;
  /** Sends a signal (default SIGTERM). */
  kill(signal?: NodeJS.Signals): void;
}

const running = new Set<RunningChild<unknown>>();

/** Kills every child still running (used when the bench is interrupted). */
export function killAllChildren(): void {
  for (const child of running) child.kill('SIGKILL');
}

const TAIL_BYTES = 4096;

function appendTail(tail: string, chunk: Buffer): string {
  const text = tail + chunk.toString('utf8');
  return text.length > TAIL_BYTES ? text.slice(-TAIL_BYTES) : text;
}

/** Starts a child; `done` resolves (never rejects) with what was measured. */
export function startChild<R>(options: ChildOptions): RunningChild<R> {
  const resultDir = mkdtempSync(path.join(os.tmpdir(), 'karafka-bench-'));
  const resultFile = path.join(resultDir, 'result.json');
  const cpuBefore = reapedChildrenCpuMs();
  const startedAt = Date.now();
  const child = spawn(options.command, [...options.args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    env: { ...process.env, ...options.env, BENCH_RESULT: resultFile },
  });
  const pid = child.pid ?? -1;
  const samples: RssSample[] = [];
  let peakRssMb = 0;
  let lastCpuMs: number | undefined;
  const sample = (): void => {
    const memory = memoryOf(pid);
    if (memory !== undefined) {
      samples.push({ t: Date.now() - startedAt, mb: memory.rssMb });
      peakRssMb = Math.max(peakRssMb, memory.peakMb);
    }
    lastCpuMs = cpuMsOf(pid) ?? lastCpuMs;
  };
  const sampler = setInterval(sample, options.sampleMs ?? 100);
  let stdoutTail = '';
  let stderrTail = '';
  let lineBuffer = '';
  let markReady: () => void = () => undefined;
  let failReady: (error: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  ready.catch(() => undefined);
  child.stdout.on('data', (chunk: Buffer) => {
    const at = Date.now();
    options.onStdout?.(chunk, at);
    stdoutTail = appendTail(stdoutTail, chunk);
    if (options.onStdout === undefined) {
      lineBuffer += chunk.toString('utf8');
      const lines = lineBuffer.split('\n');
      lineBuffer = lines.pop() ?? '';
      if (lines.some((line) => line.trim() === READY_LINE)) markReady();
    }
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderrTail = appendTail(stderrTail, chunk);
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, options.timeoutMs);
  const handle: RunningChild<R> = {
    pid,
    ready,
    done: new Promise<ChildOutcome<R>>((resolve) => {
      const finish = (exitCode: number | null, signal: NodeJS.Signals | null, spawnError?: Error): void => {
        clearInterval(sampler);
        clearTimeout(timer);
        running.delete(handle);
        failReady(new Error(`${options.name} ended before it was ready`));
        const wallMs = Date.now() - startedAt;
        const exclusiveCpu = reapedChildrenCpuMs() - cpuBefore;
        let result: R | undefined;
        try {
          result = JSON.parse(readFileSync(resultFile, 'utf8')) as R;
        } catch {
          result = undefined;
        }
        rmSync(resultDir, { recursive: true, force: true });
        resolve({
          name: options.name,
          exitCode,
          signal,
          timedOut,
          startedAt,
          wallMs,
          cpuMs: options.exclusive === true ? exclusiveCpu : lastCpuMs,
          peakRssMb,
          rssSamples: samples,
          stdoutTail,
          stderrTail: spawnError === undefined ? stderrTail : `${stderrTail}\n${spawnError.message}`,
          result,
        });
      };
      child.once('error', (error) => finish(null, null, error));
      child.once('close', (code, signal) => finish(code, signal));
    }),
    kill: (signal: NodeJS.Signals = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
  running.add(handle);
  sample();
  return handle;
}

/** Runs a child to its end. */
export function runChild<R>(options: ChildOptions): Promise<ChildOutcome<R>> {
  return startChild<R>(options).done;
}

/** Where `BENCH_CPU_PROF=<contender name part>` writes Node CPU profiles (outside the repository). */
export function profileDir(): string {
  return process.env.BENCH_CPU_PROF_DIR ?? path.join(os.tmpdir(), 'karafka-bench-profiles');
}

/** Options to run one of the TypeScript contender scripts in `bench/contenders/`. */
export interface NodeChildOptions {
  readonly name: string;
  /** File name in bench/contenders/, e.g. 'raw-consumer.ts'. */
  readonly script: string;
  /** Handed to the script as JSON in BENCH_SPEC. */
  readonly spec: object;
  readonly timeoutMs: number;
  readonly exclusive?: boolean;
  /** Extra Node flags (e.g. --cpu-prof). */
  readonly nodeArgs?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

/** Starts a contender script with Node (TypeScript loaded by tsx, like `karafka server` loads configs). */
export function startNodeChild<R>(options: NodeChildOptions): RunningChild<R> {
  const profile = process.env.BENCH_CPU_PROF;
  const profileArgs =
    profile !== undefined && profile !== '' && options.name.includes(profile)
      ? ['--cpu-prof', `--cpu-prof-dir=${profileDir()}`]
      : [];
  return startChild<R>({
    name: options.name,
    command: process.execPath,
    args: [
      ...profileArgs,
      ...(options.nodeArgs ?? []),
      '--import',
      'tsx',
      path.join(benchDir, 'contenders', options.script),
    ],
    env: { BENCH_SPEC: JSON.stringify(options.spec), ...options.env },
    timeoutMs: options.timeoutMs,
    ...(options.exclusive === undefined ? {} : { exclusive: options.exclusive }),
  });
}
