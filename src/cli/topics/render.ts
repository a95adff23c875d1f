/**
 * How `karafka topics` words its output: one line per change (planned or done), warnings, a summary.
 * Pure, so the wording is tested without Kafka; scripts can grep the lines (`create `, `add partitions `,
 * `alter config `, `delete `, `warning: `).
 */
import type { DeclaredTopic } from './declared-topics.js';
import type { PlanWarning, TopicChange } from './plan.js';

/** A change the topics CLI reports, the deletion of a topic included. */
export type ReportedChange = TopicChange | { readonly kind: 'delete'; readonly name: string };

/** Whether a change is only planned or already done. */
export type Tense = 'planned' | 'done';

const VERBS: Record<ReportedChange['kind'], Record<Tense, string>> = {
  create: { planned: 'create', done: 'created' },
  'add-partitions': { planned: 'add partitions', done: 'added partitions' },
  'alter-config': { planned: 'alter config', done: 'altered config' },
  delete: { planned: 'delete', done: 'deleted' },
};

/** `6 partitions, replication factor 1, configs retention.ms=1000 cleanup.policy=compact`. */
export function describeTopic(topic: DeclaredTopic): string {
  const configs = Object.entries(topic.configs).map(([key, value]) => `${key}=${value}`);
  return (
    `${String(topic.partitions)} partition${topic.partitions === 1 ? '' : 's'}, ` +
    `replication factor ${String(topic.replicationFactor)}` +
    (configs.length > 0 ? `, configs ${configs.join(' ')}` : '')
  );
}

function configValue(value: string | null | undefined): string {
  if (value === undefined) return '(not set)';
  if (value === null) return '(hidden)';
  return value;
}

/** One line for a change, e.g. `create orders: 6 partitions, replication factor 1`. */
export function changeLine(change: ReportedChange, tense: Tense): string {
  const verb = VERBS[change.kind][tense];
  switch (change.kind) {
    case 'create':
      return `${verb} ${change.topic.name}: ${describeTopic(change.topic)}`;
    case 'add-partitions':
      return `${verb} ${change.name}: ${String(change.from)} -> ${String(change.to)}`;
    case 'alter-config':
      return `${verb} ${change.name} ${change.key}: ${configValue(change.from)} -> ${change.to}`;
    case 'delete':
      return `${verb} ${change.name}`;
  }
}

/** `warning: ...`. */
export function warningLine(warning: PlanWarning): string {
  return `warning: ${warning.message}`;
}

/** `Plan: 1 topic to create, 2 configs to alter.` / `Done: 1 topic created.` / `No changes.` */
export function summaryLine(changes: readonly ReportedChange[], tense: Tense): string {
  if (changes.length === 0) return 'No changes.';
  const count = (kind: ReportedChange['kind']): number => changes.filter((c) => c.kind === kind).length;
  const parts: [number, string, string, string][] = [
    [count('delete'), 'topic', 'to delete', 'deleted'],
    [count('create'), 'topic', 'to create', 'created'],
    [count('add-partitions'), 'topic', 'to add partitions to', 'given more partitions'],
    [count('alter-config'), 'config', 'to alter', 'altered'],
  ];
  const words = parts
    .filter(([n]) => n > 0)
    .map(
      ([n, noun, planned, done]) => `${String(n)} ${noun}${n === 1 ? '' : 's'} ${tense === 'planned' ? planned : done}`,
    );
  return `${tense === 'planned' ? 'Plan' : 'Done'}: ${words.join(', ')}.`;
}
