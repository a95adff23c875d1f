/**
 * Processing strategies as pure functions: which one a topic's features select, and what each decides after
 * a batch from the partition's state.
 */
import { describe, expect, it } from 'vitest';
import { App } from '../../../src/app/app.js';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import { MessageConsumer } from '../../../src/consumer/message-consumer.js';
import type { KafkaMessage } from '../../../src/kafka/types.js';
import type { ConsumeResult, PartitionView } from '../../../src/processing/strategies/processing-strategy.js';
import { selectStrategy } from '../../../src/processing/strategies/select-strategy.js';
import type { Topic } from '../../../src/routing/topic.js';
import type { TopicOptions } from '../../../src/routing/topic-options.js';

class EventsConsumer extends BaseConsumer {
  consume(): void {}
}

class EachEventConsumer extends MessageConsumer {
  consumeMessage(): void {}
}

class PoisonError extends Error {}

const PAUSE = { timeout: 100, maxTimeout: 1_000, withExponentialBackoff: true };

function topicWith(options: Partial<TopicOptions>): Topic {
  const app = new App({ clientId: 'shop', logLevel: 'silent', pause: PAUSE }, { logLifecycle: false });
  const route: TopicOptions = { consumer: EventsConsumer, ...options };
  app.routes.draw((r) => r.topic('events', route));
  return app.routes.topics[0]!;
}

function messages(...offsets: number[]): KafkaMessage[] {
  return offsets.map((offset) => ({
    topic: 'events',
    partition: 0,
    offset,
    key: null,
    value: null,
    headers: [],
    timestamp: 0,
    size: 0,
  }));
}

const OWNED: PartitionView = { attempt: 0, restartOffset: undefined, isOwned: true, batchKeptUnmarked: false };
const OK: ConsumeResult = { failed: false };
const failed = (error: unknown = new Error('boom')): ConsumeResult => ({ failed: true, error });

describe('strategy selection', () => {
  it.each([
    [{}, 'mark-last/retry'],
    [{ manualOffsetManagement: true }, 'manual-offsets/retry'],
    [{ deadLetterQueue: { topic: 'dlq' } }, 'mark-last/dead-letter'],
    [{ deadLetterQueue: { topic: 'dlq', independent: true } }, 'mark-last/dead-letter-independent'],
    [{ manualOffsetManagement: true, deadLetterQueue: { topic: false as const } }, 'manual-offsets/dead-letter'],
    [{ consumer: EachEventConsumer, deadLetterQueue: { topic: 'dlq' } }, 'mark-last/dead-letter-independent'],
  ] as [Partial<TopicOptions>, string][])('picks from the features %j: %s', (options, name) => {
    const strategy = selectStrategy(topicWith(options), []);
    expect(strategy.name).toBe(name);
    expect(strategy.resetsAttemptsOnMark).toBe(name.endsWith('-independent'));
  });
});

describe('after a successful batch', () => {
  it('marks the last message by default', () => {
    const strategy = selectStrategy(topicWith({}), []);
    expect(strategy.afterBatch({ messages: messages(3, 4, 5), result: OK, partition: OWNED })).toEqual({
      kind: 'mark',
      offset: 6,
    });
  });

  it('marks nothing when the consumer paused, seeked or kept the batch unmarked', () => {
    const strategy = selectStrategy(topicWith({}), []);
    const partition = { ...OWNED, batchKeptUnmarked: true };
    expect(strategy.afterBatch({ messages: messages(3), result: OK, partition })).toEqual({ kind: 'nothing' });
  });

  it('marks nothing under manual offset management', () => {
    const strategy = selectStrategy(topicWith({ manualOffsetManagement: true }), []);
    expect(strategy.afterBatch({ messages: messages(3), result: OK, partition: OWNED })).toEqual({ kind: 'nothing' });
  });

  it('still marks a batch that finished while its partition was being revoked (the revocation waited for it)', () => {
    const strategy = selectStrategy(topicWith({}), []);
    const partition = { ...OWNED, isOwned: false };
    expect(strategy.afterBatch({ messages: messages(7), result: OK, partition })).toEqual({ kind: 'mark', offset: 8 });
  });
});

describe('after a failed batch', () => {
  it('retries from the last marked position with a growing backoff', () => {
    const strategy = selectStrategy(topicWith({}), []);
    const batch = messages(10, 11, 12);
    expect(strategy.afterBatch({ messages: batch, result: failed(), partition: OWNED })).toEqual({
      kind: 'retry',
      from: 10,
      attempt: 1,
      delayMs: 100,
    });
    const partition = { ...OWNED, attempt: 2, restartOffset: 11 };
    expect(strategy.afterBatch({ messages: batch, result: failed(), partition })).toEqual({
      kind: 'retry',
      from: 11,
      attempt: 3,
      delayMs: 400,
    });
  });

  it('takes the route pause settings over the app ones', () => {
    const strategy = selectStrategy(topicWith({ pause: { timeout: 7, withExponentialBackoff: false } }), []);
    const partition = { ...OWNED, attempt: 5 };
    expect(strategy.afterBatch({ messages: messages(0), result: failed(), partition })).toMatchObject({
      delayMs: 7,
      attempt: 6,
    });
  });

  it('leaves a partition it no longer owns alone', () => {
    const strategy = selectStrategy(topicWith({ deadLetterQueue: { topic: 'dlq', maxRetries: 0 } }), []);
    const partition = { ...OWNED, isOwned: false };
    expect(strategy.afterBatch({ messages: messages(0), result: failed(), partition })).toEqual({ kind: 'nothing' });
  });

  it('stops on a critical error, before any retry or dead letter', () => {
    const strategy = selectStrategy(topicWith({ deadLetterQueue: { topic: 'dlq', maxRetries: 0 } }), [PoisonError]);
    const error = new PoisonError('cannot go on');
    expect(strategy.afterBatch({ messages: messages(0), result: failed(error), partition: OWNED })).toEqual({
      kind: 'stop',
      error,
    });
    expect(strategy.afterBatch({ messages: messages(0), result: failed(), partition: OWNED }).kind).toBe('deadLetter');
  });

  it('dispatches the first unmarked message once the attempts exceed maxRetries, retrying if the dispatch fails', () => {
    const strategy = selectStrategy(topicWith({ deadLetterQueue: { topic: 'dlq', maxRetries: 2 } }), []);
    const batch = messages(20, 21, 22);
    const error = new Error('poison');
    const at = (attempt: number, restartOffset?: number): PartitionView => ({ ...OWNED, attempt, restartOffset });
    expect(strategy.afterBatch({ messages: batch, result: failed(error), partition: at(1) }).kind).toBe('retry');
    expect(strategy.afterBatch({ messages: batch, result: failed(error), partition: at(2, 21) })).toEqual({
      kind: 'deadLetter',
      message: batch[1],
      error,
      attempt: 3,
      otherwise: { kind: 'retry', from: 21, attempt: 3, delayMs: 400 },
    });
  });

  it('retries when the restart position is not in the batch (nothing to dispatch from it)', () => {
    const strategy = selectStrategy(topicWith({ deadLetterQueue: { topic: 'dlq', maxRetries: 0 } }), []);
    const partition = { ...OWNED, restartOffset: 30 };
    expect(strategy.afterBatch({ messages: messages(20, 21), result: failed(), partition }).kind).toBe('retry');
  });
});
