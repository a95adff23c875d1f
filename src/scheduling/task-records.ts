/**
 * What the recurring tasks topic and its log topic hold. The tasks topic (one partition, compacted) keeps each
 * task's state under `task:<name>` and the commands waiting for the leader under `command:<id>` (the leader
 * deletes a command with a tombstone when it applied it); the log topic keeps one record per run and change.
 */
import type { KafkaMessage } from '../kafka/types.js';

/** Key prefix of a task's state. */
export const STATE_PREFIX = 'task:';
/** Key prefix of a command. */
export const COMMAND_PREFIX = 'command:';

/** A task's state as the leader keeps it. */
export interface TaskState {
  readonly enabled: boolean;
  /** The last schedule time (ms) a run was started for; null before the first. */
  readonly lastTick: number | null;
}

/** What a command asks of the leader. */
export type TaskAction = 'enable' | 'disable' | 'run';

/** A command to the leader. */
export interface TaskCommand {
  readonly id: string;
  readonly task: string;
  readonly action: TaskAction;
}

/** What started a run. */
export type RunTrigger = 'schedule' | 'catch-up' | 'command';

/** One record of the log topic. */
export interface TaskLogRecord {
  readonly task: string;
  /** `started`, `finished`, `failed` for runs; `enabled`, `disabled` for changes; `rejected` for bad commands. */
  readonly status: 'started' | 'finished' | 'failed' | 'enabled' | 'disabled' | 'rejected';
  /** Schedule time the run is for (ms), null for a run-now command and changes. */
  readonly tick: number | null;
  readonly trigger?: RunTrigger;
  /** When it was written (ms). */
  readonly at: number;
  /** `host:pid` of the leader that wrote it. */
  readonly process: string;
  readonly durationMs?: number;
  readonly error?: string;
}

/** One message of the tasks topic, decoded. */
export type TaskTopicRecord =
  | { readonly kind: 'state'; readonly task: string; readonly state: TaskState | undefined }
  | { readonly kind: 'command'; readonly id: string; readonly command: TaskCommand | undefined }
  | { readonly kind: 'other' };

function json(value: Buffer | null): Record<string, unknown> | undefined {
  if (value === null) return undefined;
  try {
    const parsed: unknown = JSON.parse(value.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Decodes a message of the tasks topic (state, command, their tombstones; `undefined` parts are deletions). */
export function decodeTaskRecord(message: KafkaMessage): TaskTopicRecord {
  const key = message.key?.toString('utf8') ?? '';
  const value = json(message.value);
  if (key.startsWith(STATE_PREFIX)) {
    const task = key.slice(STATE_PREFIX.length);
    const state =
      value === undefined
        ? undefined
        : {
            enabled: value.enabled !== false,
            lastTick: typeof value.lastTick === 'number' ? value.lastTick : null,
          };
    return { kind: 'state', task, state };
  }
  if (key.startsWith(COMMAND_PREFIX)) {
    const id = key.slice(COMMAND_PREFIX.length);
    const action = value?.action as TaskAction | undefined;
    const command =
      value !== undefined &&
      typeof value.task === 'string' &&
      (action === 'enable' || action === 'disable' || action === 'run')
        ? { id, task: value.task, action }
        : undefined;
    return { kind: 'command', id, command };
  }
  return { kind: 'other' };
}

/** Reads a log record (undefined when the message is not one). */
export function decodeLogRecord(message: KafkaMessage): TaskLogRecord | undefined {
  const value = json(message.value);
  if (value === undefined || typeof value.task !== 'string' || typeof value.status !== 'string') return undefined;
  return value as unknown as TaskLogRecord;
}
