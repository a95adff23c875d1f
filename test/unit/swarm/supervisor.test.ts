import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../../src/app/app.js';
import type { EventName } from '../../../src/instrumentation/events.js';
import { NODE_REPORT, type NodeReport } from '../../../src/swarm/protocol.js';
import { Supervisor } from '../../../src/swarm/supervisor.js';

let nextPid = 1000;

/** A node process that does what the test says: reports, exits, ignores signals. */
class FakeNode extends EventEmitter {
  readonly pid = (nextPid += 1);
  readonly signals: NodeJS.Signals[] = [];
  readonly nodeNumber: number;

  constructor(nodeNumber: number) {
    super();
    this.nodeNumber = nodeNumber;
  }

  kill(signal: NodeJS.Signals): boolean {
    this.signals.push(signal);
    return true;
  }

  report(appState: string, code = 0, reason?: string): void {
    const report: NodeReport = {
      type: NODE_REPORT,
      nodeNumber: this.nodeNumber,
      pid: this.pid,
      appState,
      code,
      ...(reason === undefined ? {} : { reason }),
    };
    this.emit('message', report);
  }

  exit(code: number | null, signal: NodeJS.Signals | null = null): void {
    this.emit('exit', code, signal);
  }
}

const SWARM = { nodes: 2, livenessInterval: 100, nodeReportTimeout: 1_000, nodeRestartTimeout: 500 };

function setup(): {
  supervisor: Supervisor;
  app: App;
  launched: FakeNode[];
  events: { name: EventName; payload: Readonly<Record<string, unknown>> }[];
} {
  const app = new App(
    { logLevel: 'silent', shutdownTimeout: 2_000, forcefulShutdownWait: 500, swarm: SWARM },
    { logLifecycle: false },
  );
  const events: { name: EventName; payload: Readonly<Record<string, unknown>> }[] = [];
  app.monitor.subscribeAll((name, payload) => {
    if (name.startsWith('swarm.') || name.startsWith('app.')) events.push({ name, payload });
  });
  const launched: FakeNode[] = [];
  const supervisor = new Supervisor(app, {
    launch: (nodeNumber) => {
      const node = new FakeNode(nodeNumber);
      launched.push(node);
      return node as unknown as ChildProcess;
    },
    print: () => undefined,
  });
  return { supervisor, app, launched, events };
}

