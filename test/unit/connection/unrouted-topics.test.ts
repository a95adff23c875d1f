/**
 * A topic assigned to a subscription group that no route resolves (a pattern subscription librdkafka matched but
 * the route's expression does not) is reported, not silently left unconsumed.
 */
import { describe, expect, it } from 'vitest';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import { FakeCluster } from '../../support/fake-kafka.js';
import { PartitionHarness } from '../processing/partition-harness.js';

class EventsConsumer extends BaseConsumer {
  consume(): void {}
}

describe('rebalance handler and unrouted topics', () => {
  it('reports an assigned topic no route resolves, naming it', async () => {
    const cluster = new FakeCluster();
    cluster.fill('events', 1, 1);
    const h = await PartitionHarness.start({ cluster, routes: { events: { consumer: EventsConsumer } } });
    await h.rebalances.handle({
      kind: 'assign',
      partitions: [{ topic: 'stranger', partition: 0 }],
      protocol: 'COOPERATIVE',
    });
    const errors = h.named('error.occurred').filter((e) => e.payload.type === 'rebalance.topic.unrouted');
    expect(errors).toHaveLength(1);
    expect(String(errors[0]?.payload.error)).toMatch(
      /Topics stranger were assigned to subscription group .* no route matches them/,
    );
    expect(h.scheduler.coordinators.map((c) => c.id)).toEqual(['events/0']);
  });
});
