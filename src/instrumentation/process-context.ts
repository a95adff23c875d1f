/**
 * What this process is, for logs, reports and `ps`: tags such as `mode:swarm` and `node:2`, the process title
 * (`karafka-ts shop swarm node 2 running`), and the health checks a swarm node reports to its supervisor.
 *
 * One per process (`processContext`): a supervisor, a swarm node and a standalone server each tag themselves;
 * an embedded server leaves the host process alone.
 */
import type { Monitor } from './monitor.js';

/** Codes of the built-in health problems. Codes of your own should be above 100. */
export const HEALTH_CODES = {
  /** A listener has not polled within its TTL. */
  pollingStalled: 1,
  /** A `consume()` has run longer than its TTL. */
  consumingStalled: 2,
  /** The event loop's delay is above its limit. */
  eventLoopDelayed: 3,
  /** The Kafka client reported a fatal error. */
  fatalError: 4,
  /** A health check threw. */
  checkFailed: 5,
  /** No Kafka broker has answered for longer than the allowed outage. */
  brokersUnreachable: 6,
  /** `SwarmNode.unhealthy()` without a code. */
  unhealthy: 100,
} as const;

/** Something wrong with this process, as a health check sees it. */
export interface HealthProblem {
  /** Stable number for logs and the supervisor (see HEALTH_CODES). */
  readonly code: number;
  /** What is wrong, in words. */
  readonly reason: string;
}

/** A health check: the problems it sees now (an empty list: healthy). */
export type HealthCheck = () => readonly HealthProblem[];

/** Tags, title and health checks of the current process. */
export class ProcessContext {
  readonly #tags = new Map<string, string>();
  readonly #checks = new Set<HealthCheck>();

  /** Sets the tag `name:value`, replacing an earlier value of `name`. */
  setTag(name: string, value: string | number): void {
    if (name === '' || name.includes(':')) throw new RangeError(`A tag name must be non-empty and without ':'`);
    this.#tags.set(name, String(value));
  }

  /** The value of tag `name`, if set. */
  tag(name: string): string | undefined {
    return this.#tags.get(name);
  }

  /** Removes tag `name`. */
  deleteTag(name: string): void {
    this.#tags.delete(name);
  }

  /** Every tag as `name:value`, in the order they were first set. */
  get tags(): string[] {
    return [...this.#tags].map(([name, value]) => `${name}:${value}`);
  }

  /** The title `ps` shows: `karafka-ts <app> <mode> [node <n>] <state>`. */
  title(appName: string, state: string): string {
    const mode = this.#tags.get('mode');
    const node = this.#tags.get('node');
    return ['karafka-ts', appName, mode, node === undefined ? undefined : `node ${node}`, state]
      .filter((part) => part !== undefined)
      .join(' ');
  }

  /** Keeps `process.title` up to date with the app's state (`app.*` events); returns a function that stops it. */
  trackTitle(monitor: Monitor, appName: string, initialState: string): () => void {
    process.title = this.title(appName, initialState);
    return monitor.subscribeAll((event) => {
      if (event.startsWith('app.')) process.title = this.title(appName, event.slice('app.'.length));
    });
  }

  /** Adds a health check (a swarm node reports its problems to the supervisor); returns a function that removes it. */
  addHealthCheck(check: HealthCheck): () => void {
    this.#checks.add(check);
    return () => this.#checks.delete(check);
  }

  /** Problems every health check sees now; a failing check counts as a problem of its own. */
  healthProblems(): HealthProblem[] {
    return [...this.#checks].flatMap((check) => {
      try {
        return [...check()];
      } catch (error) {
        return [
          {
            code: HEALTH_CODES.checkFailed,
            reason: `health check failed: ${error instanceof Error ? error.message : String(error)}`,
          },
        ];
      }
    });
  }
}

/** The context of this process. */
export const processContext = new ProcessContext();
