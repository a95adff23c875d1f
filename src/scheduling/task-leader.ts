/**
 * The leader of the recurring tasks: the process the tasks topic's only partition is assigned to. Once it has
 * loaded the tasks' states (see `owned-partition.ts`: its producer fenced the previous leader), it runs each
 * enabled task at its ticks, and applies the commands (enable, disable, run now).
 *
 * Before a run it records the tick in the task's state (a transaction of its fenced producer), and only then
 * runs the task: a tick is started at most once across all processes. A task interrupted by the death of its
 * process is not run again for that tick. On taking over, a leader runs a task once for the latest tick it
 * missed since the last recorded one (older missed ticks are skipped).
 */
import { hostname } from 'node:os';
import './events.js';
import type { Message } from '../messages/message.js';
import type { OwnedPartitionContext, PartitionOwner } from './owned-partition.js';
import {
  COMMAND_PREFIX,
  type RunTrigger,
  STATE_PREFIX,
  type TaskCommand,
  type TaskLogRecord,
  type TaskState,
  decodeTaskRecord,
} from './task-records.js';
import { type TaskSchedule, latestTickSince } from './task-schedule.js';

/** What a task function is given. */
export interface TaskRun {
  /** The task's name. */
  readonly task: string;
  /** The schedule time this run is for; null for a run-now command. */
  readonly tick: Date | null;
  readonly trigger: RunTrigger;
  /** Aborts when this process stops leading (revocation, shutdown). */
  readonly signal: AbortSignal;
}

/** A declared task. */
export interface DeclaredTask {
  readonly name: string;
  readonly schedule: TaskSchedule;
  readonly run: (run: TaskRun) => Promise<void> | void;
  /** Whether a task with no state yet starts enabled. */
  readonly enabled: boolean;
}

/** Longest wait of the timer. */
const MAX_WAIT_MS = 60_000;
/** Wait before a failed write is tried again. */
const RETRY_MS = 1_000;

/** Runs the tasks while this process owns the tasks partition. */
export class TaskLeader implements PartitionOwner {
  readonly #context: OwnedPartitionContext;
  readonly #tasks: ReadonlyMap<string, DeclaredTask>;
  readonly #logTopic: string;
  readonly #states = new Map<string, TaskState>();
  readonly #commands = new Map<string, TaskCommand>();
  readonly #next = new Map<string, number>();
  /** Runs in progress per task. */
  readonly #running = new Map<string, number>();
  readonly #runs = new Set<Promise<void>>();
  /** Tasks whose next run is the catch-up of a tick missed before this leader took over. */
  readonly #catchUps = new Set<string>();
  readonly #process = `${hostname()}:${String(process.pid)}`;
  #loaded = false;
  #released = false;
  #timer: NodeJS.Timeout | undefined;
  #working: Promise<void> | undefined;

  /** @param context the owned partition; @param tasks declared tasks by name; @param logTopic where runs are logged */
  constructor(context: OwnedPartitionContext, tasks: ReadonlyMap<string, DeclaredTask>, logTopic: string) {
    this.#context = context;
    this.#tasks = tasks;
    this.#logTopic = logTopic;
  }

  apply(message: Message<Buffer | null>): void {
    const record = decodeTaskRecord(message.raw);
    if (record.kind === 'state') {
      if (record.state === undefined) this.#states.delete(record.task);
      else this.#states.set(record.task, record.state);
    } else if (record.kind === 'command') {
      if (record.command === undefined) this.#commands.delete(record.id);
      else this.#commands.set(record.id, record.command);
    }
    if (this.#loaded) this.#wake();
  }

  loaded(): void {
    this.#loaded = true;
    const now = Date.now();
    for (const task of this.#tasks.values()) {
      const last = this.#states.get(task.name)?.lastTick;
      // Catch up once: the latest tick missed since the last recorded one.
      const missed = last === null || last === undefined ? undefined : latestTickSince(task.schedule, last, now);
      if (missed !== undefined) this.#catchUps.add(task.name);
      const next = missed ?? task.schedule.next(now);
      if (next !== undefined) this.#next.set(task.name, next);
    }
    this.#context.app.monitor.instrument('tasks.leading', {
      topic: this.#context.topic,
      partition: this.#context.partition,
      tasks: [...this.#tasks.keys()],
    });
    this.#wake();
  }

