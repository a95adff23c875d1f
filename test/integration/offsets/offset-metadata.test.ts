/**
 * Offset metadata end to end: what a consumer marks with its offsets is committed with them, read back by the
 * next owner of the partition (after a restart, after a handoff to a joining member) and by the admin API.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Admin } from '../../../src/admin/admin.js';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import { recordEvents, startEmbedded, testApp } from '../../support/app.js';
import { baseSettings, createTopic, produceMessages, uniqueName } from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';

const admins: Admin[] = [];
afterEach(async () => {
  await Promise.all(admins.splice(0).map((a) => a.close()));
});

function openAdmin(): Admin {
  const admin = new Admin({ kafka: baseSettings() });
  admins.push(admin);
  return admin;
}

/** What the consumers of one app saw and did, per partition. */
interface Observed {
  /** `offsetMetadata` at the first batch of each partition assignment. */
  readonly firstSeen: Map<number, string | undefined>;
  /** Offsets processed, per partition. */
  readonly processed: Map<number, number[]>;
  /** `offsetMetadata` after the marks of a batch, and what it should be (the last mark's). */
  readonly afterMarks: [actual: string | undefined, expected: string][];
}

/** A consumer class that marks every message with `${label}:${partition}:${offset}`. */
function markingConsumer(label: string, observed: Observed) {
  return class MetadataConsumer extends BaseConsumer {
    #first = true;
    async consume(): Promise<void> {
      if (this.#first) {
        this.#first = false;
        const metadata = await this.offsetMetadata;
        // The first assignment of each partition counts (a later one would see this app's own commits).
        if (!observed.firstSeen.has(this.partition)) observed.firstSeen.set(this.partition, metadata);
      }
      for (const message of this.messages) {
        this.markAsConsumed(message, `${label}:${String(message.partition)}:${String(message.offset)}`);
        const list = observed.processed.get(this.partition) ?? [];
        list.push(message.offset);
        observed.processed.set(this.partition, list);
      }
      // Within the assignment, the metadata is what this member stored last.
      const expected = `${label}:${String(this.partition)}:${String(this.messages.last()!.offset)}`;
      observed.afterMarks.push([await this.offsetMetadata, expected]);
    }
  };
}

const observe = (): Observed => ({ firstSeen: new Map(), processed: new Map(), afterMarks: [] });
const count = (o: Observed, partition: number): number => o.processed.get(partition)?.length ?? 0;

