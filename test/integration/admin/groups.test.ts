import { describe, expect, it } from 'vitest';
import { ConsumerGroupActiveError } from '../../../src/admin/errors.js';
import type { LagsWithOffsets } from '../../../src/admin/types.js';
import {
  committedOffsets,
  createTopic,
  produceMessages,
  uniqueName,
  waitForCommittedOffsets,
} from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';
import { consumeAndCommit, groupMember, openAdmin, produce } from './helpers.js';

describe('Admin: consumer groups', () => {
  it('seekConsumerGroup to offsets: the group then resumes from there', async () => {
    const admin = openAdmin();
    const topic = await createTopic(uniqueName('seek-offset'), 2);
    await produceMessages(topic, 5, { partition: 0 });
    await produceMessages(topic, 5, { partition: 1 });
    const group = uniqueName('seek-offset-group');

    const committed = await admin.seekConsumerGroup(group, { [topic]: { 0: 3, 1: 1 } });

    expect(committed).toEqual([
      { topic, partition: 0, offset: 3 },
      { topic, partition: 1, offset: 1 },
    ]);
    await waitForCommittedOffsets(
      group,
      topic,
      new Map([
        [0, 3],
        [1, 1],
      ]),
    );
    const read = await consumeAndCommit(group, topic, 6);
    expect(read.filter((m) => m.partition === 0).map((m) => m.offset)).toEqual([3, 4]);
    expect(read.filter((m) => m.partition === 1).map((m) => m.offset)).toEqual([1, 2, 3, 4]);
  });

  it('seekConsumerGroup to a time: the first message at or after it, or the end when there is none', async () => {
    const admin = openAdmin();
    const topic = await createTopic(uniqueName('seek-time'));
    const start = Date.UTC(2024, 5, 1);
    await produce(Array.from({ length: 8 }, (_, i) => ({ topic, payload: String(i), timestamp: start + i * 1_000 })));
    const group = uniqueName('seek-time-group');

    await admin.seekConsumerGroup(group, { [topic]: new Date(start + 4_500) });
    await waitForCommittedOffsets(group, topic, new Map([[0, 5]]));

    await admin.seekConsumerGroup(group, { [topic]: { 0: new Date(start + 60_000) } });
    await waitForCommittedOffsets(group, topic, new Map([[0, 8]]));
  });

  it("seekConsumerGroup to 'earliest' and 'latest'", async () => {
    const admin = openAdmin();
    const topic = await createTopic(uniqueName('seek-ends'), 2);
    await produceMessages(topic, 4, { partition: 0 });
    await produceMessages(topic, 6, { partition: 1 });
    const group = uniqueName('seek-ends-group');
    await consumeAndCommit(group, topic, 10);
    await waitForCommittedOffsets(
      group,
      topic,
      new Map([
        [0, 4],
        [1, 6],
      ]),
    );

    await admin.seekConsumerGroup(group, { [topic]: { 0: 'earliest', 1: 'latest' } });
    await waitForCommittedOffsets(
      group,
      topic,
      new Map([
        [0, 0],
        [1, 6],
      ]),
    );

    await admin.seekConsumerGroup(group, { [topic]: 'latest' });
    await waitForCommittedOffsets(
      group,
      topic,
      new Map([
        [0, 4],
        [1, 6],
      ]),
    );
  });

  it('refuses to seek a group that has active members, saying so, and changes nothing', async () => {
    const admin = openAdmin();
    const topic = await createTopic(uniqueName('seek-active'));
    await produceMessages(topic, 3);
    const group = uniqueName('seek-active-group');
    await groupMember(group, topic);

    const seek = admin.seekConsumerGroup(group, { [topic]: 'earliest' });

    await expect(seek).rejects.toThrow(ConsumerGroupActiveError);
    await expect(seek).rejects.toThrow(/Cannot seek consumer group '.*': it has 1 active member/);
    expect((await committedOffsets(group, topic)).size).toBe(0);
  });

  it('copyConsumerGroup copies committed offsets to another group; false when there is nothing to copy', async () => {
    const admin = openAdmin();
    const topic = await createTopic(uniqueName('copy'), 2);
    await produceMessages(topic, 3, { partition: 0 });
    await produceMessages(topic, 2, { partition: 1 });
    const source = uniqueName('copy-source');
    const target = uniqueName('copy-target');
    await consumeAndCommit(source, topic, 5);
    await waitForCommittedOffsets(
      source,
      topic,
      new Map([
        [0, 3],
        [1, 2],
      ]),
    );

    expect(await admin.copyConsumerGroup(source, target, [topic])).toBe(true);

    await waitForCommittedOffsets(
      target,
      topic,
      new Map([
        [0, 3],
        [1, 2],
      ]),
    );
    await waitForCommittedOffsets(
      source,
      topic,
      new Map([
        [0, 3],
        [1, 2],
      ]),
    );
    expect(await admin.copyConsumerGroup(uniqueName('copy-nothing'), uniqueName('copy-empty'), [topic])).toBe(false);
  });

  it('renameConsumerGroup moves the offsets to the new group and deletes the old one', async () => {
    const admin = openAdmin();
    const topic = await createTopic(uniqueName('rename'));
    await produceMessages(topic, 4);
    const previous = uniqueName('rename-old');
    const next = uniqueName('rename-new');
    await consumeAndCommit(previous, topic, 4);
    await waitForCommittedOffsets(previous, topic, new Map([[0, 4]]));

    expect(await admin.renameConsumerGroup(previous, next, [topic])).toBe(true);

    await waitForCommittedOffsets(next, topic, new Map([[0, 4]]));
    await expect(admin.deleteConsumerGroup(previous)).rejects.toThrow(/does not exist/);
  });

  it('deleteConsumerGroup deletes a group and its offsets; a group with members is refused', async () => {
    const admin = openAdmin();
    const topic = await createTopic(uniqueName('delete-group'));
    await produceMessages(topic, 2);
    const group = uniqueName('delete-group');
    await consumeAndCommit(group, topic, 2);
    await waitForCommittedOffsets(group, topic, new Map([[0, 2]]));

    await admin.deleteConsumerGroup(group);

    await waitForCommittedOffsets(group, topic, new Map());
    await expect(admin.deleteConsumerGroup(group)).rejects.toThrow(/does not exist/);
    const active = uniqueName('delete-active');
    await groupMember(active, topic);
    await expect(admin.deleteConsumerGroup(active)).rejects.toThrow(ConsumerGroupActiveError);
  });

  it('readLagsWithOffsets: -1 before the group consumed anything, offsets and lags after', async () => {
    const admin = openAdmin();
    const topic = await createTopic(uniqueName('lags'), 2);
    await produceMessages(topic, 5, { partition: 0 });
    const group = uniqueName('lags-group');

    expect(await admin.readLagsWithOffsets({ [group]: [topic] })).toEqual({
      [group]: { [topic]: { 0: { offset: -1, lag: -1 }, 1: { offset: -1, lag: -1 } } },
    });

    await admin.seekConsumerGroup(group, { [topic]: { 0: 0 } });
    await consumeAndCommit(group, topic, 3);
    await produceMessages(topic, 1, { partition: 1 });
    const expected: LagsWithOffsets = {
      [group]: { [topic]: { 0: { offset: 3, lag: 2 }, 1: { offset: -1, lag: -1 } } },
    };
    // The commit was made by another client: wait until this one's reads show it.
    let lags: LagsWithOffsets = {};
    await waitUntil(
      async () => {
        lags = await admin.readLagsWithOffsets({ [group]: [topic] });
        return lags[group]?.[topic]?.[0]?.offset === 3;
      },
      { description: () => `lags showing the commit (last: ${JSON.stringify(lags)})` },
    );
    expect(lags).toEqual(expected);
    // No topics listed: every topic the group has offsets for.
    expect(await admin.readLagsWithOffsets({ [group]: [] })).toEqual(expected);
  });
});
