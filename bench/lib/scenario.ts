/**
 * What a scenario is and what it gets from the runner.
 */
import type { BenchBroker } from './broker.js';
import type { GoalCheck, ScenarioReport } from './report.js';
import type { Sizes } from './sizes.js';

/** What every scenario gets. */
export interface BenchContext {
  readonly broker: BenchBroker;
  readonly sizes: Sizes;
  readonly quick: boolean;
  /** Progress lines (stderr), so stdout keeps only the tables. */
  readonly log: (line: string) => void;
}

/** One scenario of the suite. */
export interface Scenario {
  /** Name on the command line: `npm run bench -- <id>`. */
  readonly id: string;
  readonly title: string;
  /** Runs every contender of every case; a failed contender becomes a failed row, never a thrown error. */
  run(context: BenchContext): Promise<ScenarioReport[]>;
  /** The goals this scenario measures, judged from its reports. */
  goals?(reports: readonly ScenarioReport[]): GoalCheck[];
}

/** Cells of a failed or unavailable run. */
export function failedRow(
  caseName: string,
  contender: string,
  reason: string,
  status: 'failed' | 'not available' = 'failed',
): {
  case: string;
  contender: string;
  status: 'failed' | 'not available';
  reason: string;
  values: Record<string, never>;
} {
  return { case: caseName, contender, status, reason, values: {} };
}

/** Bytes per MB in every MB/s figure (2^20, as Kafka's tools count). */
export const MB = 1024 * 1024;
