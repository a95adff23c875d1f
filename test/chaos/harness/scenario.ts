/**
 * One chaos scenario run: its folder, its time budget, the faults it injected, its bounded waits, and its
 * result line (printed, and appended to the run's `results.jsonl` for the table at the end of the run).
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { expect, inject } from 'vitest';
import type { Fault, LedgerReport, Recovery } from './ledger.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Folder of this chaos run (ledgers, process outputs, results). */
    chaosRunDir: string;
    /** A copy of the built package and the chaos app, made for this run (see the global setup). */
    chaosPackageDir: string;
  }
}

/** What a scenario reports, one per line of `results.jsonl`. */
export interface ScenarioResult {
  readonly scenario: string;
  readonly title: string;
  readonly ok: boolean;
  readonly produced: number;
  readonly processed: number;
  readonly lost: number;
  readonly lostSample: readonly string[];
  readonly duplicated: number;
  readonly redelivered: number;
  readonly writtenTwice: number;
  readonly unexplainedRedeliveries: readonly string[];
  readonly duplicateWindowMs: number | undefined;
  readonly faults: number;
  /** Longest recovery over the faults, ms (undefined when no fault was measured). */
  readonly recoveryMs: number | undefined;
  readonly recoveries: readonly Recovery[];
  /** When each fault happened and from when its recovery was measured (ms since the epoch). */
  readonly faultTimes: readonly { label: string; at: number; recoverFrom: number }[];
  readonly startedAt: number;
  readonly durationMs: number;
  readonly notes: readonly string[];
  readonly error?: string;
}

/** The file every scenario of a run appends its result to. */
export function resultsFile(runDir: string): string {
  return path.join(runDir, 'results.jsonl');
}

function seconds(ms: number | undefined): string {
  return ms === undefined ? '-' : `${(ms / 1000).toFixed(1)} s`;
}

/** The one-line summary of a result. */
export function summaryLine(r: ScenarioResult): string {
  const dups =
    `duplicated ${String(r.duplicated)} (redelivered ${String(r.redelivered)}, written twice ${String(r.writtenTwice)}` +
    `${r.unexplainedRedeliveries.length > 0 ? `, UNEXPLAINED ${String(r.unexplainedRedeliveries.length)}` : ''}` +
    `${r.duplicateWindowMs === undefined ? '' : `, window ${seconds(r.duplicateWindowMs)}`})`;
  return (
    `[chaos] ${r.ok ? 'PASS' : 'FAIL'} ${r.scenario} ${r.title}: produced ${String(r.produced)}, ` +
    `processed ${String(r.processed)}, lost ${String(r.lost)}, ${dups}, ` +
    `recovery ${seconds(r.recoveryMs)} (${String(r.faults)} faults), took ${seconds(r.durationMs)}` +
    (r.error === undefined ? '' : ` -- ${r.error.split('\n')[0] ?? ''}`)
  );
}

/** Options of `Scenario.waitFor`. */
export interface WaitOptions {
  /** Give up after this long (never later than the scenario's budget). */
  readonly timeoutMs?: number;
  /** Checked on every round: throws to fail at once (a consumer process that crashed). */
  readonly abortIf?: () => void;
}

/** A running scenario. */
export class Scenario {
  readonly id: string;
  readonly title: string;
  /** Folder of this scenario's ledgers and process outputs. */
  readonly dir: string;
  readonly startedAt = Date.now();
  readonly deadline: number;
  readonly faults: Fault[] = [];
  readonly notes: string[] = [];
  #report: (() => LedgerReport) | undefined;

  /** @param id e.g. `02`; @param title what it does; @param budgetMs its time budget */
  constructor(id: string, title: string, budgetMs: number) {
    this.id = id;
    this.title = title;
    this.deadline = this.startedAt + budgetMs;
    this.dir = path.join(inject('chaosRunDir'), `${id}-${title.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`);
    mkdirSync(this.dir, { recursive: true });
  }

  /** Time left in the budget, ms. */
  remaining(): number {
    return Math.max(0, this.deadline - Date.now());
  }

  /** Records a fault the scenario injected; returns it (see `settled`). */
  fault(fault: Fault): Fault {
    this.faults.push(fault);
    return fault;
  }

  /** Marks the system settled after `fault` (its effects, such as redone work, end here). */
  settled(fault: Fault): void {
    fault.until = Date.now();
  }

  /** Adds a remark to the result (what was expected, what was seen). */
  note(text: string): void {
    this.notes.push(text);
  }

  /** How to compute the ledger report, also when the scenario fails half-way. */
  reportWith(compute: () => LedgerReport): void {
    this.#report = compute;
  }

