/**
 * Signal handling of a process karafka-ts owns: INT/QUIT/TERM stop (a second one turns the stop forceful),
 * TSTP quiets, TTIN prints a dump.
 */
import type { Monitor } from '../instrumentation/monitor.js';

/** What each signal triggers. */
export interface SignalActions {
  readonly stop: () => void;
  /** A stop signal arrived while a stop was already running: stop now, without waiting for work. */
  readonly forceStop?: () => void;
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
    let stops = 0;
    for (const signal of ALL_SIGNALS) {
      process.removeAllListeners(signal);
      const handler = (): void => {
        this.#monitor.instrument('process.notice_signal', { signal });
        if (signal === 'SIGTSTP') actions.quiet();
        else if (signal === 'SIGTTIN') actions.dump();
        else if ((stops += 1) === 1 || actions.forceStop === undefined) actions.stop();
        else actions.forceStop();
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
