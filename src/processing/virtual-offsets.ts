/**
 * Which offsets of a partition with virtual partitions are done, and so how far its offset may be stored.
 *
 * Every job of a split batch is a group: its offsets in order. Within a group, work is done front to back, so
 * a group is tracked by how many of its offsets are done. The offset that may be stored ("next to read") is the
 * lowest offset not done in any group, or past the highest offset handed out once every group is done: it never
 * passes a message that is not done, whatever order the jobs finish in. Groups of older batches stay until they
 * are done (a consumer managing offsets itself may leave a message unmarked: the offset then stays below it).
 * A restart (a retry, a seek, a dead-lettered message) forgets every group: everything below its offset counts
 * as done, nothing at or after it as handed out.
 */

interface Group {
  /** The virtual partition that runs it. */
  readonly part: number;
  readonly offsets: readonly number[];
  /** How many offsets, from the front, are done. */
  done: number;
}

/** Number of offsets in `sorted` that are <= `offset`. */
function countUpTo(sorted: readonly number[], offset: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! <= offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Done offsets of one partition across its virtual partitions. */
export class VirtualOffsets {
  /** Groups with offsets not done, oldest first. */
  #open: Group[] = [];
  /** Highest offset handed out since the last restart (-1: none). */
  #highest = -1;
  /** Everything below it is done (the last restart); undefined when unknown (a seek to either end). */
  #base: number | undefined;

  /** Forgets every group: offsets below `offset` count as done (undefined: where fetching restarts is unknown). */
  restartAt(offset: number | undefined): void {
    this.#open = [];
    this.#highest = -1;
    this.#base = offset !== undefined && offset >= 0 ? offset : undefined;
  }

  /** A batch was handed out as these groups (each the offsets of one job, in order). */
  dispatch(parts: readonly { readonly index: number; readonly offsets: readonly number[] }[]): void {
    for (const { index, offsets } of parts) {
      if (offsets.length === 0) continue;
      this.#open.push({ part: index, offsets, done: 0 });
      this.#highest = Math.max(this.#highest, offsets.at(-1)!);
    }
  }

  /**
   * Offsets below `end` that were not handed out were filtered out (dropped before `consume()`): they count as
   * done, so the stored offset may reach `end` once every group below it is done.
   */
  filteredThrough(end: number): void {
    this.#highest = Math.max(this.#highest, end - 1);
  }

  /**
   * Offsets up to `offset` of virtual partition `part`'s group holding it (its newest group whose first offset is
   * at or below `offset`) are done. Returns the offset that may be stored now.
   */
  markDone(part: number, offset: number): number | undefined {
    const group = this.#groupOf(part, offset);
    if (group !== undefined) {
      group.done = Math.max(group.done, countUpTo(group.offsets, offset));
      if (group.done === group.offsets.length) this.#open.splice(this.#open.indexOf(group), 1);
    }
    return this.safeOffset;
  }

  /** The offset that could be stored if offsets up to `offset` of `part` were done (nothing changes). */
  safeOffsetIfDone(part: number, offset: number): number | undefined {
    const group = this.#groupOf(part, offset);
    if (group === undefined) return this.safeOffset;
    return this.#safe(group, Math.max(group.done, countUpTo(group.offsets, offset)));
  }

  /** The lowest offset not done (next to read): what may be stored, undefined before anything is known. */
  get safeOffset(): number | undefined {
    return this.#safe(undefined, 0);
  }

  /** Jobs (groups) with offsets not done. */
  get openGroups(): number {
    return this.#open.length;
  }

  #groupOf(part: number, offset: number): Group | undefined {
    for (let i = this.#open.length - 1; i >= 0; i -= 1) {
      const group = this.#open[i]!;
      if (group.part === part && group.offsets[0]! <= offset) return group;
    }
    return undefined;
  }

  /** The lowest offset not done, counting `override` as having `done` offsets done. */
  #safe(override: Group | undefined, done: number): number | undefined {
    let lowest: number | undefined;
    for (const group of this.#open) {
      const count = group === override ? done : group.done;
      if (count === group.offsets.length) continue;
      const next = group.offsets[count]!;
      if (lowest === undefined || next < lowest) lowest = next;
    }
    if (lowest !== undefined) return lowest;
    return this.#highest >= 0 ? this.#highest + 1 : this.#base;
  }
}
