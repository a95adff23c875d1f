import { afterEach, describe, expect, it } from 'vitest';
import { Monitor } from '../../../src/instrumentation/monitor.js';
import { EventLoopMonitor } from '../../../src/instrumentation/event-loop-monitor.js';
import { processContext } from '../../../src/instrumentation/process-context.js';
import { NODE_REPORT, isNodeReport } from '../../../src/swarm/protocol.js';
import { nodeInstanceId, withNodeInstanceId } from '../../../src/swarm/static-membership.js';
import { waitUntil } from '../../support/wait-until.js';

afterEach(() => {
  processContext.deleteTag('mode');
  processContext.deleteTag('node');
});

describe('process context', () => {
  it('keeps tags in order, replaces a tag by name, and builds the process title from them', () => {
    processContext.setTag('mode', 'swarm');
    processContext.setTag('node', 2);
    processContext.setTag('mode', 'swarm');
    expect(processContext.tags).toEqual(['mode:swarm', 'node:2']);
    expect(processContext.title('shop', 'running')).toBe('karafka-ts shop swarm node 2 running');
    processContext.deleteTag('node');
    processContext.setTag('mode', 'supervisor');
    expect(processContext.title('shop', 'supervising')).toBe('karafka-ts shop supervisor supervising');
    expect(() => processContext.setTag('a:b', 1)).toThrow(RangeError);
  });

  it('turns a health check that throws into a problem of its own', () => {
    const remove = processContext.addHealthCheck(() => {
      throw new Error('boom');
    });
    expect(processContext.healthProblems()).toEqual([{ code: 5, reason: 'health check failed: boom' }]);
    remove();
    expect(processContext.healthProblems()).toEqual([]);
  });
});

describe('swarm node reports and static membership', () => {
  it('recognizes node reports only', () => {
    const report = { type: NODE_REPORT, nodeNumber: 1, pid: 5, appState: 'running', code: 0 };
    expect(isNodeReport(report)).toBe(true);
    expect(isNodeReport({ ...report, reason: 'x', code: 3 })).toBe(true);
    expect(isNodeReport({ ...report, type: 'other' })).toBe(false);
    expect(isNodeReport({ ...report, code: '0' })).toBe(false);
    expect(isNodeReport('report')).toBe(false);
    expect(isNodeReport(null)).toBe(false);
  });

  it('derives a stable group.instance.id per node, and leaves dynamic membership alone', () => {
    expect(nodeInstanceId('billing', 3)).toBe('billing-3');
    expect(withNodeInstanceId({ 'group.instance.id': 'billing', 'client.id': 'x' }, 2)).toEqual({
      'group.instance.id': 'billing-2',
      'client.id': 'x',
    });
    const dynamic = { 'client.id': 'x' };
    expect(withNodeInstanceId(dynamic, 2)).toBe(dynamic);
  });
});

describe('EventLoopMonitor', () => {
  it('publishes the delay every reportInterval', async () => {
    const monitor = new Monitor();
    const delays: unknown[] = [];
    monitor.subscribe('process.event_loop.delay', (delay) => void delays.push(delay));
    const loop = new EventLoopMonitor(monitor, { reportInterval: 50 });
    loop.start();
    try {
      await waitUntil(() => delays.length >= 2);
    } finally {
      loop.stop();
    }
    const first = delays[0] as Record<string, unknown>;
    expect(Object.keys(first).sort()).toEqual(['max', 'mean', 'min', 'p50', 'p99', 'windowMs']);
    expect(Object.values(first).every((v) => typeof v === 'number')).toBe(true);
  });

  it('reports a block longer than blockThreshold, naming the consume that ran meanwhile', async () => {
    const monitor = new Monitor();
    const blocked: { blockedMs: number; thresholdMs: number; consumptions: readonly string[] }[] = [];
    monitor.subscribe('process.event_loop.blocked', (payload) => void blocked.push(payload));
    const loop = new EventLoopMonitor(monitor, { reportInterval: 0, blockThreshold: 100 });
    loop.start();
    try {
      // A "consume" holds the loop for 300 ms, synchronously.
      const batch = { consumerGroup: 'g', topic: 't', partition: 1, messages: 1, firstOffset: 9, lastOffset: 9 };
      monitor.instrument('consumer.consume', batch);
      const until = Date.now() + 300;
      while (Date.now() < until) {
        // busy
      }
      monitor.instrument('consumer.consumed', batch);
      await waitUntil(() => blocked.length > 0);
    } finally {
      loop.stop();
    }
    expect(blocked[0]).toMatchObject({ thresholdMs: 100, consumptions: ['consume t/1 offsets 9..9'] });
    expect(blocked[0]!.blockedMs).toBeGreaterThanOrEqual(100);
    expect(loop.snapshot()).toEqual({ min: 0, mean: 0, p50: 0, p99: 0, max: 0, windowMs: 0 });
  });
});
