/**
 * A planned batch of one partition while its jobs run: which parts finished, which failed, which the consumer
 * asked to keep unmarked. The partition plans its next batch only once every part finished (settled).
 */
import type { BatchPlan, PlannedPart } from './strategies/batch-plan.js';

/** The running plan of a partition. */
export class InFlightBatch {
  readonly plan: BatchPlan;
  readonly #finished = new Set<number>();
  readonly #failed = new Set<number>();
  readonly #keptUnmarked = new Set<number>();

  /** @param plan the batch's plan */
  constructor(plan: BatchPlan) {
    this.plan = plan;
  }

  /** True when the batch runs collapsed (one sequential job after a failure). */
  get collapsed(): boolean {
    return this.plan.collapsed;
  }

  /** The consumer of part `index` keeps its messages from being marked automatically. */
  keepUnmarked(index: number): void {
    this.#keptUnmarked.add(index);
  }

  /** True when part `index` is kept from being marked automatically. */
  keptUnmarked(index: number): boolean {
    return this.#keptUnmarked.has(index);
  }

  /** Part `index` finished (or will never run: `failed` false); returns true once every part finished. */
  finished(index: number, failed: boolean): boolean {
    this.#finished.add(index);
    if (failed) this.#failed.add(index);
    return this.settled;
  }

  /** True once every part finished. */
  get settled(): boolean {
    return this.#finished.size === this.plan.parts.length;
  }

  /** The parts whose `consume()` threw. */
  get failedParts(): PlannedPart[] {
    return this.plan.parts.filter((part) => this.#failed.has(part.index));
  }
}
