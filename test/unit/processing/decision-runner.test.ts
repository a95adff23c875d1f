/**
 * Carrying out the decisions no strategy of today returns but filters and throttling will (pause until a time
 * and go on from an offset, seek, several steps in order), and the plain ones, on the in-memory driver.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import { DeadLetterDispatcher } from '../../../src/processing/dead-letter-queue.js';
import { DecisionRunner } from '../../../src/processing/decision-runner.js';
import { PartitionFlow } from '../../../src/processing/partition-flow.js';
import { PartitionOperations } from '../../../src/processing/partition-operations.js';
import { FakeCluster } from '../../support/fake-kafka.js';
import { PartitionHarness } from './partition-harness.js';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

async function setUp(): Promise<{
  h: PartitionHarness;
  runner: DecisionRunner;
  processed: number[];
  stops: unknown[];
}> {
  const cluster = new FakeCluster();
  cluster.fill('events', 1, 10);
  const processed: number[] = [];
  class RecordingConsumer extends BaseConsumer {
    consume(): void {
      for (const m of this.messages) processed.push(m.offset);
    }
  }
  const h = await PartitionHarness.start({
    cluster,
    routes: { events: { consumer: RecordingConsumer, manualOffsetManagement: true } },
  });
  const { monitor } = h.app;
  const operations = new PartitionOperations({ driver: () => h.driver, monitor, settings: h.app.settings });
  const flow = new PartitionFlow(monitor, operations, (c) => h.scheduler.schedule(c));
  const stops: unknown[] = [];
  const runner = new DecisionRunner({
    monitor,
    operations,
    flow,
    deadLetters: new DeadLetterDispatcher(() => h.app.producer, monitor),
    onCriticalError: (error) => stops.push(error),
  });
  return { h, runner, processed, stops };
}

describe('decision runner', () => {
  it('marks the dropped tail, then pauses until a time and goes on from an offset (a filter that throttles)', async () => {
    const { h, runner, processed } = await setUp();
    const coordinator = h.partition('events');
    const batch = h.cluster.log('events').slice(0, 4);
    await runner.carryOut(coordinator, batch, {
      kind: 'sequence',
      steps: [
        { kind: 'mark', offset: 2 },
        { kind: 'pause', from: 2, until: Date.now() + 500 },
      ],
    });
    expect(h.driver.stored.get('events/0')).toBe(2);
    expect([coordinator.paused, coordinator.pendingSeek, h.driver.paused]).toEqual([true, 2, ['events/0']]);
    expect(h.named('consumer.consuming.pause')[0]?.payload).toMatchObject({ manual: false, offset: 2, timeout: 500 });
    await h.settle();
    expect(processed).toEqual([]);
    await h.advance(500);
    expect(processed).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(h.named('consumer.consuming.resume')).toHaveLength(1);
  });

  it('seeks: fetched data is dropped and fetching restarts at the offset', async () => {
    const { h, runner, processed } = await setUp();
    await h.pump();
    await h.drain();
    expect(processed).toHaveLength(10);
    await runner.carryOut(h.partition('events'), [], { kind: 'seek', offset: 7 });
    await h.settle();
    expect(processed.slice(10)).toEqual([7, 8, 9]);
  });

  it('stops the server on a stop decision and changes nothing on nothing', async () => {
    const { h, runner, stops } = await setUp();
    const coordinator = h.partition('events');
    const error = new Error('critical');
    await runner.carryOut(coordinator, [], { kind: 'nothing' });
    expect([coordinator.attempt, coordinator.heldUntil, h.driver.stored.size]).toEqual([0, 0, 0]);
    await runner.carryOut(coordinator, [], { kind: 'stop', error });
    expect(stops).toEqual([error]);
  });
});
