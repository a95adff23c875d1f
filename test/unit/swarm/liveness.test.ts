import { afterEach, describe, expect, it, vi } from 'vitest';
import { Monitor } from '../../../src/instrumentation/monitor.js';
import { processContext } from '../../../src/instrumentation/process-context.js';
import { LivenessListener } from '../../../src/instrumentation/vendors/liveness-listener.js';
import { SwarmLivenessListener } from '../../../src/swarm/swarm-liveness-listener.js';
import { waitUntil } from '../../support/wait-until.js';

const listener = { listenerId: 'g/default#1', subscriptionGroup: 'default', consumerGroup: 'g' };
const batch = { consumerGroup: 'g', topic: 't', partition: 0, messages: 2, firstOffset: 5, lastOffset: 6 };
const state = { state: 'running', previous: 'initialized' };

async function get(port: number): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`http://127.0.0.1:${String(port)}/`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

afterEach(() => {
  vi.useRealTimers();
  processContext.deleteTag('mode');
});

describe('LivenessListener', () => {
  it('is unhealthy while a consume runs past consumingTtl, healthy again once it finishes', () => {
    vi.useFakeTimers();
    const monitor = new Monitor();
    const liveness = new LivenessListener({ consumingTtl: 1_000, pollingTtl: 60_000 });
    liveness.attach(monitor);
    monitor.instrument('consumer.consume', batch);
    vi.advanceTimersByTime(1_000);
    expect(liveness.report().status).toBe('healthy');
    vi.advanceTimersByTime(1);
    expect(liveness.report()).toMatchObject({
      status: 'unhealthy',
      reason: 'consume t/0 offsets 5..6 has run for 1001 ms (consumingTtl 1000 ms)',
      problems: [{ code: 2 }],
      consuming: { running: 1, longestMs: 1_001 },
    });
    monitor.instrument('consumer.consumed', batch);
    expect(liveness.report()).toMatchObject({ status: 'healthy', consuming: { running: 0 } });
  });

  it('shows a broker outage in the body, and fails the probe only past brokerOutageTtl when one is set', () => {
    vi.useFakeTimers();
    const monitor = new Monitor();
    const tolerant = new LivenessListener();
    const strict = new LivenessListener({ brokerOutageTtl: 60_000 });
    tolerant.attach(monitor);
    strict.attach(monitor);
    const since = Date.now();
    const outage = {
      ...listener,
      bootstrapServers: '10.0.0.5:9092',
      reason: 'Connect to ipv4#10.0.0.5:9092 failed: Connection refused',
      since,
      downMs: 0,
      failures: 1,
      first: true,
    };
    monitor.instrument('connection.client.unreachable', outage);
    vi.advanceTimersByTime(60_001);
    monitor.instrument('connection.listener.fetch_loop', listener);
    expect(tolerant.report()).toMatchObject({
      status: 'healthy',
      kafka: { reachable: false, unreachableMs: 60_001, bootstrapServers: '10.0.0.5:9092' },
    });
    expect(strict.report()).toMatchObject({
      status: 'unhealthy',
      problems: [{ code: 6 }],
      reason:
        'no Kafka broker of 10.0.0.5:9092 has answered for 60001 ms (brokerOutageTtl 60000 ms): ' +
        'Connect to ipv4#10.0.0.5:9092 failed: Connection refused',
    });
    monitor.instrument('connection.client.reachable', {
      ...listener,
      bootstrapServers: '10.0.0.5:9092',
      downMs: 60_001,
    });
    expect(strict.report()).toMatchObject({ status: 'healthy', kafka: { reachable: true } });
  });

  it('counts a consume that failed as finished', () => {
    vi.useFakeTimers();
    const monitor = new Monitor();
    const liveness = new LivenessListener({ consumingTtl: 10 });
    liveness.attach(monitor);
    monitor.instrument('consumer.consume', batch);
    monitor.instrument('error.occurred', { type: 'consumer.consume.error', error: new Error('x'), ...batch });
    vi.advanceTimersByTime(100);
    expect(liveness.report().status).toBe('healthy');
  });

  it('is unhealthy when a running listener has not polled within pollingTtl; stopped listeners do not count', () => {
    vi.useFakeTimers();
    const monitor = new Monitor();
    const liveness = new LivenessListener({ pollingTtl: 500 });
    liveness.attach(monitor);
    monitor.instrument('connection.listener.fetch_loop', listener);
    vi.advanceTimersByTime(501);
    expect(liveness.report()).toMatchObject({
      status: 'unhealthy',
      problems: [{ code: 1, reason: 'listener g/default#1 has not polled for 501 ms (pollingTtl 500 ms)' }],
    });
    monitor.instrument('connection.listener.stopped', listener);
    expect(liveness.report()).toMatchObject({ status: 'healthy', polling: { listeners: 0 } });
  });

  it('is unhealthy when the event-loop delay is above its limit, and for good after a fatal client error', () => {
    const monitor = new Monitor();
    const liveness = new LivenessListener({ maxEventLoopDelay: 200 });
    liveness.attach(monitor);
    const delay = { min: 10, mean: 50, p50: 20, p99: 240, max: 250, windowMs: 5_000 };
    monitor.instrument('process.event_loop.delay', delay);
    expect(liveness.report()).toMatchObject({ status: 'unhealthy', problems: [{ code: 3 }], eventLoop: delay });
    monitor.instrument('process.event_loop.delay', { ...delay, p99: 20, max: 30 });
    expect(liveness.report().status).toBe('healthy');

    const fatal = Object.assign(new Error('Broker: fenced'), { fatal: true });
    monitor.instrument('error.occurred', { type: 'connection.client.error', error: new Error('transient') });
    expect(liveness.report().status).toBe('healthy');
    monitor.instrument('error.occurred', { type: 'connection.client.error', error: fatal });
    expect(liveness.report()).toMatchObject({
      status: 'unhealthy',
      problems: [{ code: 4, reason: 'fatal client error: connection.client.error: Broker: fenced' }],
    });
  });

  it('serves 200 and 500 over HTTP from app.running until app.terminated', async () => {
    const monitor = new Monitor();
    const liveness = new LivenessListener({ port: 0, hostname: '127.0.0.1', consumingTtl: 50 });
    liveness.attach(monitor);
    expect(liveness.port).toBeUndefined();
    monitor.instrument('app.running', state);
    const port = await waitUntil(() => liveness.port);
    expect(await get(port)).toMatchObject({ status: 200, body: { status: 'healthy', pid: process.pid } });
    monitor.instrument('consumer.consume', batch);
    const stalled = await waitUntil(async () => {
      const answer = await get(port);
      return answer.status === 500 ? answer : undefined;
    });
    expect(stalled.body.reason).toMatch(/^consume t\/0 offsets 5\.\.6 has run for \d+ ms \(consumingTtl 50 ms\)$/);
    monitor.instrument('app.terminated', { state: 'terminated', previous: 'stopped' });
    await waitUntil(() => liveness.port === undefined);
    await expect(fetch(`http://127.0.0.1:${String(port)}/`)).rejects.toThrow();
  });

  it('in a swarm node, serves nothing and reports its problems to the node instead', () => {
    vi.useFakeTimers();
    processContext.setTag('mode', 'swarm');
    const monitor = new Monitor();
    const liveness = new LivenessListener({ port: 0, consumingTtl: 10 });
    const detach = liveness.attach(monitor);
    monitor.instrument('app.running', state);
    expect(liveness.port).toBeUndefined();
    expect(processContext.healthProblems()).toEqual([]);
    monitor.instrument('consumer.consume', batch);
    vi.advanceTimersByTime(11);
    expect(processContext.healthProblems()).toMatchObject([{ code: 2 }]);
    detach();
    expect(processContext.healthProblems()).toEqual([]);
  });
});

