import { describe, expect, it } from 'vitest';
import type { App } from '../../../src/app/app.js';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import { recordEvents, startEmbedded, testApp } from '../../support/app.js';
import { createTopic, produceMessages, uniqueName, waitForCommittedOffsets } from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';

/** Consumed offsets by `partition`, per app. */
type Seen = Map<number, number[]>;

function directApp(group: string, topic: string, partitions: readonly number[], seen: Seen): App {
  class HalfConsumer extends BaseConsumer {
    consume(): void {
      for (const message of this.messages) {
        seen.set(message.partition, [...(seen.get(message.partition) ?? []), message.offset]);
      }
    }
  }
  const app = testApp({ groupId: group });
  app.routes.draw((r) =>
    r.topic(topic, { consumer: HalfConsumer, deserializer: 'string', directAssignment: partitions }),
  );
  return app;
}

const offsets = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

describe('direct assignments', () => {
  it('two processes consume exactly their halves, commit to the group, and one stopping moves nothing', async () => {
    const topic = await createTopic(uniqueName('direct'), 4);
    const group = uniqueName('direct-group');
    for (let partition = 0; partition < 4; partition += 1) await produceMessages(topic, 20, { partition });
    const seenA: Seen = new Map();
    const seenB: Seen = new Map();
    const appA = directApp(group, topic, [0, 1], seenA);
    const appB = directApp(group, topic, [2, 3], seenB);
    const rebalancesA = recordEvents(appA, 'rebalance.');
    const rebalancesB = recordEvents(appB, 'rebalance.');
    await startEmbedded(appA);
    const embeddedB = await startEmbedded(appB);

    await waitUntil(() => [0, 1].every((p) => seenA.get(p)?.length === 20), { description: 'A to consume 0 and 1' });
    await waitUntil(() => [2, 3].every((p) => seenB.get(p)?.length === 20), { description: 'B to consume 2 and 3' });
    expect([...seenA.keys()].sort()).toEqual([0, 1]);
    expect([...seenB.keys()].sort()).toEqual([2, 3]);
    for (const [, seen] of [...seenA, ...seenB]) expect(seen).toEqual(offsets(0, 20));

    // B stops and commits on close (A commits its own on its commit interval); A keeps its partitions, with no
    // rebalance and no revocation.
    await embeddedB.stop();
    await waitForCommittedOffsets(group, topic, new Map([0, 1, 2, 3].map((p) => [p, 20])));
    for (let partition = 0; partition < 4; partition += 1) await produceMessages(topic, 5, { partition });
    await waitUntil(() => [0, 1].every((p) => seenA.get(p)?.length === 25), {
      description: 'A to go on with 0 and 1 after B stopped',
    });
    expect([...seenA.keys()].sort()).toEqual([0, 1]);
    expect(seenB.get(2)).toHaveLength(20);
    expect(rebalancesA).toEqual([]);
    expect(rebalancesB).toEqual([]);

    // B again: it starts from the offsets it committed, so only the 5 new messages of each of its partitions.
    const seenB2: Seen = new Map();
    await startEmbedded(directApp(group, topic, [2, 3], seenB2));
    await waitUntil(() => [2, 3].every((p) => seenB2.get(p)?.length === 5), {
      description: 'B to restart from its commits',
    });
    expect(seenB2.get(2)).toEqual(offsets(20, 25));
    expect(seenB2.get(3)).toEqual(offsets(20, 25));
    expect(rebalancesA).toEqual([]);
  });

  it('starts from the initial offset without commits, and a consumer seek and pause work as usual', async () => {
    const topic = await createTopic(uniqueName('direct-seek'), 2);
    const group = uniqueName('direct-seek-group');
    await produceMessages(topic, 10, { partition: 1 });
    const seen: number[] = [];
    let sought = false;
    let paused = false;
    class SeekingConsumer extends BaseConsumer {
      async consume(): Promise<void> {
        for (const message of this.messages) seen.push(message.offset);
        if (!sought && seen.includes(9)) {
          sought = true;
          await this.seek(5);
          return;
        }
        if (sought && !paused && seen.filter((o) => o === 9).length === 2) {
          paused = true;
          this.pause(this.messages.last()!.offset + 1, 200);
        }
      }
    }
    const app = testApp({ groupId: group });
    app.routes.draw((r) =>
      r.topic(topic, { consumer: SeekingConsumer, deserializer: 'string', directAssignment: { partitions: [1] } }),
    );
    const rebalances = recordEvents(app, 'rebalance.');
    const pauses = recordEvents(app, 'consumer.consuming.pause');
    await startEmbedded(app);
    await waitUntil(() => paused, { description: 'the consumer to read, seek back to 5, read again and pause' });
    expect(seen).toEqual([...offsets(0, 10), ...offsets(5, 10)]);
    await waitUntil(() => pauses.length > 0, { description: 'the pause event' });
    await produceMessages(topic, 1, { partition: 1 });
    await waitUntil(() => seen.includes(10), { description: 'the partition to resume after its pause' });
    expect(rebalances).toEqual([]);
  });
});
