/**
 * karafka-ts/testing: lifecycle hooks run as the server runs them: revoked() (clean: stored offsets committed
 * first; lost: marks refused) with isRevoked set, shutdown(), eofed() on routes with eofed, a critical error.
 * No broker.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/app/app.js';
import { BaseConsumer } from '../../src/consumer/base-consumer.js';
import type { Message } from '../../src/messages/message.js';
import { TestKit } from '../../src/testing/index.js';

const newApp = (settings: { criticalErrors?: (abstract new (...args: never[]) => Error)[] } = {}): App =>
  new App({ clientId: 'shop', kafka: { 'bootstrap.servers': '127.0.0.1:1' }, logLevel: 'silent', ...settings });

class FatalError extends Error {}

/** Records each hook with what `isRevoked` said, and what marking gave. */
class Recording extends BaseConsumer {
  readonly hooks: string[] = [];
  marks: boolean[] = [];
  markInRevoked = false;

  #seen: Message<unknown> | undefined;

  consume(): void {
    this.hooks.push(`consume isRevoked=${String(this.isRevoked)}`);
    this.#seen = this.messages.last();
    if (this.messages.first()?.payload === 'fatal') throw new FatalError('stop everything');
  }

  override revoked(): void {
    this.hooks.push(`revoked isRevoked=${String(this.isRevoked)} aborted=${String(this.signal.aborted)}`);
    if (this.markInRevoked) this.marks.push(this.markAsConsumed(this.messages.first() ?? this.#seen!));
  }

  override shutdown(): void {
    this.hooks.push(`shutdown isRevoked=${String(this.isRevoked)}`);
  }

  override eofed(): void {
    this.hooks.push(`eofed messages=${String(this.messages.length)}`);
  }
}

describe('karafka-ts/testing: lifecycle hooks', () => {
  let kit: TestKit | undefined;
  afterEach(() => kit?.restore());

  it('revoked(): the stored offset is committed, then revoked() runs with isRevoked true; the consumer is done', async () => {
    const app = newApp();
    app.routes.draw((r) => r.topic('events', { consumer: Recording }));
    kit = new TestKit(app);
    const consumer = await kit.consumerFor('events', { consumer: Recording });
    consumer.feedMany(['a', 'b']);
    const consumed = await consumer.consume();
    expect(consumed.markedOffset).toBe(2);
    expect(consumed.committedOffset).toBeUndefined();

    const revoked = await consumer.revoked();
    expect(revoked.committedOffset).toBe(2);
    expect(consumer.isRevoked).toBe(true);
    expect(consumer.instance.hooks).toEqual(['consume isRevoked=false', 'revoked isRevoked=true aborted=true']);
    await expect(consumer.consume()).rejects.toThrow(
      'consume(): the test consumer of events/0 was revoked; build a new one with consumerFor()',
    );

    // A new assignment reads from the committed offset.
    const next = await kit.consumerFor('events', { consumer: Recording });
    next.feed('c');
    const outcome = await next.consume();
    expect(outcome.batches).toEqual([{ firstOffset: 2, lastOffset: 2, count: 1 }]);
  });

  it('revoked({ lost: true }): nothing is committed and marks are refused', async () => {
    const app = newApp();
    app.routes.draw((r) => r.topic('events', { consumer: Recording }));
    kit = new TestKit(app);
    const consumer = await kit.consumerFor('events', { consumer: Recording });
    consumer.instance.markInRevoked = true;
    consumer.feed('a');
    await consumer.consume();
    const lost = await consumer.revoked({ lost: true });
    expect(lost.committedOffset).toBeUndefined();
    expect(consumer.instance.marks).toEqual([false]);
    expect(consumer.instance.hooks.at(-1)).toBe('revoked isRevoked=true aborted=true');
  });

  it('shutdown() runs shutdown() (the partition stays owned); eofed() runs eofed() once every message was consumed', async () => {
    const app = newApp();
    app.routes.draw((r) => {
      r.topic('events', { consumer: Recording, eofed: true });
      r.topic('plain', { consumer: Recording });
    });
    kit = new TestKit(app);
    const consumer = await kit.consumerFor('events', { consumer: Recording });
    consumer.feed('a');
    await consumer.consume();
    await consumer.eofed();
    await consumer.shutdown();
    expect(consumer.instance.hooks).toEqual([
      'consume isRevoked=false',
      'eofed messages=0',
      'shutdown isRevoked=false',
    ]);
    await expect(consumer.eofed()).rejects.toThrow('was shut down');

    const plain = await kit.consumerFor('plain');
    await expect(plain.eofed()).rejects.toThrow(
      "Topic 'plain' is not routed with eofed: true: the server never runs eofed() for it",
    );
  });

  it('reports a critical error (the server would stop) and refuses to consume after it', async () => {
    const app = newApp({ criticalErrors: [FatalError] });
    app.routes.draw((r) => r.topic('events', { consumer: Recording }));
    kit = new TestKit(app);
    const consumer = await kit.consumerFor('events');
    consumer.feed('fatal');
    const outcome = await consumer.consume();
    expect(outcome.criticalError).toBeInstanceOf(FatalError);
    expect(outcome.markedOffset).toBeUndefined();
    await expect(consumer.consume()).rejects.toThrow('a critical error stopped events/0');
  });
});

describe('karafka-ts/testing: periodic ticks', () => {
  it('tick() runs tick() on a periodic route; a route without ticks is an error', async () => {
    const app = newApp();
    class Ticking extends BaseConsumer {
      readonly ticks: number[] = [];
      consume(): void {}
      override tick(): void {
        this.ticks.push(this.messages.length);
      }
    }
    app.routes.draw((r) => {
      r.topic('windows', { consumer: Ticking, periodic: { interval: 3_600_000 } });
      r.topic('plain', { consumer: Ticking });
    });
    const kit = new TestKit(app);
    try {
      const consumer = await kit.consumerFor('windows', { consumer: Ticking });
      const outcome = await consumer.tick();
      expect(outcome.error).toBeUndefined();
      expect(consumer.instance.ticks).toEqual([0]);
      const plain = await kit.consumerFor('plain');
      await expect(plain.tick()).rejects.toThrow(
        "Topic 'plain' is not routed with periodic ticks: the server never runs tick() for it",
      );
    } finally {
      kit.restore();
    }
  });
});
