/**
 * Where a partition stands in a rebalance, as a small state machine: `owned -> revoking -> released` for a
 * clean revocation (the running job may still mark offsets until the partition is released), and
 * `owned | revoking -> lost` when the partition is gone at once (lost in a rebalance, or the client is being
 * recreated).
 */

/** A partition's ownership state. */
export type OwnershipState = 'owned' | 'revoking' | 'released' | 'lost';

/** The transitions allowed from each state. */
const NEXT: Readonly<Record<OwnershipState, readonly OwnershipState[]>> = {
  owned: ['revoking', 'lost'],
  revoking: ['released', 'lost'],
  released: [],
  lost: [],
};

/** The ownership of one partition. */
export class PartitionOwnership {
  readonly #partition: string;
  readonly #revocation = new AbortController();
  #state: OwnershipState = 'owned';

  /** @param partition `topic/partition`, for errors */
  constructor(partition: string) {
    this.#partition = partition;
  }

  /** The current state. */
  get state(): OwnershipState {
    return this.#state;
  }

  /** True until revocation starts or the partition is lost: it takes data and runs jobs. */
  get isOwned(): boolean {
    return this.#state === 'owned';
  }

  /** Aborts once the partition is no longer owned (revocation started, or lost): for awaitable work to stop. */
  get signal(): AbortSignal {
    return this.#revocation.signal;
  }

  /** True while offsets may still be stored: owned, or being revoked cleanly. */
  get canMark(): boolean {
    return this.#state === 'owned' || this.#state === 'revoking';
  }

  /** A clean revocation starts: no new data nor job; the running job may still mark. */
  beginRevoke(): void {
    this.#moveTo('revoking');
  }

  /** The clean revocation is over (offsets committed): marking is refused from now on. */
  finishRevoke(): void {
    this.#moveTo('released');
  }

  /** The partition is gone at once: marking is refused. */
  lose(): void {
    this.#moveTo('lost');
  }

  #moveTo(next: OwnershipState): void {
    if (!NEXT[this.#state].includes(next)) {
      throw new Error(`Partition ${this.#partition} cannot go from ${this.#state} to ${next}`);
    }
    this.#state = next;
    if (!this.#revocation.signal.aborted) {
      this.#revocation.abort(new Error(`Partition ${this.#partition} is no longer owned by this consumer (${next})`));
    }
  }
}
