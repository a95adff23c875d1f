/**
 * Collapses repeated errors: the first of a kind is passed on at once; the same kind again within the interval
 * is only counted, and one summary with the count follows when the interval ends. A client that fails the
 * same way every few milliseconds then costs one line per interval, not thousands.
 */

/** Passed on for each error that is reported. */
export interface RepeatedErrorReport<E> {
  /** The error (for a summary: the last one of its kind). */
  readonly error: E;
  /** 0 for the first of its kind; for a summary, how many more came within `intervalMs`. */
  readonly repeated: number;
  /** Length of the interval the count covers, in ms. */
  readonly intervalMs: number;
}

/** Options of a `RepeatedErrors`. */
export interface RepeatedErrorsOptions<E> {
  /** Errors of the same kind share a key (e.g. code and message). */
  readonly key: (error: E) => string;
  /** Where reports go. */
  readonly report: (report: RepeatedErrorReport<E>) => void;
  /** Length of one interval, in ms (default 30 000). */
  readonly intervalMs?: number;
}

interface Window<E> {
  last: E;
  count: number;
  timer: NodeJS.Timeout;
}

/** Collapses errors of the same kind per interval. */
export class RepeatedErrors<E> {
  readonly #options: RepeatedErrorsOptions<E>;
  readonly #intervalMs: number;
  readonly #windows = new Map<string, Window<E>>();

  /** @param options how errors are keyed and where reports go */
  constructor(options: RepeatedErrorsOptions<E>) {
    this.#options = options;
    this.#intervalMs = options.intervalMs ?? 30_000;
  }

  /** Reports `error` now if it is the first of its kind in the interval; otherwise counts it. */
  add(error: E): void {
    const key = this.#options.key(error);
    const window = this.#windows.get(key);
    if (window !== undefined) {
      window.last = error;
      window.count += 1;
      return;
    }
    this.#open(key, error);
    this.#options.report({ error, repeated: 0, intervalMs: this.#intervalMs });
  }

  /** Drops the counts without reporting them (e.g. once the cause is gone) and stops every timer. */
  clear(): void {
    for (const window of this.#windows.values()) clearTimeout(window.timer);
    this.#windows.clear();
  }

  #open(key: string, error: E): void {
    const timer = setTimeout(() => this.#close(key), this.#intervalMs);
    timer.unref();
    this.#windows.set(key, { last: error, count: 0, timer });
  }

  /** End of an interval: a summary when the error came again, and a new interval while it keeps coming. */
  #close(key: string): void {
    const window = this.#windows.get(key);
    this.#windows.delete(key);
    if (window === undefined || window.count === 0) return;
    this.#open(key, window.last);
    this.#options.report({ error: window.last, repeated: window.count, intervalMs: this.#intervalMs });
  }
}