  /**
   * Polls `condition` until it holds; throws (with `description`) at the timeout or the end of the budget. An
   * error thrown by `condition` counts as "not yet" (a cluster in the middle of a failover answers with
   * errors for a while) and is named if time runs out; an error of `abortIf` fails at once.
   */
  async waitFor(
    condition: () => boolean | Promise<boolean>,
    description: () => string,
    options: WaitOptions = {},
  ): Promise<void> {
    const limit = Math.min(options.timeoutMs ?? Number.POSITIVE_INFINITY, this.remaining());
    const deadline = Date.now() + limit;
    let lastError: unknown;
    for (;;) {
      options.abortIf?.();
      try {
        if (await condition()) return;
        lastError = undefined;
      } catch (error) {
        lastError = error;
      }
      if (Date.now() >= deadline) {
        const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
        throw new Error(`Timed out after ${String(Math.round(limit))} ms waiting for: ${description()}${why}`);
      }
      await delay(200);
    }
  }

  /** Calls `action` until it succeeds (a cluster in a failover answers with errors for a while), within `timeoutMs`. */
  async retry<T>(what: string, action: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
    let result: { value: T } | undefined;
    await this.waitFor(
      async () => {
        result = { value: await action() };
        return true;
      },
      () => what,
      { timeoutMs },
    );
    return result!.value;
  }

  /** Like `waitFor`, but resolves false instead of throwing when time runs out. */
  async settle(condition: () => boolean, options: WaitOptions = {}): Promise<boolean> {
    try {
      await this.waitFor(condition, () => '', options);
      return true;
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('Timed out')) return false;
      throw error;
    }
  }

  /** Builds the result, prints its line and appends it to the run's results. */
  record(error?: unknown): ScenarioResult {
    let report: LedgerReport | undefined;
    let reportError: unknown;
    try {
      report = this.#report?.();
    } catch (failure) {
      reportError = failure;
    }
    const describe = (failure: unknown): string =>
      failure instanceof Error ? failure.message : JSON.stringify(failure);
    const message =
      error === undefined
        ? reportError === undefined
          ? undefined
          : `ledger: ${describe(reportError)}`
        : describe(error);
    const measured = report?.recoveries.map((r) => r.ms).filter((ms): ms is number => ms !== undefined) ?? [];
    const result: ScenarioResult = {
      scenario: this.id,
      title: this.title,
      ok: message === undefined && report !== undefined && report.lost.length === 0,
      produced: report?.produced ?? 0,
      processed: report?.processed ?? 0,
      lost: report?.lost.length ?? 0,
      lostSample: report?.lost.slice(0, 20) ?? [],
      duplicated: report?.duplicated ?? 0,
      redelivered: report?.redelivered ?? 0,
      writtenTwice: report?.writtenTwice ?? 0,
      unexplainedRedeliveries: report?.unexplainedRedeliveries.slice(0, 20) ?? [],
      duplicateWindowMs: report?.duplicateWindowMs,
      faults: this.faults.length,
      recoveryMs: measured.length === 0 ? undefined : Math.max(...measured),
      recoveries: report?.recoveries ?? [],
      faultTimes: this.faults.map((f) => ({ label: f.label, at: f.at, recoverFrom: f.recoverFrom })),
      startedAt: this.startedAt,
      durationMs: Date.now() - this.startedAt,
      notes: this.notes,
      ...(message === undefined ? {} : { error: message }),
    };
    console.log(summaryLine(result));
    for (const r of result.recoveries) {
      console.log(
        `[chaos]     ${r.label}: ${r.partitions.length === 0 ? 'it held no partition' : `recovered in ${seconds(r.ms)}`}` +
          (r.stalledPartitions.length > 0
            ? `; partitions with nothing processed after: ${r.stalledPartitions.join(',')}`
            : ''),
      );
    }
    for (const note of this.notes) console.log(`[chaos]     ${note}`);
    if (result.lost > 0)
      console.log(`[chaos]     lost (first ${String(result.lostSample.length)}): ${result.lostSample.join(' ')}`);
    if (result.unexplainedRedeliveries.length > 0) {
      console.log(`[chaos]     unexplained redeliveries: ${result.unexplainedRedeliveries.join(' ')}`);
    }
    console.log(`[chaos]     files: ${this.dir}`);
    appendFileSync(resultsFile(inject('chaosRunDir')), `${JSON.stringify(result)}\n`);
    return result;
  }
}

/**
 * Runs a scenario: `body` injects faults and checks its own expectations; then the ledger decides. The
 * scenario fails on a lost message, on an error of `body` (a bound exceeded, a crashed process), never on
 * duplicates (they are reported).
 */
export async function runScenario(
  id: string,
  title: string,
  budgetMs: number,
  body: (scenario: Scenario) => Promise<void>,
): Promise<ScenarioResult> {
  const scenario = new Scenario(id, title, budgetMs);
  try {
    await body(scenario);
  } catch (error) {
    scenario.record(error);
    throw error;
  }
  const result = scenario.record();
  expect(result.lostSample, `${String(result.lost)} lost messages (see ${scenario.dir})`).toEqual([]);
  expect(result.error).toBeUndefined();
  return result;
}
