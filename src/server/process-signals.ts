/**
 * Signal handling of a process karafka-ts owns: INT/QUIT/TERM stop, TSTP quiets, TTIN prints a dump.
 */
import type { Monitor } from '../instrumentation/monitor.js';

/** What each signal triggers. */
export interface SignalActions {
  readonly stop: () => void;
  readonly quiet: () => void;
  readonly dump: () => void;
}

const STOP_SIGNALS = ['SIGINT', 'SIGQUIT', 'SIGTERM'] as const;
const ALL_SIGNALS = [...STOP_SIGNALS, 'SIGTSTP', 'SIGTTIN'] as const;

/** Installs and removes the process's signal handlers. */
export class ProcessSignals {
  readonly #monitor: Monitor;
  readonly #installed = new Map<NodeJS.Signals, () => void>();

  /** @param monitor where `process.notice_signal` is published */
  constructor(monitor: Monitor) {
    this.#monitor = monitor;
  }

  /** Replaces any inherited handlers of these signals with ours. */
  install(actions: SignalActions): void {
    this.uninstall();
    for (const signal of ALL_SIGNALS) {
      process.removeAllListeners(signal);
      const handler = (): void => {
        this.#monitor.instrument('process.notice_signal', { signal });
        if (signal === 'SIGTSTP') actions.quiet();
        else if (signal === 'SIGTTIN') actions.dump();
        else actions.stop();
      };
      process.on(signal, handler);
      this.#installed.set(signal, handler);
    }
  }

  /** Removes our handlers. */
  uninstall(): void {
    for (const [signal, handler] of this.#installed) process.removeListener(signal, handler);
    this.#installed.clear();
  }
}
