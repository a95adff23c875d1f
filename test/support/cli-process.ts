/**
 * Runs the `karafka` CLI (the built one, as users run it) in a child process and reads its output.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach } from 'vitest';
import { waitUntil } from './wait-until.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const running = new Set<CliProcess>();

afterEach(() => {
  for (const process of running) process.kill();
  running.clear();
});

/** Exit of the child. */
export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A running `karafka` command. */
export class CliProcess {
  readonly lines: string[] = [];
  readonly exited: Promise<Exit>;
  readonly #child: ChildProcess;

  private constructor(args: readonly string[], options: { cwd?: string; env?: Record<string, string> }) {
    this.#child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'karafka.cjs'), ...args], {
      cwd: options.cwd ?? repoRoot,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let partial = '';
    const collect = (chunk: Buffer): void => {
      partial += chunk.toString('utf8');
      const complete = partial.split('\n');
      partial = complete.pop() ?? '';
      this.lines.push(...complete);
    };
    this.#child.stdout?.on('data', collect);
    this.#child.stderr?.on('data', collect);
    this.exited = new Promise((resolve) => {
      this.#child.on('exit', (code, signal) => {
        if (partial !== '') this.lines.push(partial);
        running.delete(this);
        resolve({ code, signal });
      });
    });
  }

  /** Starts `karafka <args>`. */
  static start(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): CliProcess {
    const process = new CliProcess(args, options);
    running.add(process);
    return process;
  }

  /** Waits for an output line matching `pattern` and returns it. */
  async waitForLine(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    return waitUntil(() => this.lines.find((line) => pattern.test(line)), {
      timeoutMs,
      description: () => `a line matching ${String(pattern)}; output so far:\n${this.lines.slice(-30).join('\n')}`,
    });
  }

  /** Lines matching `pattern`. */
  matching(pattern: RegExp): string[] {
    return this.lines.filter((line) => pattern.test(line));
  }

  /** The `event` field of every JSON log line, in order. */
  events(): string[] {
    return this.lines.flatMap((line) => {
      if (!line.startsWith('{')) return [];
      try {
        const parsed = JSON.parse(line) as { event?: unknown };
        return typeof parsed.event === 'string' ? [parsed.event] : [];
      } catch {
        return [];
      }
    });
  }

  /** Sends a signal. */
  signal(signal: NodeJS.Signals): void {
    this.#child.kill(signal);
  }

  /** Kills the child if it still runs. */
  kill(): void {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill('SIGKILL');
  }
}