describe('offset metadata', () => {
  it('survives a restart and a handoff to a member that joins, and the admin API reads it', async () => {
    const topic = await createTopic(uniqueName('offset-metadata'), 2);
    const group = uniqueName('offset-metadata-group');
    const produceRound = async (): Promise<void> => {
      for (let p = 0; p < 2; p += 1) await produceMessages(topic, 5, { partition: p });
    };
    const admin = openAdmin();

    // 1. First run: nothing committed yet; every message marked with metadata naming it.
    await produceRound();
    const first = observe();
    const firstApp = testApp({ groupId: group, maxMessages: 2 });
    firstApp.routes.draw((r) => r.topic(topic, { consumer: markingConsumer('first', first) }));
    const firstRun = await startEmbedded(firstApp);
    await waitUntil(() => count(first, 0) === 5 && count(first, 1) === 5, { description: 'the first round consumed' });
    await firstRun.stop();
    expect([...first.firstSeen.entries()].sort()).toEqual([
      [0, undefined],
      [1, undefined],
    ]);
    expect(await admin.readCommittedOffsets(group, [topic])).toEqual({
      [topic]: { 0: { offset: 5, metadata: 'first:0:4' }, 1: { offset: 5, metadata: 'first:1:4' } },
    });

    // 2. Restart: the new process reads the last committed metadata of each partition.
    await produceRound();
    const second = observe();
    const secondApp = testApp({ groupId: group, maxMessages: 2 });
    secondApp.routes.draw((r) => r.topic(topic, { consumer: markingConsumer('second', second) }));
    await startEmbedded(secondApp);
    await waitUntil(() => count(second, 0) === 5 && count(second, 1) === 5, {
      description: 'the second round consumed after the restart',
    });
    expect(second.firstSeen.get(0)).toBe('first:0:4');
    expect(second.firstSeen.get(1)).toBe('first:1:4');

    // 3. Handoff: a member joins the group and takes a partition; it sees the second member's last metadata.
    const third = observe();
    const thirdApp = testApp({ groupId: group, maxMessages: 2 });
    thirdApp.routes.draw((r) => r.topic(topic, { consumer: markingConsumer('third', third) }));
    const thirdAssigned = recordEvents(thirdApp, 'rebalance.partitions_assigned');
    await startEmbedded(thirdApp);
    const assignedPartitions = (events: typeof thirdAssigned): number[] =>
      events.flatMap(
        (e) => (e.payload.partitions as { partition: number }[] | undefined)?.map((p) => p.partition) ?? [],
      );
    await waitUntil(() => assignedPartitions(thirdAssigned).length > 0, {
      timeoutMs: 60_000,
      description: 'the joining member to be assigned a partition',
    });
    await produceRound();
    const handledBoth = (partition: number): Set<number> =>
      new Set([...(second.processed.get(partition) ?? []), ...(third.processed.get(partition) ?? [])]);
    await waitUntil(() => [0, 1].every((p) => handledBoth(p).has(14)), {
      timeoutMs: 60_000,
      description: 'the third round consumed by both members',
    });
    const handedOver = [...third.firstSeen.keys()];
    expect(handedOver.length).toBeGreaterThan(0);
    for (const partition of handedOver) {
      expect(third.firstSeen.get(partition)).toBe(`second:${String(partition)}:9`);
    }
    await waitUntil(
      async () => {
        const committed = (await admin.readCommittedOffsets(group, [topic]))[topic]!;
        return [0, 1].every((p) => committed[p]?.offset === 15);
      },
      { description: 'the third round committed' },
    );
    for (const o of [first, second, third]) {
      expect(o.afterMarks.length).toBeGreaterThan(0);
      for (const [actual, expected] of o.afterMarks) expect(actual).toBe(expected);
    }
    const committed = (await admin.readCommittedOffsets(group))[topic]!;
    for (const partition of [0, 1]) {
      const owner = handedOver.includes(partition) ? 'third' : 'second';
      expect(committed[partition]).toEqual({ offset: 15, metadata: `${owner}:${String(partition)}:14` });
    }
  });

  it('under virtual partitions commits the metadata of the highest mark the committed offset covers', async () => {
    const topic = await createTopic(uniqueName('offset-metadata-vp'));
    const group = uniqueName('offset-metadata-vp-group');
    await produceMessages(topic, 40, { key: (i) => `key-${String(i % 4)}` });
    const processed = new Set<number>();
    class VirtualConsumer extends BaseConsumer {
      consume(): void {
        for (const message of this.messages) {
          this.markAsConsumed(message, `vp:${String(message.offset)}`);
          processed.add(message.offset);
        }
      }
    }
    const app = testApp({ groupId: group, maxMessages: 10 });
    app.routes.draw((r) =>
      r.topic(topic, {
        consumer: VirtualConsumer,
        virtualPartitions: { maxPartitions: 4, distribution: 'consistent' },
      }),
    );
    const run = await startEmbedded(app);
    await waitUntil(() => processed.size === 40, { description: 'every message processed' });
    await run.stop();
    const admin = openAdmin();
    expect(await admin.readCommittedOffsets(group, [topic])).toEqual({
      [topic]: { 0: { offset: 40, metadata: 'vp:39' } },
    });
    // A copied group keeps the metadata.
    const copy = uniqueName('offset-metadata-vp-copy');
    expect(await admin.copyConsumerGroup(group, copy, [topic])).toBe(true);
    expect(await admin.readCommittedOffsets(copy)).toEqual({ [topic]: { 0: { offset: 40, metadata: 'vp:39' } } });
  });

  it('with manual offsets, markAsConsumedSync commits the metadata before it resolves', async () => {
    const topic = await createTopic(uniqueName('offset-metadata-sync'));
    const group = uniqueName('offset-metadata-sync-group');
    await produceMessages(topic, 6);
    const admin = openAdmin();
    const seen: (string | undefined)[] = [];
    class SyncConsumer extends BaseConsumer {
      async consume(): Promise<void> {
        for (const message of this.messages) {
          if (message.offset % 2 === 1) {
            await this.markAsConsumedSync(message, JSON.stringify({ upTo: message.offset }));
            seen.push((await admin.readCommittedOffsets(group, [topic]))[topic]![0]!.metadata);
          }
        }
      }
    }
    const app = testApp({ groupId: group });
    app.routes.draw((r) => r.topic(topic, { consumer: SyncConsumer, manualOffsetManagement: true }));
    await startEmbedded(app);
    await waitUntil(() => seen.length === 3, { description: 'three synchronous marks' });
    expect(seen).toEqual(['{"upTo":1}', '{"upTo":3}', '{"upTo":5}']);
  });
});
