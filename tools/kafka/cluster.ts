/**
 * The local Kafka: start (idempotent), stop (TERM then KILL), status, and node-level kill/restart
 * for failover tests. Used by `npm run kafka:*`, the test harness, the benchmarks and the quick start.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { renderServerProperties, securedListenerAddresses } from './broker-config.js';
import { ensureJars } from './jars.js';
import {
  formatIfNeeded,
  runKafkaTool,
  isAlive,
  logSize,
  logsStarted,
  nodeFiles,
  portOpen,
  runningPid,
  signal,
  spawnNode,
  strayBrokerPids,
  tailLog,
} from './node-process.js';
import { ensureSecrets, type LocalSecrets } from './secrets.js';
import {
  KAFKA_VERSION,
  bootstrapServers,
  host,
  layout,
  secretsDir,
  type ClusterLayout,
  type NodeLayout,
} from './settings.js';

/** How long a start may take before it is reported as failed. */
const START_TIMEOUT_MS = { 1: 90_000, 3: 180_000 } as const;
/** How long SIGTERM gets before SIGKILL. */
const STOP_GRACE_MS = 20_000;

/** What `status()` reports for one node. */
export interface NodeStatus {
  readonly id: number;
  readonly address: string;
  readonly pid: number | undefined;
  readonly running: boolean;
  readonly log: string;
  /** Every listener the node serves clients on (`PLAINTEXT://127.0.0.1:9092`, ...), from its configuration. */
  readonly listeners: readonly string[];
  /** Folder of the CA file, client certificate and credentials of the secured listeners, if any. */
  readonly secrets: string | undefined;
}

/** The single node's secured listeners and what a client needs to use them. */
export interface SecureKafka {
  /** `SSL` listener, mutual TLS (a client certificate is required). */
  readonly ssl: string;
  /** `SASL_SSL` listener: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512. */
  readonly saslSsl: string;
  /** `SASL_SSL` listener with OAUTHBEARER only (unsecured JWTs). */
  readonly oauthBearer: string;
  /** `SSL` listener whose certificate names another host: host name verification fails there. */
  readonly wrongHost: string;
  /** CA, client certificate, keystores and the SASL user. */
  readonly secrets: LocalSecrets;
}

/** A running (or not) local cluster. */
export interface LocalKafka {
  readonly layout: ClusterLayout;
  readonly bootstrapServers: string;
  /** The secured listeners (single node only), when the running broker serves them. */
  readonly secure?: SecureKafka;
}

/** Kafka's cluster id format: 16 random bytes, URL-safe base64 without padding, not starting with '-'. */
function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-') && !/^A{21}[AQ]$/.test(id)) return id;
  }
}

/** Writes configs and formats storage; wipes data formatted by another Kafka version. */
function prepare(
  cluster: ClusterLayout,
  jars: string,
  log: (line: string) => void,
  secrets: LocalSecrets | undefined,
): void {
  mkdirSync(cluster.dir, { recursive: true });
  const versionFile = path.join(cluster.dir, 'kafka.version');
  const idFile = path.join(cluster.dir, 'cluster.id');
  const formattedWith = existsSync(versionFile) ? readFileSync(versionFile, 'utf8').trim() : undefined;
  if (formattedWith !== undefined && formattedWith !== KAFKA_VERSION) {
    log(`Data was formatted by Kafka ${formattedWith}; wiping it for ${KAFKA_VERSION}.`);
    for (const node of cluster.nodes) rmSync(nodeFiles(node).data, { recursive: true, force: true });
    rmSync(idFile, { force: true });
  }
  if (!existsSync(idFile)) writeFileSync(idFile, `${newClusterId()}\n`);
  const clusterId = readFileSync(idFile, 'utf8').trim();
  for (const node of cluster.nodes) {
    mkdirSync(node.dir, { recursive: true });
    writeFileSync(nodeFiles(node).properties, renderServerProperties(cluster, node, secrets));
    const users = secrets === undefined ? undefined : scramUsers(secrets);
    if (formatIfNeeded(node, jars, clusterId, users?.formatArgs ?? [])) {
      if (users === undefined) rmSync(scramMarker(node), { force: true });
      else writeFileSync(scramMarker(node), `${users.fingerprint}\n`);
    }
  }
  writeFileSync(versionFile, `${KAFKA_VERSION}\n`);
}

