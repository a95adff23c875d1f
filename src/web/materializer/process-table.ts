/**
 * The processes the materialiser knows: the latest report of each, when it came, and whether the process is
 * active, stopped (its last report said so) or gone (silent for longer than the TTL). Gone and stopped
 * processes stay listed for `keepMs`, then are forgotten.
 */
import type { ProcessCounters, ProcessReport, ProcessState } from '../report.js';

const ZERO: ProcessCounters = { messages: 0, batches: 0, errors: 0, retries: 0, deadLetters: 0 };
const FINAL_STATES = new Set(['stopped', 'terminated']);

/** Latest report per process. */
export class ProcessTable {
  readonly #processes = new Map<string, { report: ProcessReport; receivedAt: number }>();
  readonly #ttl: number;
  readonly #keepMs: number;

  /** @param ttl silence after which a process is gone; @param keepMs how long gone ones stay listed */
  constructor(ttl: number, keepMs = 10 * 60_000) {
    this.#ttl = ttl;
    this.#keepMs = keepMs;
  }

  /** Restores from a materialised state (after a failover). */
  restore(processes: readonly ProcessState[]): void {
    for (const p of processes) this.#processes.set(p.report.id, { report: p.report, receivedAt: p.receivedAt });
  }

  /**
   * Takes a report; returns the counters it adds since the previous report of the process (a report seen
   * twice adds nothing; older reports are ignored).
   */
  apply(report: ProcessReport, receivedAt: number): ProcessCounters {
    const previous = this.#processes.get(report.id);
    if (previous !== undefined && previous.report.dispatchedAt >= report.dispatchedAt) return ZERO;
    this.#processes.set(report.id, { report, receivedAt });
    const before = previous?.report.counters ?? ZERO;
    const delta = (key: keyof ProcessCounters): number => Math.max(0, report.counters[key] - before[key]);
    return {
      messages: delta('messages'),
      batches: delta('batches'),
      errors: delta('errors'),
      retries: delta('retries'),
      deadLetters: delta('deadLetters'),
    };
  }

  /** Every known process and its status at `now`; forgets those gone or stopped for longer than `keepMs`. */
  snapshot(now: number): ProcessState[] {
    const states: ProcessState[] = [];
    for (const [id, { report, receivedAt }] of this.#processes) {
      const silentFor = now - Math.max(report.dispatchedAt, receivedAt);
      const stopped = FINAL_STATES.has(report.state);
      if ((stopped || silentFor > this.#ttl) && silentFor > this.#ttl + this.#keepMs) {
        this.#processes.delete(id);
        continue;
      }
      states.push({ report, receivedAt, status: stopped ? 'stopped' : silentFor > this.#ttl ? 'gone' : 'active' });
    }
    return states.sort((a, b) => a.report.id.localeCompare(b.report.id));
  }
}
