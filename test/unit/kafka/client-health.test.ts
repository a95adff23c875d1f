import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KafkaDriverError, KafkaErrorCodes } from '../../../src/kafka/driver-error.js';
import type { ReachableReport, UnreachableReport } from '../../../src/kafka/health/broker-reachability.js';
import { ClientHealth } from '../../../src/kafka/health/client-health.js';
import type { RepeatedErrorReport } from '../../../src/kafka/health/repeated-errors.js';

const down = (): KafkaDriverError =>
  new KafkaDriverError(
    'all broker connections are down: 127.0.0.1:1: Connection refused',
    KafkaErrorCodes.allBrokersDown,
  );
const transport = (): KafkaDriverError => new KafkaDriverError('broker transport failure', KafkaErrorCodes.transport);

/** A health tracker whose probe answers as `answering()` says, with every report recorded. */
function tracker(answering: () => boolean) {
  const errors: RepeatedErrorReport<KafkaDriverError>[] = [];
  const unreachable: UnreachableReport[] = [];
  const reachable: ReachableReport[] = [];
  const probes: number[] = [];
  const health = new ClientHealth({
    bootstrapServers: '127.0.0.1:1',
    probe: (timeoutMs) => {
      probes.push(timeoutMs);
      return answering() ? Promise.resolve() : Promise.reject(new Error('No broker answered'));
    },
    onError: (report) => errors.push(report),
    onUnreachable: (report) => unreachable.push(report),
    onReachable: (report) => reachable.push(report),
    reportIntervalMs: 30_000,
    probeIntervalMs: 2_000,
    probeTimeoutMs: 5_000,
  });
  return { health, errors, unreachable, reachable, probes };
}

describe('ClientHealth', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reports an outage once when it begins, then one reminder per interval however many failures come', async () => {
    const { health, unreachable, errors } = tracker(() => false);
    health.error(down());
    for (let i = 0; i < 500; i += 1) health.error(i % 2 === 0 ? down() : transport());
    expect(unreachable).toHaveLength(1);
    expect(unreachable[0]).toMatchObject({ bootstrapServers: '127.0.0.1:1', first: true, downMs: 0 });
    expect(unreachable[0]!.reason).toContain('Connection refused');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(unreachable.map((r) => r.first)).toEqual([true, false, false]);
    expect(unreachable[1]!.failures).toBeGreaterThanOrEqual(500);
    expect(errors).toEqual([]);
    await health.stop();
  });

  it('sees an outage at start through its probe, and its end when a probe is answered', async () => {
    let answering = false;
    const { health, unreachable, reachable } = tracker(() => answering);
    health.start();
    await vi.advanceTimersByTimeAsync(4_000);
    expect(unreachable).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_500);
    expect(unreachable).toHaveLength(1);
    expect(health.unreachableSince).toBeDefined();
    answering = true;
    await vi.advanceTimersByTimeAsync(2_000);
    expect(reachable).toHaveLength(1);
    expect(health.unreachableSince).toBeUndefined();
    await health.stop();
  });

  it('says nothing when the cluster answers at start, and ends an outage on any contact', async () => {
    const { health, unreachable, reachable, probes } = tracker(() => true);
    health.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(unreachable).toEqual([]);
    expect(probes).toEqual([5_000]);
    health.error(down());
    health.contact();
    expect(reachable).toHaveLength(1);
    await health.stop();
  });

  it('reports one broker going away as a client error (collapsed), not as an outage', async () => {
    const { health, unreachable, errors } = tracker(() => true);
    for (let i = 0; i < 50; i += 1) health.error(transport());
    await vi.advanceTimersByTimeAsync(2_000);
    expect(unreachable).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.repeated).toBe(0);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(errors).toHaveLength(2);
    expect(errors[1]).toMatchObject({ repeated: 49, intervalMs: 30_000 });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(errors).toHaveLength(2);
    health.error(transport());
    await vi.advanceTimersByTimeAsync(2_000);
    expect(errors).toHaveLength(3);
    await health.stop();
  });

  it('counts the failure of the last broker into the outage that follows it, not as a client error', async () => {
    const { health, unreachable, errors } = tracker(() => false);
    health.error(transport());
    health.error(down());
    await vi.advanceTimersByTimeAsync(2_000);
    expect(errors).toEqual([]);
    expect(unreachable).toHaveLength(1);
    await health.stop();
  });

  it('collapses each kind of error on its own', async () => {
    const { health, errors } = tracker(() => true);
    const a = (): KafkaDriverError => new KafkaDriverError('Polling: A', 1);
    const b = (): KafkaDriverError => new KafkaDriverError('Polling: B', 2);
    for (let i = 0; i < 10; i += 1) {
      health.error(a());
      health.error(b());
    }
    expect(errors.map((e) => [e.error.message, e.repeated])).toEqual([
      ['Polling: A', 0],
      ['Polling: B', 0],
    ]);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(errors.slice(2).map((e) => [e.error.message, e.repeated])).toEqual([
      ['Polling: A', 9],
      ['Polling: B', 9],
    ]);
    await health.stop();
  });

  it('stops probing once stopped', async () => {
    const { health, probes } = tracker(() => false);
    health.error(down());
    await vi.advanceTimersByTimeAsync(0);
    const before = probes.length;
    await health.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(probes.length).toBe(before);
  });
});
