/**
 * Counts how often each partition-offset was processed, to prove "nothing lost, nothing twice".
 */

/** Processing counts by `partition@offset`. */
export class Ledger {
  readonly counts = new Map<string, number>();

  /** Records one processing of `partition@offset`. */
  add(partition: number, offset: number): void {
    const key = `${String(partition)}@${String(offset)}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** Distinct messages processed. */
  get total(): number {
    return this.counts.size;
  }

  /** Messages processed more than once. */
  duplicates(): string[] {
    return [...this.counts].filter(([, n]) => n > 1).map(([k]) => k);
  }

  /** Offsets of `0..count-1` in `partition` never processed. */
  missing(partition: number, count: number): number[] {
    return Array.from({ length: count }, (_, i) => i).filter(
      (o) => !this.counts.has(`${String(partition)}@${String(o)}`),
    );
  }
}