const named = (events: ReturnType<typeof setup>['events'], name: EventName) =>
  events.filter((e) => e.name === name).map((e) => e.payload);

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('Supervisor', () => {
  it('runs as the supervisor and starts swarm.nodes nodes, numbered from 1', () => {
    const { supervisor, app, launched, events } = setup();
    supervisor.start();
    expect(supervisor.executionMode).toBe('supervisor');
    expect(app.status.current).toBe('supervising');
    expect(launched.map((n) => n.nodeNumber)).toEqual([1, 2]);
    expect(named(events, 'swarm.manager.before_fork')).toEqual([
      { nodeNumber: 1, restarts: 0 },
      { nodeNumber: 2, restarts: 0 },
    ]);
    // The first round of supervision comes at once, so liveness shows the nodes from the start.
    const [round] = named(events, 'swarm.manager.control') as { nodes: { nodeNumber: number; appState?: string }[] }[];
    expect(round?.nodes.map((n) => [n.nodeNumber, n.appState])).toEqual([
      [1, undefined],
      [2, undefined],
    ]);
  });

  it('forwards a second stop as a second SIGTERM to the nodes still running, which makes them stop at once', () => {
    const { supervisor, launched } = setup();
    supervisor.start();
    supervisor.forceStop();
    expect(launched.map((n) => n.signals)).toEqual([['SIGTERM'], ['SIGTERM']]);
    launched[0]!.exit(0);
    supervisor.forceStop();
    expect(launched.map((n) => n.signals)).toEqual([['SIGTERM'], ['SIGTERM', 'SIGTERM']]);
  });

  it('stops a node that reports itself unhealthy, reaps it and starts it again after nodeRestartTimeout', async () => {
    const { supervisor, launched, events } = setup();
    supervisor.start();
    const [first, second] = launched as [FakeNode, FakeNode];
    first.report('running', 42, 'broken');
    expect(first.signals).toEqual(['SIGTERM']);
    expect(named(events, 'swarm.manager.stopping')).toEqual([
      { nodeNumber: 1, pid: first.pid, reason: 'unhealthy', code: 42, detail: 'broken' },
    ]);

    first.exit(0);
    await vi.advanceTimersByTimeAsync(0);
    expect(named(events, 'swarm.manager.reaped')).toEqual([
      { nodeNumber: 1, pid: first.pid, code: 0, signal: null, restartIn: 500 },
    ]);
    await vi.advanceTimersByTimeAsync(499);
    expect(launched).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(launched.map((n) => n.nodeNumber)).toEqual([1, 2, 1]);
    expect(named(events, 'swarm.manager.before_fork').at(-1)).toEqual({ nodeNumber: 1, restarts: 1 });
    expect(second.signals).toEqual([]);
  });

  it('gives a node that has not reported yet a start-up allowance before it counts as silent', async () => {
    const { supervisor, launched } = setup();
    supervisor.start();
    await vi.advanceTimersByTimeAsync(29_900);
    expect(launched.map((n) => n.signals)).toEqual([[], []]);
    await vi.advanceTimersByTimeAsync(200);
    expect(launched.map((n) => n.signals)).toEqual([['SIGTERM'], ['SIGTERM']]);
  });

  it('stops a node silent past nodeReportTimeout and kills it when it does not exit in time', async () => {
    const { supervisor, launched, events } = setup();
    supervisor.start();
    const [silent, talking] = launched as [FakeNode, FakeNode];
    silent.report('running');
    for (let t = 0; t < 1_200; t += 100) {
      talking.report('running');
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(silent.signals).toEqual(['SIGTERM']);
    expect(named(events, 'swarm.manager.stopping')[0]).toMatchObject({
      nodeNumber: 1,
      reason: 'silent',
      detail: 'no report for 1100 ms (nodeReportTimeout 1000 ms)',
    });
    expect(talking.signals).toEqual([]);

    // shutdownTimeout 2 000 + forcefulShutdownWait 500 + 1 000 grace.
    expect(supervisor.nodeStopTimeout).toBe(3_500);
    for (let t = 0; t < 3_500; t += 100) {
      talking.report('running');
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(silent.signals).toEqual(['SIGTERM', 'SIGKILL']);
    expect(named(events, 'swarm.manager.terminating')).toEqual([{ nodeNumber: 1, pid: silent.pid, stoppingMs: 3_500 }]);
    silent.exit(null, 'SIGKILL');
    await vi.advanceTimersByTimeAsync(500);
    expect(launched.map((n) => n.nodeNumber)).toEqual([1, 2, 1]);
  });

  it('stops every node on stop(), restarts none, and terminates once all exited (clean: exit codes 0)', async () => {
    const { supervisor, app, launched } = setup();
    supervisor.start();
    void supervisor.stop();
    expect(app.status.current).toBe('stopping');
    expect(launched.map((n) => n.signals)).toEqual([['SIGTERM'], ['SIGTERM']]);
    launched[0]!.exit(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(app.status.current).toBe('stopping');
    launched[1]!.exit(0);
    await supervisor.whenTerminated();
    expect(supervisor.forceful).toBe(false);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(launched).toHaveLength(2);
  });

  it('kills a node that does not stop in time, and the stop counts as forceful', async () => {
    const { supervisor, launched } = setup();
    supervisor.start();
    void supervisor.stop();
    launched[0]!.exit(0);
    await vi.advanceTimersByTimeAsync(3_500);
    expect(launched[1]!.signals).toEqual(['SIGTERM', 'SIGKILL']);
    launched[1]!.exit(null, 'SIGKILL');
    await supervisor.whenTerminated();
    expect(supervisor.forceful).toBe(true);
  });

  it('quiets every node on quiet(), is quiet once they all report quiet, and restarts no node meanwhile', async () => {
    const { supervisor, app, launched } = setup();
    supervisor.start();
    supervisor.quiet();
    expect(launched.map((n) => n.signals)).toEqual([['SIGTSTP'], ['SIGTSTP']]);
    launched[0]!.report('quiet');
    expect(app.status.current).toBe('quieting');
    launched[1]!.exit(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(app.status.current).toBe('quiet');
    expect(launched).toHaveLength(2);
  });

  it('lists its nodes in its dump', async () => {
    const { supervisor, launched } = setup();
    supervisor.start();
    launched[0]!.report('running');
    launched[1]!.exit(1);
    await vi.advanceTimersByTimeAsync(100);
    const dump = supervisor.dump();
    expect(dump).toMatch(/^karafka-ts supervisor \S+: app supervising$/m);
    expect(dump).toContain(`  node 1: pid ${String(launched[0]!.pid)} running, app running, healthy,`);
    expect(dump).toContain(`  node 2: pid ${String(launched[1]!.pid)} exited (code 1), restart in 400 ms`);
  });
});