const SCRAM_MECHANISMS = ['SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;

/** The SCRAM credentials of the secrets' user: as format arguments, and a fingerprint to tell a change. */
function scramUsers(secrets: LocalSecrets): { formatArgs: string[]; fingerprint: string } {
  return {
    formatArgs: SCRAM_MECHANISMS.flatMap((m) => [
      '--add-scram',
      `${m}=[name=${secrets.username},password=${secrets.password}]`,
    ]),
    fingerprint: createHash('sha256').update(`${secrets.username}\0${secrets.password}`).digest('hex'),
  };
}

/** File that records which SCRAM user the node's metadata holds (a fingerprint, not the password). */
function scramMarker(node: NodeLayout): string {
  return path.join(node.dir, 'scram-users.sha256');
}

/**
 * Creates the SCRAM user on a running node whose storage was formatted without it (formatted before the
 * secured listeners existed, or with older secrets), through the plaintext listener.
 */
function ensureScramUser(node: NodeLayout, jars: string, secrets: LocalSecrets, log: (line: string) => void): void {
  const { fingerprint } = scramUsers(secrets);
  const marker = scramMarker(node);
  if (existsSync(marker) && readFileSync(marker, 'utf8').trim() === fingerprint) return;
  log(`Creating the SCRAM user '${secrets.username}' on Kafka node ${String(node.id)} ...`);
  // One mechanism per request: the broker refuses two changes of one user's credentials in a request.
  for (const mechanism of SCRAM_MECHANISMS) {
    const result = runKafkaTool(jars, nodeFiles(node).logs, 'org.apache.kafka.tools.ConfigCommand', [
      '--bootstrap-server',
      `${host}:${String(node.port)}`,
      '--alter',
      '--entity-type',
      'users',
      '--entity-name',
      secrets.username,
      '--add-config',
      `${mechanism}=[password=${secrets.password}]`,
    ]);
    if (result.status !== 0) {
      throw new Error(
        `Creating the ${mechanism} user '${secrets.username}' failed (exit ${String(result.status)}):\n` +
          result.output.replaceAll(secrets.password, '***'),
      );
    }
  }
  writeFileSync(marker, `${fingerprint}\n`);
}

/** The secured listeners of a single node started with `secrets`. */
function secureKafka(node: NodeLayout, secrets: LocalSecrets): SecureKafka | undefined {
  if (node.secure === undefined) return undefined;
  const addresses = securedListenerAddresses(node.secure);
  return {
    ssl: addresses.SSL!,
    saslSsl: addresses.SASL_SSL!,
    oauthBearer: addresses.OAUTHBEARER!,
    wrongHost: addresses.WRONGHOST!,
    secrets,
  };
}

/** Ports a node listens on: clients, controller and the secured listeners. */
function nodePorts(node: NodeLayout): number[] {
  const { secure } = node;
  const securePorts = secure === undefined ? [] : [secure.ssl, secure.saslSsl, secure.oauthBearer, secure.wrongHost];
  return [node.port, node.controllerPort, ...securePorts];
}

/** Resolves once the node accepts connections and logged its start; throws with the log tail otherwise. */
async function waitReady(node: NodeLayout, pid: number, fromByte: number, deadline: number): Promise<void> {
  for (;;) {
    if (!isAlive(pid)) {
      throw new Error(`Kafka node ${String(node.id)} exited during start. Last log lines:\n${tailLog(node)}`);
    }
    if (logsStarted(node, fromByte) && (await portOpen(node.port))) return;
    if (Date.now() > deadline) {
      throw new Error(`Kafka node ${String(node.id)} did not start in time. Last log lines:\n${tailLog(node)}`);
    }
    await delay(200);
  }
}

/** Starts every node of `nodes` that is not running yet and waits until all serve requests. */
export async function startKafka(
  nodes: 1 | 3 = 1,
  options: { fresh?: boolean; heap?: string; log?: (line: string) => void } = {},
): Promise<LocalKafka> {
  const log = options.log ?? console.log;
  const cluster = layout(nodes);
  const jars = ensureJars(log);
  if (options.fresh === true) {
    await stopCluster(cluster, log);
    rmSync(cluster.dir, { recursive: true, force: true });
  }
  const secured = cluster.nodes.some((node) => node.secure !== undefined);
  const secrets = secured ? ensureSecrets(secretsDir(cluster), log) : undefined;
  const pending: { node: NodeLayout; pid: number; from: number }[] = [];
  const toStart: NodeLayout[] = [];
  for (const node of cluster.nodes) {
    const pid = runningPid(node);
    if (pid !== undefined) pending.push({ node, pid, from: 0 });
    else toStart.push(node);
  }
  for (const node of toStart) {
    for (const port of nodePorts(node)) {
      if (await portOpen(port)) {
        throw new Error(
          `Port ${String(port)} is taken by a process that is not this project's Kafka: free it or set ` +
            (nodes === 1 ? 'KAFKA_PORT (the single node uses it and the five ports after it)' : 'KAFKA_CLUSTER_PORT'),
        );
      }
    }
  }
  if (toStart.length > 0) {
    prepare(cluster, jars, log, secrets);
    for (const node of toStart) {
      const from = logSize(node);
      pending.push({ node, pid: spawnNode(node, jars, options.heap ?? (nodes === 1 ? '512M' : '384M')), from });
    }
  }
  const deadline = Date.now() + START_TIMEOUT_MS[nodes];
  try {
    // A combined node cannot finish starting without a controller majority: start all, then wait for all.
    await Promise.all(pending.map(({ node, pid, from }) => waitReady(node, pid, from, deadline)));
  } catch (error) {
    if (toStart.length > 0) await stopCluster(cluster, () => undefined);
    throw error;
  }
  const servers = bootstrapServers(cluster);
  log(
    toStart.length === 0
      ? `Kafka ${KAFKA_VERSION} is already running on ${servers}`
      : `Kafka ${KAFKA_VERSION} is running on ${servers}`,
  );
  const outdated = cluster.nodes.filter(
    (node) => readFileSync(nodeFiles(node).properties, 'utf8') !== renderServerProperties(cluster, node, secrets),
  );
  if (outdated.length > 0) {
    log(
      `Kafka node(s) ${outdated.map((n) => String(n.id)).join(', ')} run an older configuration` +
        (secured ? ' (the secured listeners may be missing)' : '') +
        ': restart to apply it (npm run kafka:stop, then npm run kafka:start)',
    );
  }
  const single = cluster.nodes[0]!;
  if (secrets === undefined || outdated.length > 0 || single.secure === undefined) {
    return { layout: cluster, bootstrapServers: servers };
  }
  ensureScramUser(single, jars, secrets, log);
  const secure = secureKafka(single, secrets)!;
  log(
    `Secured listeners: SSL (mutual TLS) ${secure.ssl}, SASL_SSL (PLAIN, SCRAM) ${secure.saslSsl}, ` +
      `SASL_SSL (OAUTHBEARER) ${secure.oauthBearer}; CA, client certificate and credentials in ${secrets.dir}`,
  );
  return { layout: cluster, bootstrapServers: servers, secure };
}

/** TERM to every running node at once, KILL after the grace period; leaves no broker JVM behind. */
async function stopCluster(cluster: ClusterLayout, log: (line: string) => void): Promise<number> {
  const pids = cluster.nodes.map((node) => runningPid(node)).filter((pid): pid is number => pid !== undefined);
  await terminate(pids);
  for (const node of cluster.nodes) rmSync(nodeFiles(node).pid, { force: true });
  if (pids.length > 0) log(`Stopped Kafka (${cluster.name}, ${String(pids.length)} node(s)).`);
  return pids.length;
}

async function terminate(pids: number[]): Promise<void> {
  for (const pid of pids) signal(pid, 'SIGTERM');
  const deadline = Date.now() + STOP_GRACE_MS;
  while (pids.some(isAlive) && Date.now() < deadline) await delay(100);
  const stubborn = pids.filter(isAlive);
  for (const pid of stubborn) signal(pid, 'SIGKILL');
  while (stubborn.some(isAlive)) await delay(50);
}

/** Stops only the single node (1) or only the three-node cluster (3). */
export async function stopNodes(nodes: 1 | 3, log: (line: string) => void = console.log): Promise<void> {
  await stopCluster(layout(nodes), log);
}

/** Stops the single node and the three-node cluster, then any stray broker started from this folder. */
export async function stopKafka(log: (line: string) => void = console.log): Promise<void> {
  let stopped = 0;
  for (const nodes of [1, 3] as const) stopped += await stopCluster(layout(nodes), log);
  const strays = strayBrokerPids();
  if (strays.length > 0) {
    await terminate(strays);
    log(`Stopped ${String(strays.length)} stray Kafka process(es).`);
  }
  if (stopped === 0 && strays.length === 0) log('Kafka is not running.');
}

/** Running state, address, pid and log file of every node of the layout. */
export function kafkaStatus(nodes: 1 | 3 = 1): NodeStatus[] {
  const cluster = layout(nodes);
  return cluster.nodes.map((node) => {
    const pid = runningPid(node);
    const listeners = configuredListeners(node);
    const secrets = secretsDir(cluster);
    return {
      id: node.id,
      address: `127.0.0.1:${String(node.port)}`,
      pid,
      running: pid !== undefined,
      log: nodeFiles(node).log,
      listeners,
      secrets: listeners.some((l) => !l.startsWith('PLAINTEXT:')) && existsSync(secrets) ? secrets : undefined,
    };
  });
}

/** `advertised.listeners` of the node's properties file (what it serves clients on once started). */
function configuredListeners(node: NodeLayout): string[] {
  const file = nodeFiles(node).properties;
  if (!existsSync(file)) return [];
  const line = readFileSync(file, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('advertised.listeners='));
  return line === undefined ? [] : line.slice('advertised.listeners='.length).split(',');
}

/** True when every node of the layout is running. */
export function kafkaRunning(nodes: 1 | 3 = 1): boolean {
  return kafkaStatus(nodes).every((s) => s.running);
}

/**
 * Kills one node with SIGKILL (a crash) and waits until it is gone: node `id` (1-3) of the three-node cluster,
 * or, with `nodes` 1, the single node (id 1).
 */
export async function killNode(id: number, nodes: 1 | 3 = 3): Promise<void> {
  const node = layoutNode(id, nodes);
  const pid = runningPid(node);
  if (pid === undefined) return;
  signal(pid, 'SIGKILL');
  while (isAlive(pid)) await delay(50);
  rmSync(nodeFiles(node).pid, { force: true });
}

/**
 * Starts a stopped node again (no re-format) and waits until it serves: node `id` of the three-node cluster,
 * or, with `nodes` 1, the single node.
 */
export async function restartNode(id: number, nodes: 1 | 3 = 3): Promise<void> {
  const node = layoutNode(id, nodes);
  if (runningPid(node) !== undefined) return;
  const jars = ensureJars();
  const from = logSize(node);
  const pid = spawnNode(node, jars, nodes === 1 ? '512M' : '384M');
  await waitReady(node, pid, from, Date.now() + START_TIMEOUT_MS[1]);
}

function layoutNode(id: number, nodes: 1 | 3): NodeLayout {
  const node = layout(nodes).nodes.find((n) => n.id === id);
  if (node === undefined) {
    throw new Error(
      nodes === 1
        ? `The single-node Kafka has node 1 only, not ${String(id)}`
        : `The three-node cluster has nodes 1, 2 and 3, not ${String(id)}`,
    );
  }
  return node;
}
