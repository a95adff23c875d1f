/**
 * The cluster side of `karafka topics`, through the admin API only: reads the declared topics as the
 * cluster has them, and applies changes. Each change resolves once it is visible (the admin waits for
 * created topics and added partitions; config changes are read back here), so a `plan` run right after a
 * `migrate` sees the new state.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Admin } from '../../admin/admin.js';
import { TopicNotFoundError } from '../../admin/errors.js';
import type { DeclaredTopic } from './declared-topics.js';
import type { AlterConfigChange, ExistingTopic, TopicChange } from './plan.js';

/** How long a config change may take to show in DescribeConfigs, in ms. */
const CONFIG_VISIBILITY_TIMEOUT = 30_000;

/** Reads the declared topics that exist, by name, with the declared config keys. */
export async function readExistingTopics(
  admin: Admin,
  declared: readonly DeclaredTopic[],
): Promise<Map<string, ExistingTopic>> {
  const existing = new Map<string, ExistingTopic>();
  for (const topic of declared) {
    let partitions: number;
    let replicationFactor: number;
    try {
      const info = await admin.topicInfo(topic.name);
      partitions = info.partitionCount;
      replicationFactor = info.partitions[0]?.replicas.length ?? 0;
    } catch (error) {
      if (error instanceof TopicNotFoundError) continue;
      throw error;
    }
    const keys = Object.keys(topic.configs);
    const entries = keys.length === 0 ? {} : await admin.describeConfigs(topic.name, keys);
    const configs = Object.fromEntries(Object.values(entries).map((entry) => [entry.name, entry.value]));
    existing.set(topic.name, { name: topic.name, partitions, replicationFactor, configs });
  }
  return existing;
}

/** Sets configs of one topic and waits until DescribeConfigs returns the new values. */
async function alterConfigs(admin: Admin, name: string, changes: readonly AlterConfigChange[]): Promise<void> {
  const wanted = Object.fromEntries(changes.map((c) => [c.key, c.to]));
  await admin.alterConfigs(name, wanted);
  const deadline = Date.now() + CONFIG_VISIBILITY_TIMEOUT;
  for (;;) {
    const current = await admin.describeConfigs(name, Object.keys(wanted));
    const pending = Object.keys(wanted).filter((key) => current[key]?.value !== wanted[key]);
    if (pending.length === 0) return;
    if (Date.now() >= deadline) {
      throw new Error(
        `Altered configs of topic '${name}', but after ${String(CONFIG_VISIBILITY_TIMEOUT)} ms the broker still ` +
          `reports old values for ${pending.join(', ')}`,
      );
    }
    await delay(100);
  }
}

/**
 * Applies `changes` in order, calling `done` after each one (config changes of one topic are sent together,
 * and reported one by one). Stops at the first failure, so what was reported is what was done.
 */
export async function applyChanges(
  admin: Admin,
  changes: readonly TopicChange[],
  done: (change: TopicChange) => void,
): Promise<void> {
  for (let index = 0; index < changes.length; index += 1) {
    const change = changes[index]!;
    switch (change.kind) {
      case 'create': {
        const { topic } = change;
        await admin.createTopic(topic.name, topic.partitions, topic.replicationFactor, topic.configs);
        done(change);
        break;
      }
      case 'add-partitions':
        await admin.createPartitions(change.name, change.to);
        done(change);
        break;
      case 'alter-config': {
        const batch: AlterConfigChange[] = [change];
        for (let next = changes[index + 1]; next?.kind === 'alter-config' && next.name === change.name;) {
          batch.push(next);
          index += 1;
          next = changes[index + 1];
        }
        await alterConfigs(admin, change.name, batch);
        for (const altered of batch) done(altered);
        break;
      }
    }
  }
}
