/**
 * How far the batches of one partition got: the planned batch whose jobs run (`InFlightBatch`), under virtual
 * partitions which offsets are done (`VirtualOffsets`, so a mark never passes a message not done) and whether
 * batches run collapsed after a failure. Plans start and processing restarts through the coordinator's
 * transitions (they move its buffer too); the scheduler reports finished parts here, decisions collapse here.
 */
import { InFlightBatch } from './in-flight-batch.js';
import type { BatchPlan } from './strategies/batch-plan.js';
import type { SettledBatch } from './strategies/processing-strategy.js';
import { VirtualOffsets } from './virtual-offsets.js';

/** The progress of a partition's batches. */
export class BatchProgress {
  /** Only when batches may be split into jobs that finish in any order. */
  readonly #offsets: VirtualOffsets | undefined;
  #inFlight: InFlightBatch | undefined;
  #collapsedUntil: number | undefined;

  /** @param split true when batches may be split into several jobs (virtual partitions) */
  constructor(split: boolean) {
    this.#offsets = split ? new VirtualOffsets() : undefined;
  }

  /** The planned batch whose jobs run, if any. */
  get inFlight(): InFlightBatch | undefined {
    return this.#inFlight;
  }

  /** True while the running plan is collapsed (one sequential job after a failure of a split batch). */
  get collapsed(): boolean {
    return this.#inFlight?.collapsed ?? false;
  }

  /** Batches starting below this offset run collapsed; undefined when not collapsed. */
  get collapsedUntil(): number | undefined {
    return this.#collapsedUntil;
  }

  /** The lowest offset not done (virtual partitions), undefined when unknown or batches are not split. */
  get firstNotDone(): number | undefined {
    return this.#offsets?.safeOffset;
  }

  /** `plan` starts: its jobs are handed out; a plan that is not collapsed ends a collapse. */
  planned(plan: BatchPlan): InFlightBatch {
    if (!plan.collapsed) this.#collapsedUntil = undefined;
    this.#offsets?.dispatch(
      plan.parts.map((part) => ({ index: part.index, offsets: part.messages.map((m) => m.offset) })),
    );
    this.#inFlight = new InFlightBatch(plan);
    return this.#inFlight;
  }

  /** Part `index` of the running plan finished; returns the batch once every part finished. */
  partFinished(index: number, failed: boolean): SettledBatch | undefined {
    const inFlight = this.#inFlight;
    if (inFlight === undefined || !inFlight.finished(index, failed)) return undefined;
    this.#inFlight = undefined;
    return { plan: inFlight.plan, failedParts: inFlight.failedParts };
  }

  /** Batches run as one sequential job until processing is past `until`. */
  collapseUntil(until: number): void {
    this.#collapsedUntil = until;
  }

  /** Messages below `end` that no job got were filtered out: under virtual partitions they count as done. */
  filteredThrough(end: number): void {
    this.#offsets?.filteredThrough(end);
  }

  /** Processing restarts at `offset` (retry, seek, dead-lettered message): what was handed out is forgotten. */
  restartAt(offset: number | undefined): void {
    this.#offsets?.restartAt(offset);
  }

  /**
   * A mark of `offset` (next to read) from part `index`: the offset that may be stored now, or undefined when
   * nothing new may be (messages below it are not done yet, or it was stored already: `stored`).
   */
  markTarget(offset: number, index: number, stored: number | undefined): number | undefined {
    if (this.#offsets === undefined) return offset;
    const target = this.#offsets.markDone(index, offset - 1);
    return target === stored ? undefined : target;
  }

  /** The offset a mark of `offset` from part `index` would let the partition store (nothing changes). */
  targetIfMarked(offset: number, index: number): number | undefined {
    return this.#offsets === undefined ? offset : this.#offsets.safeOffsetIfDone(index, offset - 1);
  }
}
