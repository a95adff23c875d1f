/**
 * Where the chaos suite's brokers live and listen. They are never the shared test broker (127.0.0.1:9092,
 * `.kafka/`) nor the three-node cluster of the tooling test (19092+): the suite kills and restarts its
 * brokers, so it runs its own, from `.kafka-chaos/`.
 *
 * These variables must be set before `tools/kafka/settings.ts` is imported (its cache folder is computed at
 * import time): `vitest.chaos.config.ts` sets them for the run and its workers. This file imports nothing of
 * `tools/kafka/` for that reason.
 */
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');

/** The environment of every chaos run. */
export const CHAOS_ENV = {
  /** Cache folder of the chaos brokers (jars are linked from `.kafka/` when it has them). */
  KARAFKA_KAFKA_HOME: path.join(repoRoot, '.kafka-chaos'),
  /** The chaos single node: clients on 31092, its controller on 31093, secured listeners on 31094-31097. */
  KAFKA_PORT: '31092',
  /** The chaos three-node cluster: 31192, 31292, 31392 (controllers on the next ports). */
  KAFKA_CLUSTER_PORT: '31192',
} as const;

/*
 * The ports stay below Linux's ephemeral range (32768-60999): a broker restarted on a port in that range can
 * find it taken by some client's outgoing connection ("Address already in use"), as seen on 39096.
 */

/** Ports and folder that belong to other users of the machine: the chaos suite must never touch them. */
export const SHARED_KAFKA = {
  home: path.join(repoRoot, '.kafka'),
  ports: [9092, 19092, 19192, 19292],
} as const;