describe('SwarmLivenessListener', () => {
  it('answers 200 while the supervisor controls its nodes and 500 once it stopped for controllingTtl', async () => {
    const monitor = new Monitor();
    const liveness = new SwarmLivenessListener({ port: 0, hostname: '127.0.0.1', controllingTtl: 100 });
    const detach = liveness.attach(monitor);
    monitor.instrument('app.running', state);
    expect(liveness.port).toBeUndefined();
    monitor.instrument('app.supervising', { state: 'supervising', previous: 'initialized' });
    const port = await waitUntil(() => liveness.port);
    expect(await get(port)).toMatchObject({
      status: 500,
      body: { status: 'unhealthy', reason: 'the supervisor has not started its nodes yet', nodes: [] },
    });
    const node = { nodeNumber: 1, pid: 7, state: 'running', appState: 'running', silentMs: 5, restarts: 0 } as const;
    monitor.instrument('swarm.manager.control', { nodes: [node] });
    expect(await get(port)).toMatchObject({ status: 200, body: { status: 'healthy', nodes: [node] } });
    const stopped = await waitUntil(async () => {
      const answer = await get(port);
      return answer.status === 500 ? answer : undefined;
    });
    expect(stopped.body.reason).toMatch(
      /^the supervisor has not controlled its nodes for \d+ ms \(controllingTtl 100 ms\)$/,
    );
    monitor.instrument('swarm.manager.control', { nodes: [node] });
    expect((await get(port)).status).toBe(200);
    detach();
    await waitUntil(() => liveness.port === undefined);
  });
});
