/**
 * The partition's state and its transitions: ownership, fetched data, seeks, jobs, attempts and the two
 * holds (retry backoff, pause).
 */
import { describe, expect, it } from 'vitest';
import { App } from '../../../src/app/app.js';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import type { KafkaMessage } from '../../../src/kafka/types.js';
import { ArrayRun } from '../../../src/kafka/fetched-runs.js';
import { Job } from '../../../src/processing/job.js';
import { PartitionCoordinator } from '../../../src/processing/partition-coordinator.js';
import { singleJob } from '../../../src/processing/strategies/batch-plan.js';
import { selectStrategy } from '../../../src/processing/strategies/select-strategy.js';
import type { TopicOptions } from '../../../src/routing/topic-options.js';

class EventsConsumer extends BaseConsumer {
  consume(): void {}
}

function coordinator(options: Partial<TopicOptions> = {}): PartitionCoordinator {
  const app = new App({ clientId: 'shop', logLevel: 'silent', maxMessages: 3 }, { logLifecycle: false });
  const route: TopicOptions = { consumer: EventsConsumer, ...options };
  app.routes.draw((r) => r.topic('events', route));
  const topic = app.routes.topics[0]!;
  return new PartitionCoordinator(topic, 0, 'shop/default', selectStrategy(topic, []));
}

function messages(...offsets: number[]): KafkaMessage[] {
  return offsets.map((offset) => ({
    topic: 'events',
    partition: 0,
    offset,
    key: null,
    value: Buffer.from('abc'),
    headers: [],
    timestamp: 0,
    size: 3,
  }));
}

function job(c: PartitionCoordinator): Job {
  return new Job('consume', { groupId: c.groupId, topic: c.topic.name, partition: 0 }, 'test', () => Promise.resolve());
}

describe('partition ownership', () => {
  it('goes owned -> revoking -> released on a clean revocation, marking until released', () => {
    const c = coordinator();
    expect([c.ownership.state, c.isOwned, c.canMark]).toEqual(['owned', true, true]);
    c.ownership.beginRevoke();
    expect([c.ownership.state, c.isOwned, c.canMark]).toEqual(['revoking', false, true]);
    c.ownership.finishRevoke();
    expect([c.ownership.state, c.isOwned, c.canMark]).toEqual(['released', false, false]);
  });

  it('can be lost while owned or revoking, and refuses any other move', () => {
    const lost = coordinator();
    lost.ownership.lose();
    expect([lost.ownership.state, lost.canMark]).toEqual(['lost', false]);
    expect(() => lost.ownership.finishRevoke()).toThrow('Partition events/0 cannot go from lost to released');
    const revoking = coordinator();
    revoking.ownership.beginRevoke();
    revoking.ownership.lose();
    expect(revoking.ownership.state).toBe('lost');
    expect(() => coordinator().ownership.finishRevoke()).toThrow('cannot go from owned to released');
  });
});

describe('fetched data', () => {
  it('takes batches of maxMessages, drops stale messages and counts bytes', () => {
    const c = coordinator();
    expect(c.accept(new ArrayRun(messages(5, 6, 7, 8)))).toBe(true);
    expect(c.accept(new ArrayRun(messages(6, 7)))).toBe(false);
    expect([c.bufferedMessages, c.bufferedBytes, c.nextFetchOffset, c.restartOffset]).toEqual([4, 12, 9, 5]);
    expect(c.takeBatch().map((m) => m.offset)).toEqual([5, 6, 7]);
    expect([c.bufferedMessages, c.bufferedBytes]).toEqual([1, 3]);
  });

  it('refuses data once not owned, and while a seek is pending', () => {
    const seeking = coordinator();
    seeking.requestSeek(10);
    expect(seeking.accept(new ArrayRun(messages(0)))).toBe(false);
    seeking.seekApplied(10);
    expect(seeking.accept(new ArrayRun(messages(9, 10)))).toBe(true);
    expect(seeking.takeBatch().map((m) => m.offset)).toEqual([10]);
    const revoking = coordinator();
    revoking.ownership.beginRevoke();
    expect(revoking.accept(new ArrayRun(messages(0)))).toBe(false);
  });

  it('rewinds into the buffer when the batch holds the restart position, else by a seek', () => {
    const c = coordinator();
    c.accept(new ArrayRun(messages(0, 1, 2, 3)));
    const batch = c.takeBatch();
    c.rewind(batch, 1);
    expect([c.pendingSeek, c.bufferedMessages]).toEqual([undefined, 3]);
    const d = coordinator();
    d.accept(new ArrayRun(messages(4, 5)));
    const later = d.takeBatch();
    d.rewind(later, 2);
    expect([d.pendingSeek, d.bufferedMessages]).toEqual([2, 0]);
  });

  it('restarts a retry at the last mark, else the last seek, else the first offset received', () => {
    const c = coordinator();
    c.accept(new ArrayRun(messages(3, 4)));
    expect(c.restartOffset).toBe(3);
    c.recordStored(5);
    expect(c.restartOffset).toBe(5);
    c.requestSeek(-2);
    c.seekApplied(-2);
    expect(c.restartOffset).toBeUndefined();
    c.accept(new ArrayRun(messages(0)));
    expect(c.restartOffset).toBe(0);
  });
});

