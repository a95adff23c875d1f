import { describe, expect, it } from 'vitest';
import { Monitor } from '../../../src/instrumentation/monitor.js';
import { Job } from '../../../src/processing/job.js';
import { JobsQueue } from '../../../src/processing/jobs-queue.js';
import { WorkersPool } from '../../../src/processing/workers-pool.js';
import { waitUntil } from '../../support/wait-until.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

function job(kind: Job['kind'], groupId: string, work: () => Promise<void>, partition = 0): Job {
  return new Job(kind, { groupId, topic: 't', partition }, `${kind} t/${String(partition)}`, work);
}

describe('jobs queue and worker pool', () => {
  it('runs at most `size` jobs at once and takes the next one when a slot frees', async () => {
    const queue = new JobsQueue();
    const pool = new WorkersPool(queue, 2, new Monitor());
    const gates = [deferred(), deferred(), deferred()];
    const started: number[] = [];
    gates.forEach((gate, i) =>
      queue.push(
        job('consume', 'g', async () => {
          started.push(i);
          await gate.promise;
        }),
      ),
    );
    expect(started).toEqual([0, 1]);
    expect(queue.statistics).toEqual({ busy: 2, enqueued: 1 });
    gates[0]!.resolve();
    await waitUntil(() => started.length === 3, { description: 'the third job to start' });
    expect(started).toEqual([0, 1, 2]);
    gates[1]!.resolve();
    gates[2]!.resolve();
    await pool.idle();
    expect(queue.statistics).toEqual({ busy: 0, enqueued: 0 });
  });

  it('puts lifecycle jobs ahead of consume jobs', () => {
    const queue = new JobsQueue();
    const noop = (): Promise<void> => Promise.resolve();
    queue.push(job('consume', 'g', noop, 0));
    queue.push(job('revoked', 'g', noop, 1));
    queue.push(job('shutdown', 'g', noop, 2));
    expect([queue.take()?.kind, queue.take()?.kind, queue.take()?.kind]).toEqual(['revoked', 'shutdown', 'consume']);
  });

  it('survives a job that throws and reports it as worker.process.error', async () => {
    const queue = new JobsQueue();
    const monitor = new Monitor();
    const types: string[] = [];
    monitor.subscribe('error.occurred', (payload) => types.push(payload.type));
    const pool = new WorkersPool(queue, 1, monitor);
    queue.push(job('consume', 'g', () => Promise.reject(new Error('boom'))));
    let ran = false;
    queue.push(
      job('consume', 'g', () => {
        ran = true;
        return Promise.resolve();
      }),
    );
    await waitUntil(() => ran, { description: 'the job after the failing one' });
    await pool.idle();
    expect(types).toEqual(['worker.process.error']);
    expect(ran).toBe(true);
    expect(pool.busy).toBe(0);
  });

  it('scales at run time and refuses a size below one', async () => {
    const queue = new JobsQueue();
    const pool = new WorkersPool(queue, 1, new Monitor());
    const gates = [deferred(), deferred(), deferred()];
    const started: number[] = [];
    gates.forEach((gate, i) =>
      queue.push(
        job('consume', 'g', async () => {
          started.push(i);
          await gate.promise;
        }),
      ),
    );
    expect(started).toEqual([0]);
    pool.scale(3);
    expect(started).toEqual([0, 1, 2]);
    expect(pool.size).toBe(3);
    expect(() => pool.scale(0)).toThrow('workers.scale() needs an integer of at least 1, got 0');
    gates.forEach((g) => g.resolve());
    await pool.idle();
  });

  it('removes jobs no worker took yet, and only those', () => {
    const queue = new JobsQueue();
    const noop = (): Promise<void> => Promise.resolve();
    const a = job('consume', 'g1', noop);
    const b = job('revoked', 'g2', noop);
    const c = job('consume', 'g2', noop);
    queue.push(a);
    queue.push(b);
    queue.push(c);
    expect(queue.take()).toBe(b);
    expect(queue.remove(b)).toBe(false);
    expect(queue.remove(a)).toBe(true);
    expect(queue.remove(a)).toBe(false);
    expect(queue.statistics).toEqual({ busy: 1, enqueued: 1 });
    queue.complete(b);
    expect(queue.statistics).toEqual({ busy: 0, enqueued: 1 });
  });
});
