/**
 * Helpers of the `karafka swarm` process tests: start a swarm of the fixture app and read what its processes
 * log (JSON lines of the supervisor and of every node share one stdout).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { onTestFailed } from 'vitest';
import { CliProcess } from '../../support/cli-process.js';
import { bootstrapServers, createTopic, uniqueName } from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';

const fixture = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'swarm-app.config.ts');

/** A started swarm and the names it uses. */
export interface Swarm {
  readonly process: CliProcess;
  readonly topic: string;
  readonly group: string;
}

/** One JSON log line: `pid` is the writer's; supervisor lines about a node carry the node's as `nodePid`. */
export type LogLine = Readonly<Record<string, unknown>> & {
  readonly event?: string;
  readonly pid?: number;
  readonly nodePid?: number;
};

/** Creates a topic and starts `karafka swarm` on it (2 nodes and test-sized timeouts unless `env` says otherwise). */
export async function startSwarm(partitions: number, env: Record<string, string> = {}): Promise<Swarm> {
  const topic = await createTopic(uniqueName('swarm'), partitions);
  const group = uniqueName('swarm-group');
  const marker = path.join(mkdtempSync(path.join(tmpdir(), 'karafka-swarm-')), 'marker');
  const cli = CliProcess.start(['swarm', '--config', fixture], {
    cwd: path.dirname(fixture),
    env: {
      KAFKA_BOOTSTRAP: bootstrapServers(),
      TOPIC: topic,
      GROUP_ID: group,
      CLIENT_ID: uniqueName('swarm-app'),
      MARKER: marker,
      ...env,
    },
  });
  // What the processes said, for the failure report (without the per-message lines).
  onTestFailed(() => {
    const said = cli.lines.filter((line) => !line.startsWith('CONSUMED') && !line.includes('fetch_loop'));
    console.log(`karafka swarm output (last 150 lines):\n${said.slice(-150).join('\n')}`);
  });
  return { process: cli, topic, group };
}

/** Every JSON log line (optionally only those of `event`), parsed. */
export function logLines(swarm: Pick<CliProcess, 'lines'>, event?: string): LogLine[] {
  return swarm.lines.flatMap((line) => {
    if (!line.startsWith('{')) return [];
    try {
      const parsed = JSON.parse(line) as LogLine;
      return event === undefined || parsed.event === event ? [parsed] : [];
    } catch {
      return [];
    }
  });
}

/** Waits for the first log line of `event` that `match` accepts, and returns it. */
export function waitForEvent(
  swarm: CliProcess,
  event: string,
  match: (line: LogLine) => boolean = () => true,
  timeoutMs = 30_000,
): Promise<LogLine> {
  return waitUntil(() => logLines(swarm, event).find(match), {
    timeoutMs,
    description: () => `a ${event} log line that matches; output so far:\n${swarm.lines.slice(-30).join('\n')}`,
  });
}

/** Node number -> pid of each node's current life (from the `swarm.node.after_fork` lines the nodes log). */
export function currentNodes(swarm: CliProcess): Map<number, number> {
  const nodes = new Map<number, number>();
  for (const line of logLines(swarm, 'swarm.node.after_fork')) nodes.set(line.nodeNumber as number, line.pid!);
  return nodes;
}

/** Waits until `count` nodes run (each has logged `app.running`), and returns node number -> pid. */
export async function waitForRunningNodes(swarm: CliProcess, count: number): Promise<Map<number, number>> {
  return waitUntil(
    () => {
      const nodes = currentNodes(swarm);
      const running = new Set(logLines(swarm, 'app.running').map((line) => line.pid));
      return nodes.size === count && [...nodes.values()].every((pid) => running.has(pid)) ? nodes : undefined;
    },
    { description: () => `${String(count)} running nodes; output so far:\n${swarm.lines.slice(-30).join('\n')}` },
  );
}

/**
 * Waits until the current nodes together own all `partitions` and each owns some: the group has settled, so a
 * stop now does not meet a consumer in the middle of joining.
 */
export async function waitForSettledGroup(swarm: CliProcess, partitions: number): Promise<Map<number, Set<string>>> {
  return waitUntil(
    () => {
      const owned = new Map([...currentNodes(swarm)].map(([n, pid]) => [n, ownedPartitions(swarm, pid)]));
      const total = [...owned.values()].reduce((sum, set) => sum + set.size, 0);
      return total === partitions && [...owned.values()].every((set) => set.size > 0) ? owned : undefined;
    },
    {
      timeoutMs: 45_000,
      description: () =>
        `the group to settle on ${String(partitions)} partitions; output:\n${swarm.lines.slice(-30).join('\n')}`,
    },
  );
}

/** Partitions (`topic/partition`) the process `pid` owns now, from its rebalance log lines. */
export function ownedPartitions(swarm: CliProcess, pid: number): Set<string> {
  const owned = new Set<string>();
  for (const line of logLines(swarm)) {
    if (line.pid !== pid) continue;
    const partitions = (line.partitions as string[] | undefined) ?? [];
    if (line.event === 'rebalance.partitions_assigned') for (const p of partitions) owned.add(p);
    if (line.event === 'rebalance.partitions_revoked') for (const p of partitions) owned.delete(p);
  }
  return owned;
}

/**
 * True once process `pid` has ended: it no longer exists, or it is a zombie. A zombie whose parent is gone
 * waits for init to reap it, which tells nothing about karafka-ts; the reaping test checks ESRCH itself.
 */
export function processEnded(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return true;
    throw error;
  }
  try {
    const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

/** True once `pid` no longer exists at all (reaped: not even a zombie). */
export function processReaped(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** A TCP port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}