describe('jobs and attempts', () => {
  it('holds one job at a time and wakes idle() waiters when it finishes', async () => {
    const c = coordinator();
    const first = job(c);
    c.jobs.add(first);
    expect(() => c.jobs.add(job(c))).toThrow('already has a job');
    let idle = false;
    const waiting = c.idle().then(() => (idle = true));
    c.jobs.start(first);
    expect(c.jobs.running).toBe(true);
    c.jobs.remove(job(c));
    expect(c.job).toBe(first);
    c.jobs.remove(first);
    await waiting;
    expect([idle, c.jobs.running, c.job]).toEqual([true, false, undefined]);
  });

  it('keeps the batch unmarked only while a job of it runs, and forgets it when the batch settles', () => {
    const c = coordinator();
    c.keepBatchUnmarked();
    expect(c.batchKeptUnmarked).toBe(false);
    const batch = messages(0, 1);
    c.planned(batch, singleJob(batch));
    const running = job(c);
    c.jobs.add(running);
    c.jobs.start(running);
    c.keepBatchUnmarked();
    expect(c.batchKeptUnmarked).toBe(true);
    expect(c.progress.partFinished(0, false)).toMatchObject({ failedParts: [] });
    c.jobs.remove(running);
    expect(c.batchKeptUnmarked).toBe(false);
  });

  it('restarts the attempt count on a mark during a batch only when the strategy counts per message', () => {
    for (const [independent, expected] of [
      [true, 0],
      [false, 2],
    ] as const) {
      const c = coordinator({ deadLetterQueue: { topic: 'dlq', independent } });
      c.backOff(0, 2);
      const running = job(c);
      c.jobs.add(running);
      c.jobs.start(running);
      c.recordStored(1);
      expect(c.attempt).toBe(expected);
    }
  });
});

describe('holds', () => {
  it('keeps the retry backoff and the pause apart: a success ends the backoff, not the pause', () => {
    const c = coordinator();
    c.backOff(1_000, 1);
    expect([c.heldUntil, c.attempt, c.paused]).toEqual([1_000, 1, false]);
    c.holds.pauseUntil(Infinity);
    expect(c.heldUntil).toBe(Infinity);
    c.batchSucceeded();
    expect([c.heldUntil, c.attempt, c.paused]).toEqual([Infinity, 0, true]);
    expect(c.holds.pauseOver(Date.now())).toBe(false);
    expect(c.holds.resume(Date.now())).toBe(true);
    expect([c.heldUntil, c.paused, c.holds.resume(Date.now())]).toEqual([0, false, false]);
  });

  it('counts a paused partition as keeping its batch unmarked, and a timed pause as over once its time passed', () => {
    const c = coordinator();
    c.holds.pauseUntil(500);
    expect(c.batchKeptUnmarked).toBe(true);
    expect([c.holds.pauseOver(499), c.holds.pauseOver(500)]).toEqual([false, true]);
  });

  it('takes an end of partition once', () => {
    const c = coordinator();
    c.reachedEnd(7);
    expect([c.takeEnd(), c.takeEnd()]).toEqual([7, undefined]);
    c.reachedEnd(8);
    c.dropFetched();
    expect(c.takeEnd()).toBeUndefined();
  });
});
