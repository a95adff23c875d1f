/**
 * A forward-only state machine: states are a table in order; moving to an earlier or the same state is a
 * no-op. Used by the app status and by listeners.
 */

/** Ordered states that only move forward. */
export class ForwardStateMachine<S extends string> {
  readonly #states: readonly S[];
  readonly #onChange: (state: S, previous: S) => void;
  #index = 0;
  #waiters: { index: number; resolve: () => void }[] = [];

  /** @param states the table, first state first; @param onChange called after every real transition */
  constructor(states: readonly S[], onChange: (state: S, previous: S) => void = () => undefined) {
    if (states.length === 0) throw new Error('A state machine needs at least one state');
    this.#states = states;
    this.#onChange = onChange;
  }

  /** The current state. */
  get current(): S {
    return this.#states[this.#index]!;
  }

  /** True when the current state is one of `states`. */
  is(...states: S[]): boolean {
    return states.includes(this.current);
  }

  /** True when the current state is `state` or any later one. */
  reached(state: S): boolean {
    return this.#index >= this.#indexOf(state);
  }

  /** Moves to `state` if it comes later than the current one; returns whether it moved. */
  transition(state: S): boolean {
    const index = this.#indexOf(state);
    if (index <= this.#index) return false;
    const previous = this.current;
    this.#index = index;
    this.#onChange(state, previous);
    const ready = this.#waiters.filter((w) => w.index <= index);
    this.#waiters = this.#waiters.filter((w) => w.index > index);
    for (const waiter of ready) waiter.resolve();
    return true;
  }

  /** Resolves once `state` (or a later one) is reached. */
  waitFor(state: S): Promise<void> {
    const index = this.#indexOf(state);
    if (this.#index >= index) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ index, resolve }));
  }

  #indexOf(state: S): number {
    const index = this.#states.indexOf(state);
    if (index < 0) throw new Error(`Unknown state '${state}'; states: ${this.#states.join(', ')}`);
    return index;
  }
}
