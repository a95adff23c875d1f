/**
 * Recurring tasks: `enableRecurringTasks(app)` adds the tasks topic (one partition) to the app's routes with
 * the built-in leader as its consumer. The group assigns that partition to one process of the app: it runs the
 * tasks; when it stops or dies, the group gives the partition to another, which takes over.
 *
 * ```ts
 * const tasks = enableRecurringTasks(app);
 * tasks.schedule('cleanup', '*\/5 * * * *', async () => { await removeExpiredCarts(); });
 * tasks.schedule('heartbeat', { every: 10_000 }, () => ping());
 * ```
 */
import { randomUUID } from 'node:crypto';
import { Admin } from '../admin/admin.js';
import type { App } from '../app/app.js';
import type { KafkaMessage } from '../kafka/types.js';
import { type InternalTopic, positiveInteger, requireName } from './internal-topic.js';
import { ownedPartitionConsumer } from './owned-partition.js';
import { type DeclaredTask, type TaskRun, TaskLeader } from './task-leader.js';
import {
  COMMAND_PREFIX,
  type TaskAction,
  type TaskLogRecord,
  type TaskState,
  decodeLogRecord,
  decodeTaskRecord,
} from './task-records.js';
import { type TaskScheduleInput, taskSchedule } from './task-schedule.js';

/** Options of `enableRecurringTasks`. */
export interface RecurringTasksOptions {
  /** The tasks topic: states and commands (default `karafka_recurring_tasks`). */
  readonly topic?: string;
  /** The log of runs (default `karafka_recurring_tasks_log`). */
  readonly logTopic?: string;
  /** Replication factor of both when created (default 1). */
  readonly replicationFactor?: number;
  /** How long the log keeps runs, in ms (default 7 days). */
  readonly logRetentionMs?: number;
}

/** Options of one task. */
export interface TaskOptions {
  /** Whether the task starts enabled (default true); `karafka tasks enable|disable` changes it. */
  readonly enabled?: boolean;
}

/** A declared task with its state, as `states()` reads it. */
export interface TaskStatus {
  readonly name: string;
  /** The schedule, for people. */
  readonly schedule: string;
  readonly enabled: boolean;
  /** The last schedule time a run was started for. */
  readonly lastTick: Date | null;
  /** The next schedule time after now. */
  readonly nextTick: Date | null;
  /** Commands written and not yet applied by a leader. */
  readonly pendingCommands: number;
}

/** A bad argument to the recurring tasks API. */
export class RecurringTaskError extends Error {
  /** @param message what is wrong, naming the argument */
  constructor(message: string) {
    super(message);
    this.name = 'RecurringTaskError';
  }
}

const enabled = new WeakMap<App, RecurringTasks>();
const TASK_NAME = /^[a-zA-Z0-9._-]{1,200}$/;

/** The recurring tasks of one app: declare them; enable, disable or run them from any process; read states. */
export class RecurringTasks {
  /** The tasks topic and the log topic, as they should be created. */
  readonly topics: { readonly tasks: InternalTopic; readonly log: InternalTopic };
  readonly #app: App;
  readonly #tasks = new Map<string, DeclaredTask>();

  /** Use `enableRecurringTasks(app)`. */
  constructor(app: App, topics: { readonly tasks: InternalTopic; readonly log: InternalTopic }) {
    this.#app = app;
    this.topics = topics;
  }

