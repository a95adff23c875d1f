/**
 * MessageConsumer on a recording context: the order of calls, what is marked, and when the batch stops.
 */
import { describe, expect, it } from 'vitest';
import type { ConsumerContext } from '../../../src/consumer/consumer-context.js';
import { attachContext, attachMessages } from '../../../src/consumer/consumer-context.js';
import { MessageConsumer } from '../../../src/consumer/message-consumer.js';
import type { KafkaMessage } from '../../../src/kafka/types.js';
import { Message } from '../../../src/messages/message.js';
import { Messages } from '../../../src/messages/messages.js';
import { resolveDeserializer } from '../../../src/messages/deserializers.js';

interface Recording {
  readonly calls: string[];
  revoked: boolean;
  markRefused: boolean;
}

function contextFor(recording: Recording): ConsumerContext {
  const unused = (): never => {
    throw new Error('not used by these tests');
  };
  return {
    topic: unused as never,
    partition: 0,
    isRevoked: () => recording.revoked,
    signal: new AbortController().signal,
    collapsed: () => false,
    markAsConsumed: (message) => {
      recording.calls.push(`mark ${String(message.offset)}`);
      return !recording.markRefused;
    },
    markAsConsumedSync: unused,
    offsetMetadata: unused,
    commitOffsets: unused,
    pause: (offset) => void recording.calls.push(`pause ${String(offset)}`),
    resume: unused,
    seek: (target) => {
      recording.calls.push(`seek ${String(target)}`);
      return Promise.resolve();
    },
    dispatchToDlq: unused,
    keepBatchUnmarked: () => void recording.calls.push('keep batch unmarked'),
    attempt: () => 1,
    transaction: unused,
    producer: unused,
    workers: { size: 1, scale: unused },
    monitor: unused as never,
    logger: unused as never,
  };
}

function batchOf(...offsets: number[]): Messages<string | null> {
  const raw = (offset: number): KafkaMessage => ({
    topic: 'events',
    partition: 0,
    offset,
    key: null,
    value: Buffer.from(`m${String(offset)}`),
    headers: [],
    timestamp: 0,
    size: 2,
  });
  return new Messages(
    offsets.map((o) => new Message(raw(o), resolveDeserializer<string | null>('string'), 'string')),
    'events',
    0,
  );
}

/** Runs `consume()` of a MessageConsumer whose `consumeMessage` is `handle`, over messages at `offsets`. */
async function run(
  offsets: number[],
  handle: (consumer: MessageConsumer<string | null>, message: Message<string | null>, r: Recording) => unknown,
  recording: Recording = { calls: [], revoked: false, markRefused: false },
): Promise<{ recording: Recording; error?: unknown }> {
  class Handler extends MessageConsumer<string | null> {
    async consumeMessage(message: Message<string | null>): Promise<void> {
      recording.calls.push(`consume ${String(message.payload)}`);
      await handle(this, message, recording);
    }
  }
  const consumer = new Handler();
  consumer[attachContext](contextFor(recording));
  consumer[attachMessages](batchOf(...offsets));
  try {
    await consumer.consume();
    return { recording };
  } catch (error) {
    return { recording, error };
  }
}

describe('MessageConsumer', () => {
  it('calls consumeMessage once per message in order, marking each after it returns', async () => {
    const { recording } = await run([4, 5, 6], () => undefined);
    expect(recording.calls).toEqual(['consume m4', 'mark 4', 'consume m5', 'mark 5', 'consume m6', 'mark 6']);
  });

  it('stops at a throw: the messages before it stay marked, the failing one and the rest are not', async () => {
    const { recording, error } = await run([1, 2, 3], (_c, message) => {
      if (message.offset === 2) throw new Error('cannot handle m2');
    });
    expect((error as Error).message).toBe('cannot handle m2');
    expect(recording.calls).toEqual(['consume m1', 'mark 1', 'consume m2']);
  });

  it('stops once the partition is revoked, marking what it processed and keeping the batch unmarked past it', async () => {
    const { recording } = await run([1, 2, 3], (_c, message, r) => {
      if (message.offset === 2) r.revoked = true;
    });
    expect(recording.calls).toEqual(['consume m1', 'mark 1', 'consume m2', 'mark 2', 'keep batch unmarked']);
  });

  it('stops once a mark is refused (partition lost)', async () => {
    const recording: Recording = { calls: [], revoked: false, markRefused: false };
    await run(
      [1, 2],
      (_c, _m, r) => {
        r.markRefused = true;
        r.revoked = true; // a lost partition is revoked
      },
      recording,
    );
    expect(recording.calls).toEqual(['consume m1', 'mark 1', 'keep batch unmarked']);
  });

  it('does not mark the message nor process the rest after pause() or seek() inside consumeMessage', async () => {
    const paused = await run([1, 2, 3], (consumer, message) => {
      if (message.offset === 2) consumer.pause(message.offset, 1_000);
    });
    expect(paused.recording.calls).toEqual(['consume m1', 'mark 1', 'consume m2', 'pause 2']);
    const seeked = await run([1, 2, 3], async (consumer, message) => {
      if (message.offset === 1) await consumer.seek(10);
    });
    expect(seeked.recording.calls).toEqual(['consume m1', 'seek 10']);
  });

  it('starts every batch afresh after a pause in an earlier one', async () => {
    const recording: Recording = { calls: [], revoked: false, markRefused: false };
    let first = true;
    class Handler extends MessageConsumer<string | null> {
      consumeMessage(message: Message<string | null>): void {
        recording.calls.push(`consume ${String(message.payload)}`);
        if (first) {
          first = false;
          this.pause(message.offset);
        }
      }
    }
    const consumer = new Handler();
    consumer[attachContext](contextFor(recording));
    consumer[attachMessages](batchOf(1));
    await consumer.consume();
    consumer[attachMessages](batchOf(1, 2));
    await consumer.consume();
    expect(recording.calls).toEqual(['consume m1', 'pause 1', 'consume m1', 'mark 1', 'consume m2', 'mark 2']);
  });
});
