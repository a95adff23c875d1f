/**
 * The consumer processes of a scenario: real `karafka server` processes (the built `bin/karafka.cjs` with
 * `test/chaos/app/chaos-app.config.ts`, both from the run's copy of the package), or hosts running the app
 * embedded. Each writes its own ledger file
 * and its output to a file next to it. A process that exits without being asked to is a failure the
 * scenario sees at once (`assertHealthy`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, inject } from 'vitest';
import { ConsumerLedger } from './ledger.js';

/** How a process ended. */
export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** How a consumer process runs the app. */
export type MemberKind = 'server' | 'embedded';

/** One consumer process. */
export class ConsumerMember {
  readonly name: string;
  readonly kind: MemberKind;
  /** Its ledger file. */
  readonly ledger: string;
  /** Its stdout and stderr. */
  readonly output: string;
  readonly pid: number;
  readonly startedAt = Date.now();
  readonly exited: Promise<Exit>;
  exit: Exit | undefined;
  /** True once the harness killed or stopped it (an exit is then expected). */
  intended = false;
  readonly #child: ChildProcess;

  /** @internal use `ConsumerFleet.start` */
  constructor(name: string, kind: MemberKind, dir: string, env: Record<string, string>) {
    this.name = name;
    this.kind = kind;
    this.ledger = path.join(dir, `${name}.ledger`);
    this.output = path.join(dir, `${name}.out`);
    // The run's copy of the built package and of test/chaos/app (see the global setup).
    const packageDir = inject('chaosPackageDir');
    const appDir = path.join(packageDir, 'chaos-app');
    const karafkaBin = path.join(packageDir, 'bin', 'karafka.cjs');
    const out = openSync(this.output, 'a');
    try {
      const args =
        kind === 'server'
          ? [karafkaBin, 'server', '--config', path.join(appDir, 'chaos-app.config.ts')]
          : ['--import', 'tsx', path.join(appDir, 'embedded-host.ts')];
      this.#child = spawn(process.execPath, args, {
        cwd: appDir,
        env: { ...process.env, ...env, LEDGER: this.ledger },
        stdio: ['ignore', out, out],
      });
    } finally {
      closeSync(out);
    }
    if (this.#child.pid === undefined) throw new Error(`Could not start consumer process ${name}`);
    this.pid = this.#child.pid;
    this.exited = new Promise((resolve) => {
      this.#child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
  }

  /** True while the process runs. */
  get running(): boolean {
    return this.exit === undefined;
  }

  /** Sends a signal to this process (and only this one). */
  signal(signal: NodeJS.Signals): void {
    if (this.running) this.#child.kill(signal);
  }

  /** The last lines of its output. */
  tail(lines = 15): string {
    try {
      return readFileSync(this.output, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no output)';
    }
  }
}

const everyMember = new Set<ConsumerMember>();

// Whatever a scenario did, none of its processes outlives it.
afterEach(async () => {
  const left = [...everyMember].filter((m) => m.running);
  for (const member of left) {
    member.intended = true;
    member.signal('SIGKILL');
  }
  await Promise.all(left.map((m) => m.exited));
  everyMember.clear();
});

/** The consumer processes of one scenario, all in one consumer group. */
export class ConsumerFleet {
  readonly members: ConsumerMember[] = [];
  /** The ledger files of every member, followed as they grow. */
  readonly ledger = new ConsumerLedger();
  readonly #dir: string;
  readonly #env: Record<string, string>;

  /** @param dir where ledgers and outputs go; @param env the app's environment (see chaos-app.config.ts) */
  constructor(dir: string, env: Record<string, string>) {
    this.#dir = dir;
    this.#env = env;
  }

  /** Starts one more consumer process. */
  start(kind: MemberKind = 'server', env: Record<string, string> = {}): ConsumerMember {
    const name = `${kind}-${String(this.members.length + 1)}`;
    const member = new ConsumerMember(name, kind, this.#dir, { ...this.#env, ...env });
    this.members.push(member);
    everyMember.add(member);
    this.ledger.follow(member.ledger);
    return member;
  }

  /** Members still running. */
  get running(): ConsumerMember[] {
    return this.members.filter((m) => m.running);
  }

  /** SIGKILLs a member (a crash) and resolves with the time of the kill once it is gone. */
  async kill(member: ConsumerMember): Promise<number> {
    member.intended = true;
    const at = Date.now();
    member.signal('SIGKILL');
    await member.exited;
    return at;
  }

  /** Throws when a member exited without being asked to (naming it, its exit and its last output). */
  assertHealthy(): void {
    const crashed = this.members.find((m) => !m.intended && m.exit !== undefined);
    if (crashed !== undefined) {
      throw new Error(
        `Consumer process ${crashed.name} (pid ${String(crashed.pid)}) exited on its own with ` +
          `${JSON.stringify(crashed.exit)}; its last output (${crashed.output}):\n${crashed.tail()}`,
      );
    }
  }

  /**
   * SIGTERMs every running member and waits for them; resolves with their exits. A member still running
   * after `timeoutMs` is SIGKILLed and reported with `stuck: true`.
   */
  async stopAll(timeoutMs: number): Promise<{ name: string; exit: Exit; stuck: boolean }[]> {
    const running = this.running;
    for (const member of running) {
      member.intended = true;
      member.signal('SIGTERM');
    }
    return Promise.all(
      running.map(async (member) => {
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<undefined>((resolve) => {
          timer = setTimeout(() => resolve(undefined), timeoutMs);
        });
        const exit = await Promise.race([member.exited, timedOut]);
        clearTimeout(timer);
        if (exit !== undefined) return { name: member.name, exit, stuck: false };
        member.signal('SIGKILL');
        return { name: member.name, exit: await member.exited, stuck: true };
      }),
    );
  }
}
