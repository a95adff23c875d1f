/**
 * The chaos suite's own brokers: the single node and the three-node cluster of `tools/kafka/`, in
 * `.kafka-chaos/` on ports 31092 and 31192+. Importing this file fails at once when the environment would
 * point the tooling at the shared broker, so a scenario can never kill someone else's Kafka.
 */
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import type { Admin } from '../../../src/admin/admin.js';
import { kafkaRunning, killNode, restartNode, startKafka, stopNodes } from '../../../tools/kafka/cluster.js';
import { KAFKA_VERSION, bootstrapServers, cacheDir, jarsDir, layout } from '../../../tools/kafka/settings.js';
import { CHAOS_ENV, SHARED_KAFKA } from './chaos-env.js';

function assertOwnBrokers(): void {
  const ports = [...layout(1).nodes, ...layout(3).nodes].flatMap((n) => [n.port, n.controllerPort]);
  const shared = ports.filter((p) => (SHARED_KAFKA.ports as readonly number[]).includes(p));
  if (path.resolve(cacheDir) !== CHAOS_ENV.KARAFKA_KAFKA_HOME || shared.length > 0) {
    throw new Error(
      `The chaos suite must run its own brokers (KARAFKA_KAFKA_HOME=${CHAOS_ENV.KARAFKA_KAFKA_HOME}, ` +
        `KAFKA_PORT=${CHAOS_ENV.KAFKA_PORT}, KAFKA_CLUSTER_PORT=${CHAOS_ENV.KAFKA_CLUSTER_PORT}, set before ` +
        `tools/kafka/settings.ts loads), but the tooling points at ${cacheDir}` +
        (shared.length > 0 ? ` and the shared port(s) ${shared.join(', ')}` : '') +
        ': run it with `npm run test:chaos`',
    );
  }
}

assertOwnBrokers();

const quiet = (): void => undefined;

/** Links the jars the shared setup already fetched, so the chaos brokers need no second Maven run. */
export function linkSharedJars(): void {
  const shared = path.join(SHARED_KAFKA.home, 'jars', KAFKA_VERSION);
  if (existsSync(jarsDir) || !existsSync(path.join(shared, '.complete'))) return;
  mkdirSync(path.dirname(jarsDir), { recursive: true });
  symlinkSync(shared, jarsDir, 'dir');
}

/** `host:port` of the chaos single node. */
export const singleBootstrap = bootstrapServers(layout(1));
/** `host:port,...` of the chaos three-node cluster. */
export const clusterBootstrap = bootstrapServers(layout(3));

/** Starts the chaos single node unless it runs (`fresh` wipes its data first). */
export async function startSingle(options: { fresh?: boolean } = {}): Promise<void> {
  await startKafka(1, { log: quiet, ...options });
}

/** True while the chaos single node runs. */
export function singleRunning(): boolean {
  return kafkaRunning(1);
}

/** SIGKILLs the chaos single node (a crash) and waits until the process is gone. */
export function killSingle(): Promise<void> {
  return killNode(1, 1);
}

/** Starts the chaos single node again after a kill; resolves once it serves requests. */
export function restartSingle(): Promise<void> {
  return restartNode(1, 1);
}

/** Starts the chaos three-node cluster unless it runs (`fresh` wipes its data first). */
export async function startCluster(options: { fresh?: boolean } = {}): Promise<void> {
  await startKafka(3, { log: quiet, ...options });
}

/** Stops only the chaos three-node cluster (it is big for a 2-core machine: only one scenario needs it). */
export function stopCluster(): Promise<void> {
  return stopNodes(3, quiet);
}

/** SIGKILLs node `id` (1-3, the Kafka `node.id`) of the chaos cluster. */
export function killClusterNode(id: number): Promise<void> {
  return killNode(id, 3);
}

/** Starts node `id` of the chaos cluster again; resolves once it serves requests. */
export function restartClusterNode(id: number): Promise<void> {
  return restartNode(id, 3);
}

/** Stops every chaos broker (the single node, the cluster, and strays started from `.kafka-chaos/`). */
export async function stopAllChaosBrokers(): Promise<void> {
  await stopNodes(1, quiet);
  await stopNodes(3, quiet);
}

/** Leader broker id of each partition of `topic`. */
export async function partitionLeaders(admin: Admin, topic: string): Promise<Map<number, number>> {
  const info = await admin.topicInfo(topic);
  return new Map(info.partitions.map((p) => [p.partition, p.leader]));
}

/** Java's `String.hashCode` (what Kafka hashes a group id with). */
export function javaHashCode(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i += 1) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return hash;
}

/**
 * The broker that coordinates `groupId`: the leader of the `__consumer_offsets` partition the group hashes
 * to, `abs(groupId.hashCode()) % partitions` (Kafka's `GroupCoordinatorService.partitionFor`, with Kafka's
 * `Utils.abs`, which maps Integer.MIN_VALUE to 0).
 */
export async function groupCoordinator(admin: Admin, groupId: string): Promise<number> {
  const offsets = await admin.topicInfo('__consumer_offsets');
  const hash = javaHashCode(groupId);
  const partition = (hash === -2147483648 ? 0 : Math.abs(hash)) % offsets.partitionCount;
  const leader = offsets.partitions.find((p) => p.partition === partition)?.leader;
  if (leader === undefined || leader < 0) {
    throw new Error(`__consumer_offsets partition ${String(partition)} (group ${groupId}) has no leader`);
  }
  return leader;
}
