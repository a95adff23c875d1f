/**
 * Events of scheduled messages and recurring tasks, declared by merging into the monitor's event table.
 */

/** Where a time feature's partition is. */
export interface OwnedPartitionPayload {
  readonly topic: string;
  readonly partition: number;
}

declare module '../instrumentation/events.js' {
  interface EventPayloads {
    /** A dispatcher loaded its partition of the schedules topic; `pending` schedules wait for their time. */
    'schedules.loaded': OwnedPartitionPayload & { readonly pending: number };
    /** A dispatcher delivered `ids` (and recorded their delivery) in one transaction. */
    'schedules.dispatched': OwnedPartitionPayload & { readonly ids: readonly string[] };
    /** This process leads the recurring tasks: it loaded their state and runs them from now on. */
    'tasks.leading': OwnedPartitionPayload & { readonly tasks: readonly string[] };
    /** A recurring task started (`tick`: the schedule time it runs for, ms; null for a run-now command). */
    'tasks.run.started': { readonly task: string; readonly tick: number | null };
    /** A recurring task ended; `error` when it threw. */
    'tasks.run.finished': { readonly task: string; readonly tick: number | null; readonly error?: unknown };
  }
}

export {};
