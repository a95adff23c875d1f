/**
 * One Kafka node as an operating-system process: format, spawn (detached), probe, signal, find strays.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { cacheDir, host, toolsDir, type NodeLayout } from './settings.js';

const STARTED_LINE = 'Kafka Server started';

/** Files of one node. */
export function nodeFiles(node: NodeLayout): {
  properties: string;
  data: string;
  logs: string;
  log: string;
  pid: string;
} {
  const logs = path.join(node.dir, 'logs');
  return {
    properties: path.join(node.dir, 'server.properties'),
    data: path.join(node.dir, 'data'),
    logs,
    log: path.join(logs, 'broker.log'),
    pid: path.join(node.dir, 'broker.pid'),
  };
}

/** Java options shared by the broker and the tools. */
export function javaBaseArgs(jars: string, heap: string, log4jFile: string, logsDir: string): string[] {
  return [
    `-Xms${heap}`,
    `-Xmx${heap}`,
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-Djava.awt.headless=true',
    '-Duser.language=en',
    '-Duser.country=US',
    `-Dkafka.logs.dir=${logsDir}`,
    `-Dlog4j2.configurationFile=${path.join(toolsDir, log4jFile)}`,
    '-cp',
    `${jars}/*`,
  ];
}

/**
 * Formats the node's storage with `clusterId` unless it already holds a `meta.properties`; `extraArgs` go to
 * the format command (e.g. `--add-scram`). Returns true when it formatted.
 */
export function formatIfNeeded(node: NodeLayout, jars: string, clusterId: string, extraArgs: string[] = []): boolean {
  const files = nodeFiles(node);
  if (existsSync(path.join(files.data, 'meta.properties'))) return false;
  mkdirSync(files.logs, { recursive: true });
  const result = runKafkaTool(jars, files.logs, 'kafka.tools.StorageTool', [
    'format',
    '-t',
    clusterId,
    '-c',
    files.properties,
    ...extraArgs,
  ]);
  if (result.status !== 0) {
    throw new Error(`Formatting Kafka storage of node ${String(node.id)} failed:\n${result.output}`);
  }
  return true;
}

/** Runs one of Kafka's command-line tools (`mainClass`) and waits for it; output is stdout and stderr. */
export function runKafkaTool(
  jars: string,
  logsDir: string,
  mainClass: string,
  args: string[],
): { status: number | null; output: string } {
  const result = spawnSync(
    'java',
    [...javaBaseArgs(jars, '256M', 'tools-log4j2.properties', logsDir), mainClass, ...args],
    {
      encoding: 'utf8',
    },
  );
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Starts the node's JVM detached from this process, output appended to its log file. Returns the pid. */
export function spawnNode(node: NodeLayout, jars: string, heap: string): number {
  const files = nodeFiles(node);
  mkdirSync(files.logs, { recursive: true });
  const out = openSync(files.log, 'a');
  try {
    const child = spawn(
      'java',
      [...javaBaseArgs(jars, heap, 'log4j2.properties', files.logs), 'kafka.Kafka', files.properties],
      { detached: true, stdio: ['ignore', out, out], cwd: node.dir },
    );
    if (child.pid === undefined) throw new Error(`Could not start java for Kafka node ${String(node.id)}`);
    child.unref();
    writeFileSync(files.pid, `${String(child.pid)}\n`);
    return child.pid;
  } finally {
    closeSync(out);
  }
}

/** The pid recorded for the node, if that process is alive and is this node's broker. */
export function runningPid(node: NodeLayout): number | undefined {
  const files = nodeFiles(node);
  if (!existsSync(files.pid)) return undefined;
  const pid = Number(readFileSync(files.pid, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  return isBrokerOf(pid, node) ? pid : undefined;
}

/** True when `pid` is alive and runs `kafka.Kafka` with this node's properties file. */
function isBrokerOf(pid: number, node: NodeLayout): boolean {
  const cmdline = readCmdline(pid);
  return cmdline !== undefined && cmdline.includes('kafka.Kafka') && cmdline.includes(nodeFiles(node).properties);
}

function readCmdline(pid: number): string | undefined {
  try {
    const raw = readFileSync(`/proc/${String(pid)}/cmdline`, 'utf8');
    const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    // A zombie (state Z) has exited already.
    if (/^\d+ \(.*\) Z/.test(stat)) return undefined;
    return raw.replaceAll('\0', ' ');
  } catch {
    return undefined;
  }
}

/** True while `pid` exists and is not a zombie. */
export function isAlive(pid: number): boolean {
  return readCmdline(pid) !== undefined;
}

/** Pids of every broker JVM started from this cache folder (including ones whose pid file was lost). */
export function strayBrokerPids(): number[] {
  const runDir = path.join(cacheDir, 'run');
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = readCmdline(Number(entry));
    if (cmdline?.includes('kafka.Kafka') && cmdline.includes(runDir)) pids.push(Number(entry));
  }
  return pids;
}

/** Resolves true when a TCP connection to `port` succeeds within `timeoutMs`. */
export function portOpen(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (open: boolean): void => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** True once the node's current log says the server started. */
export function logsStarted(node: NodeLayout, fromByte: number): boolean {
  const file = nodeFiles(node).log;
  if (!existsSync(file)) return false;
  const fd = openSync(file, 'r');
  try {
    const length = Math.max(0, fstatSync(fd).size - fromByte);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, fromByte);
    return buffer.toString('utf8').includes(STARTED_LINE);
  } finally {
    closeSync(fd);
  }
}

/** Size of the node's log file now (to read only what a new start writes). */
export function logSize(node: NodeLayout): number {
  const file = nodeFiles(node).log;
  return existsSync(file) ? statSync(file).size : 0;
}

/** The last `count` lines of the node's log file. */
export function tailLog(node: NodeLayout, count = 40): string {
  const file = nodeFiles(node).log;
  if (!existsSync(file)) return '(no log file yet)';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-count).join('\n');
}

/** Sends `signal` to `pid`, ignoring a process that is already gone. */
export function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
