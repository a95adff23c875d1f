/**
 * Where the local Kafka lives and how it is shaped: versions, folders, ports.
 *
 * Everything here can be overridden by environment variables so that CI, benchmarks and a developer's
 * machine can share the code without sharing a port or a folder.
 */
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The pinned Apache Kafka release (the newest 4.x that resolves from Maven and starts cleanly). */
export const KAFKA_VERSION = '4.4.0';
/** The Log4j 2 release Kafka 4.4 itself pins (`gradle/dependencies.gradle`). */
export const LOG4J_VERSION = '2.25.5';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Root of the repository. */
export const repoRoot = path.resolve(here, '..', '..');

/** This folder: the POM and the Log4j configuration files. */
export const toolsDir = here;

/** Cache folder for jars and broker state, outside the tracked files (`.kafka/` is git-ignored). */
export const cacheDir = path.resolve(process.env.KARAFKA_KAFKA_HOME ?? path.join(repoRoot, '.kafka'));

/** Folder the broker jars are copied into, one per Kafka version so stale jars never mix. */
export const jarsDir = path.join(cacheDir, 'jars', KAFKA_VERSION);

/** Host every listener binds to and advertises (Node may resolve `localhost` to ::1). */
export const host = '127.0.0.1';

/**
 * Client port of the single-node broker (`KAFKA_PORT`, default 9092); its controller uses the next one and its
 * secured listeners the four after that.
 */
export function singleNodePort(): number {
  return parsePort('KAFKA_PORT', 9092, 65530);
}

/** First client port of the three-node cluster (`KAFKA_CLUSTER_PORT`, default 19092). */
export function clusterBasePort(): number {
  return parsePort('KAFKA_CLUSTER_PORT', 19092, 65334);
}

function parsePort(name: string, fallback: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1024 || port > max) {
    throw new Error(`${name}=${raw} is not a usable port: give an integer from 1024 to ${String(max)}`);
  }
  return port;
}

/** One broker+controller process of a local cluster. */
export interface NodeLayout {
  /** Kafka `node.id`, 1-based. */
  readonly id: number;
  /** Client (PLAINTEXT) port. */
  readonly port: number;
  /** Controller (KRaft) port. */
  readonly controllerPort: number;
  /** Folder with `server.properties`, `data/`, `logs/` and the pid file. */
  readonly dir: string;
  /** The secured listeners' ports (the single node only). */
  readonly secure?: SecurePorts;
}

/**
 * Ports of the single node's secured listeners, each next to the plaintext one and served with the
 * certificates and users of `secrets.ts`.
 */
export interface SecurePorts {
  /** `SSL`: TLS with a client certificate required (mutual TLS). */
  readonly ssl: number;
  /** `SASL_SSL`: TLS, then SASL PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512. */
  readonly saslSsl: number;
  /** `SASL_SSL` with OAUTHBEARER only (unsecured JWTs, validated by Kafka's unsecured validator). */
  readonly oauthBearer: number;
  /** `SSL` served with a certificate for another host name (`wrong-host.invalid`): verification must fail. */
  readonly wrongHost: number;
}

/** The shape of a local cluster: one node or three. */
export interface ClusterLayout {
  readonly name: 'single' | 'cluster';
  readonly dir: string;
  readonly nodes: readonly NodeLayout[];
}

/** Layout for `nodes` = 1 (on `KAFKA_PORT`) or 3 (from `KAFKA_CLUSTER_PORT`, 100 apart). */
export function layout(nodes: 1 | 3): ClusterLayout {
  if (nodes === 1) {
    const dir = path.join(cacheDir, 'run', 'single');
    const port = singleNodePort();
    const secure = { ssl: port + 2, saslSsl: port + 3, oauthBearer: port + 4, wrongHost: port + 5 };
    return { name: 'single', dir, nodes: [{ id: 1, port, controllerPort: port + 1, dir, secure }] };
  }
  const dir = path.join(cacheDir, 'run', 'cluster');
  const base = clusterBasePort();
  return {
    name: 'cluster',
    dir,
    nodes: [1, 2, 3].map((id) => {
      const port = base + (id - 1) * 100;
      return { id, port, controllerPort: port + 1, dir: path.join(dir, `n${id}`) };
    }),
  };
}

/** The folder of the cluster's certificates, keystores and credentials. */
export function secretsDir(cluster: ClusterLayout): string {
  return path.join(cluster.dir, 'secrets');
}

/** `host:port,...` for the layout's brokers. */
export function bootstrapServers(cluster: ClusterLayout): string {
  return cluster.nodes.map((n) => `${host}:${n.port}`).join(',');
}