  async release(): Promise<void> {
    this.#released = true;
    clearTimeout(this.#timer);
    await this.#working;
    await Promise.all(this.#runs);
  }

  #state(task: DeclaredTask): TaskState {
    return this.#states.get(task.name) ?? { enabled: task.enabled, lastTick: null };
  }

  /** Does what is due now (unless work runs: it wakes again when done), then sets the timer. */
  #wake(delayMs?: number): void {
    if (this.#released || !this.#loaded) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#working !== undefined) return;
    const hasWork = this.#commands.size > 0 || [...this.#next.values()].some((at) => at <= Date.now());
    if (hasWork && delayMs === undefined) {
      let retryIn: number | undefined;
      this.#working = this.#work()
        .catch((error: unknown) => {
          retryIn = RETRY_MS;
          this.#report('tasks.leader.error', error);
        })
        .finally(() => {
          this.#working = undefined;
          this.#wake(retryIn);
        });
      return;
    }
    let earliest = Number.POSITIVE_INFINITY;
    for (const at of this.#next.values()) earliest = Math.min(earliest, at);
    const wait = delayMs ?? Math.min(Math.max(0, earliest - Date.now()), MAX_WAIT_MS);
    if (wait === Number.POSITIVE_INFINITY) return;
    this.#timer = setTimeout(() => this.#wake(), wait);
  }

  /** Applies the waiting commands and starts the due runs. */
  async #work(): Promise<void> {
    for (const command of [...this.#commands.values()]) {
      if (this.#released) return;
      await this.#apply(command);
    }
    const now = Date.now();
    for (const [name, at] of [...this.#next]) {
      const task = this.#tasks.get(name);
      if (this.#released || task === undefined || at > now) continue;
      const state = this.#state(task);
      if (this.#running.has(name)) {
        // Still running the previous tick: this one is skipped.
        this.#advance(task, at);
        continue;
      }
      const trigger: RunTrigger = this.#catchUps.delete(name) ? 'catch-up' : 'schedule';
      if (state.enabled && (state.lastTick === null || at > state.lastTick)) {
        await this.#start(task, at, trigger, undefined);
      } else {
        this.#advance(task, at);
      }
    }
  }

  async #apply(command: TaskCommand): Promise<void> {
    const task = this.#tasks.get(command.task);
    const { producer, topic, partition } = this.#context;
    if (task === undefined) {
      await producer.transaction(async (tx) => {
        await tx.tombstone({ topic, partition, key: `${COMMAND_PREFIX}${command.id}` });
        await tx.produceSync(this.#log({ task: command.task, status: 'rejected', tick: null, error: 'no such task' }));
      });
    } else if (command.action === 'run') {
      await this.#start(task, null, 'command', command.id);
    } else {
      const state: TaskState = { ...this.#state(task), enabled: command.action === 'enable' };
      await producer.transaction(async (tx) => {
        await tx.produceSync(this.#stateMessage(task.name, state));
        await tx.tombstone({ topic, partition, key: `${COMMAND_PREFIX}${command.id}` });
        await tx.produceSync(
          this.#log({ task: task.name, status: command.action === 'enable' ? 'enabled' : 'disabled', tick: null }),
        );
      });
      this.#states.set(task.name, state);
      if (state.enabled) {
        const next = task.schedule.next(Date.now());
        if (next !== undefined) this.#next.set(task.name, next);
      }
    }
    this.#commands.delete(command.id);
  }

  /** Records the run (state, log, the command's deletion) in one transaction, then runs the task beside. */
  async #start(
    task: DeclaredTask,
    tick: number | null,
    trigger: RunTrigger,
    commandId: string | undefined,
  ): Promise<void> {
    const { producer, topic, partition, app } = this.#context;
    const state: TaskState = tick === null ? this.#state(task) : { ...this.#state(task), lastTick: tick };
    await producer.transaction(async (tx) => {
      if (tick !== null) await tx.produceSync(this.#stateMessage(task.name, state));
      if (commandId !== undefined) await tx.tombstone({ topic, partition, key: `${COMMAND_PREFIX}${commandId}` });
      await tx.produceSync(this.#log({ task: task.name, status: 'started', tick, trigger }));
    });
    this.#states.set(task.name, state);
    if (tick !== null) this.#advance(task, tick);
    app.monitor.instrument('tasks.run.started', { task: task.name, tick });
    const started = performance.now();
    const running = (async () => {
      let failure: unknown;
      try {
        await task.run({
          task: task.name,
          tick: tick === null ? null : new Date(tick),
          trigger,
          signal: this.#context.signal,
        });
      } catch (error) {
        failure = error;
        this.#report('tasks.run.error', error, { task: task.name });
      }
      const durationMs = Math.round(performance.now() - started);
      app.monitor.instrument('tasks.run.finished', {
        task: task.name,
        tick,
        ...(failure === undefined ? {} : { error: failure }),
      });
      await producer
        .produceSync(
          this.#log({
            task: task.name,
            status: failure === undefined ? 'finished' : 'failed',
            tick,
            trigger,
            durationMs,
            ...(failure === undefined
              ? {}
              : { error: failure instanceof Error ? failure.message : JSON.stringify(failure) }),
          }),
        )
        .catch((error: unknown) => this.#report('tasks.log.error', error, { task: task.name }));
    })().finally(() => {
      const left = (this.#running.get(task.name) ?? 1) - 1;
      if (left === 0) this.#running.delete(task.name);
      else this.#running.set(task.name, left);
      this.#runs.delete(running);
      this.#wake();
    });
    this.#running.set(task.name, (this.#running.get(task.name) ?? 0) + 1);
    this.#runs.add(running);
  }

  /** The next tick of `task` after `tick` and after now (ticks passed meanwhile are skipped). */
  #advance(task: DeclaredTask, tick: number): void {
    const next = task.schedule.next(Math.max(tick, Date.now()));
    if (next === undefined) this.#next.delete(task.name);
    else this.#next.set(task.name, next);
  }

  #stateMessage(task: string, state: TaskState) {
    return {
      topic: this.#context.topic,
      partition: this.#context.partition,
      key: `${STATE_PREFIX}${task}`,
      payload: JSON.stringify({ ...state, updatedAt: Date.now() }),
    };
  }

  #log(record: Omit<TaskLogRecord, 'at' | 'process'>) {
    const full: TaskLogRecord = { ...record, at: Date.now(), process: this.#process };
    return { topic: this.#logTopic, key: record.task, payload: JSON.stringify(full) };
  }

  #report(type: string, error: unknown, context: Readonly<Record<string, unknown>> = {}): void {
    this.#context.app.monitor.instrument('error.occurred', {
      type,
      error,
      topic: this.#context.topic,
      partition: this.#context.partition,
      ...context,
    });
  }
}
