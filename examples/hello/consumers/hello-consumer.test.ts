/**
 * A unit test of HelloConsumer with karafka-ts/testing: the consumer is built from the app in
 * karafka.config.ts as the server builds it and runs through the same processing, with no broker.
 * `npx vitest run examples/hello` from the repository root runs it (the `testing` project).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TestKit } from 'karafka-ts/testing';
import app from '../karafka.config.js';
import { HelloConsumer } from './hello-consumer.js';

describe('HelloConsumer', () => {
  const kit = new TestKit(app);
  afterEach(() => {
    kit.reset();
    vi.restoreAllMocks();
  });

  it('prints each greeting of a batch and marks the batch as consumed', async () => {
    const printed: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => printed.push(line));
    const consumer = await kit.consumerFor('karafka-ts-hello', { consumer: HelloConsumer, partition: 1 });
    consumer.feed({ greeting: 'hello', n: 1 });
    consumer.feed({ greeting: 'hi', n: 2 });

    const outcome = await consumer.consume();

    expect(outcome.error).toBeUndefined();
    expect(printed).toEqual(['consumed karafka-ts-hello/1@0: hello #1', 'consumed karafka-ts-hello/1@1: hi #2']);
    expect(outcome.markedOffset).toBe(2);
  });

  it('is retried when a payload is not JSON, as the server would', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const consumer = await kit.consumerFor('karafka-ts-hello');
    consumer.feed(Buffer.from('not json'));

    const outcome = await consumer.consume();

    expect(outcome.error).toBeInstanceOf(Error);
    expect(outcome.retry).toMatchObject({ from: 0, attempt: 1 });
    expect(outcome.markedOffset).toBeUndefined();
  });
});