  /** Names of the declared tasks. */
  get names(): string[] {
    return [...this.#tasks.keys()];
  }

  /** The declared tasks (the leader reads them). */
  get declared(): ReadonlyMap<string, DeclaredTask> {
    return this.#tasks;
  }

  /**
   * Declares a task: `run` runs once per tick of `schedule` (a cron expression in UTC with 5 fields, or 6 with
   * seconds first; or `{ every: ms }`) on the leading process. Throws on a bad name, a name declared twice or a
   * bad schedule.
   */
  schedule(
    name: string,
    schedule: TaskScheduleInput,
    run: (run: TaskRun) => Promise<void> | void,
    options: TaskOptions = {},
  ): this {
    if (typeof name !== 'string' || !TASK_NAME.test(name)) {
      throw new RecurringTaskError(
        `schedule(): the task name must be letters, digits, '.', '_' or '-' (got ${JSON.stringify(name)})`,
      );
    }
    if (this.#tasks.has(name)) throw new RecurringTaskError(`schedule(): task '${name}' is declared twice`);
    if (typeof run !== 'function') throw new RecurringTaskError(`schedule('${name}'): the task must be a function`);
    this.#tasks.set(name, { name, schedule: taskSchedule(name, schedule), run, enabled: options.enabled ?? true });
    return this;
  }

  /** Asks the leader to enable `name` (it runs at its next tick). */
  enable(name: string): Promise<void> {
    return this.#command(name, 'enable');
  }

  /** Asks the leader to disable `name` (a run in progress finishes). */
  disable(name: string): Promise<void> {
    return this.#command(name, 'disable');
  }

  /** Asks the leader to run `name` now (also when disabled); the run is logged with trigger `command`. */
  runNow(name: string): Promise<void> {
    return this.#command(name, 'run');
  }

  /** Reads the tasks topic and returns every declared task with its state. */
  async states(): Promise<TaskStatus[]> {
    const messages = await this.#readAll(this.topics.tasks.name);
    const states = new Map<string, TaskState>();
    const commands = new Map<string, string>();
    for (const message of messages) {
      const record = decodeTaskRecord(message);
      if (record.kind === 'state') {
        if (record.state === undefined) states.delete(record.task);
        else states.set(record.task, record.state);
      }
      if (record.kind === 'command') {
        if (record.command === undefined) commands.delete(record.id);
        else commands.set(record.id, record.command.task);
      }
    }
    const now = Date.now();
    return [...this.#tasks.values()].map((task) => {
      const state = states.get(task.name);
      const next = task.schedule.next(now);
      return {
        name: task.name,
        schedule: task.schedule.description,
        enabled: state?.enabled ?? task.enabled,
        lastTick: state?.lastTick === undefined || state.lastTick === null ? null : new Date(state.lastTick),
        nextTick: next === undefined ? null : new Date(next),
        pendingCommands: [...commands.values()].filter((t) => t === task.name).length,
      };
    });
  }

  /** The last `limit` records of the log of runs, oldest first. */
  async log(limit = 50): Promise<TaskLogRecord[]> {
    positiveInteger('log', 'limit', limit);
    const admin = this.#admin();
    try {
      const messages = await admin.readTopic(this.topics.log.name, 0, limit);
      return messages.flatMap((message) => decodeLogRecord(message) ?? []);
    } finally {
      await admin.close();
    }
  }

  async #command(name: string, action: TaskAction): Promise<void> {
    if (!this.#tasks.has(name)) {
      throw new RecurringTaskError(
        `${action === 'run' ? 'runNow' : action}(): no task '${String(name)}' (declared: ${this.names.join(', ') || 'none'})`,
      );
    }
    await this.#app.producer.produceSync({
      topic: this.topics.tasks.name,
      partition: 0,
      key: `${COMMAND_PREFIX}${randomUUID()}`,
      payload: JSON.stringify({ task: name, action, requestedAt: Date.now() }),
    });
  }

  #admin(): Admin {
    return new Admin({ kafka: this.#app.settings.kafka, oauthBearerProvider: this.#app.settings.oauthBearerProvider });
  }

  async #readAll(topic: string): Promise<KafkaMessage[]> {
    const admin = this.#admin();
    try {
      const { low, high } = (await admin.readWatermarkOffsets(topic, 0)) as { low: number; high: number };
      return high <= low ? [] : await admin.readTopic(topic, 0, high - low, low);
    } finally {
      await admin.close();
    }
  }
}

/**
 * Turns recurring tasks on for `app`: adds the tasks topic to its routes (its own subscription group, the
 * built-in leader as consumer; `karafka topics migrate` or `karafka tasks install` creates it and the log
 * topic). Declare tasks on what it returns. Calling it twice is refused.
 */
export function enableRecurringTasks(app: App, options: RecurringTasksOptions = {}): RecurringTasks {
  if (enabled.has(app))
    throw new RecurringTaskError(`enableRecurringTasks(): already enabled for app '${app.settings.clientId}'`);
  const api = 'enableRecurringTasks';
  const name = requireName(api, 'topic', options.topic ?? 'karafka_recurring_tasks');
  const logName = requireName(api, 'logTopic', options.logTopic ?? 'karafka_recurring_tasks_log');
  if (logName === name)
    throw new RecurringTaskError(`${api}(): options 'topic' and 'logTopic' must differ (both '${name}')`);
  const replicationFactor = positiveInteger(api, 'replicationFactor', options.replicationFactor ?? 1);
  const retention = positiveInteger(api, 'logRetentionMs', options.logRetentionMs ?? 7 * 86_400_000);
  const topics = {
    tasks: {
      name,
      partitions: 1,
      replicationFactor,
      configs: { 'cleanup.policy': 'compact', 'min.cleanable.dirty.ratio': '0.1', 'segment.ms': String(3_600_000) },
    },
    log: {
      name: logName,
      partitions: 1,
      replicationFactor,
      configs: { 'cleanup.policy': 'delete', 'retention.ms': String(retention) },
    },
  };
  const tasks = new RecurringTasks(app, topics);
  const consumer = ownedPartitionConsumer(app, 'tasks', (context) => new TaskLeader(context, tasks.declared, logName));
  app.routes.draw((r) =>
    r.subscriptionGroup(name, (s) =>
      s.topic(name, {
        consumer,
        deserializer: 'raw',
        initialOffset: 'earliest',
        manualOffsetManagement: true,
        eofed: true,
        config: { partitions: 1, replicationFactor, configs: topics.tasks.configs },
      }),
    ),
  );
  enabled.set(app, tasks);
  return tasks;
}

/** The recurring tasks of `app`, when `enableRecurringTasks` was called for it. */
export function recurringTasksOf(app: App): RecurringTasks | undefined {
  return enabled.get(app);
}
