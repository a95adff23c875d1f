/**
 * Periodic ticks against the broker: tick() fires on idle assigned partitions at about the interval (the counts
 * rise while they are idle), never while a consume of the same partition runs (overlaps recorded), and stops
 * for a partition once it was revoked (a second member joins and takes it: no tick for it on the first member
 * after its revoked()) and for every partition once the member shut down.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { App } from '../../../src/app/app.js';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import { startEmbedded, testApp } from '../../support/app.js';
import { createTopic, produceMessages, uniqueName } from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';

const INTERVAL_MS = 300;
/** Each consume lasts two intervals: a tick running beside it would be caught. */
const CONSUME_MS = 2 * INTERVAL_MS;

interface Entry {
  readonly member: string;
  /** `consume start`, `consume end`, `tick`, `revoked`, `shutdown`. */
  readonly what: string;
  readonly partition: number;
  readonly consumer: BaseConsumer;
}

describe('periodic ticks', () => {
  it('tick idle partitions, never beside their consume, and stop after revocation and shutdown', async () => {
    const topic = await createTopic(uniqueName('ticks'), 2);
    const group = uniqueName('ticks-group');
    const log: Entry[] = [];
    const overlaps: string[] = [];
    const consuming = new Set<string>();

    const member = (name: string): App => {
      class TickingConsumer extends BaseConsumer {
        async consume(): Promise<void> {
          const id = `${name}/${String(this.partition)}`;
          consuming.add(id);
          log.push({ member: name, what: 'consume start', partition: this.partition, consumer: this });
          await sleep(CONSUME_MS);
          log.push({ member: name, what: 'consume end', partition: this.partition, consumer: this });
          consuming.delete(id);
        }

        override tick(): void {
          if (consuming.has(`${name}/${String(this.partition)}`)) overlaps.push(`${name}/${String(this.partition)}`);
          log.push({ member: name, what: 'tick', partition: this.partition, consumer: this });
        }

        override revoked(): void {
          log.push({ member: name, what: 'revoked', partition: this.partition, consumer: this });
        }

        override shutdown(): void {
          log.push({ member: name, what: 'shutdown', partition: this.partition, consumer: this });
        }
      }
      const app = testApp({ groupId: group, concurrency: 4, maxMessages: 1 });
      app.routes.draw((r) => r.topic(topic, { consumer: TickingConsumer, periodic: { interval: INTERVAL_MS } }));
      return app;
    };
    const count = (who: string, what: string, partition?: number, after = -1): number =>
      log.filter(
        (e, i) =>
          i > after && e.member === who && e.what === what && (partition === undefined || e.partition === partition),
      ).length;
    const lastIndex = (who: string, what: string, partition: number): number =>
      log.findLastIndex((e) => e.member === who && e.what === what && e.partition === partition);

    // Idle partitions tick, again and again.
    const first = await startEmbedded(member('first'));
    await waitUntil(() => count('first', 'tick', 0) >= 3 && count('first', 'tick', 1) >= 3, {
      description: () => `3 ticks on each idle partition (${String(count('first', 'tick'))} so far)`,
    });

    // Partition 0 consumes 4 messages, one at a time, each two intervals long: no tick beside them; partition 1
    // keeps ticking meanwhile; partition 0 ticks again once idle.
    const ticksOf1 = count('first', 'tick', 1);
    await produceMessages(topic, 4, { partition: 0 });
    await waitUntil(() => count('first', 'consume end', 0) === 4, { description: '4 consumes on partition 0' });
    const consumed = lastIndex('first', 'consume end', 0);
    await waitUntil(() => count('first', 'tick', 0, consumed) >= 2, {
      description: 'partition 0 to tick again once idle',
    });
    expect(count('first', 'tick', 1)).toBeGreaterThan(ticksOf1);
    expect(overlaps).toEqual([]);
    // Ticks and consumes of a partition run on the same consumer instance.
    for (const partition of [0, 1]) {
      const instances = new Set(
        log.filter((e) => e.member === 'first' && e.partition === partition).map((e) => e.consumer),
      );
      expect(instances.size).toBe(1);
    }

    // A second member joins and takes one partition: the first member's ticks of it stop after its revoked().
    const second = await startEmbedded(member('second'));
    const revocation = await waitUntil(() => log.find((e) => e.member === 'first' && e.what === 'revoked'), {
      timeoutMs: 60_000,
      description: 'a partition to move to the second member',
    });
    const movedPartition = revocation.partition;
    const kept = 1 - movedPartition;
    const revokedAt = lastIndex('first', 'revoked', movedPartition);
    await waitUntil(
      () => count('second', 'tick', movedPartition) >= 3 && count('first', 'tick', kept, revokedAt) >= 3,
      { description: 'the moved partition to tick on the second member and the kept one on the first' },
    );
    expect(count('first', 'tick', movedPartition, revokedAt)).toBe(0);

    // The first member stops: no tick of it after its shutdown() (the second member's ticks are the clock).
    await first.stop();
    const stoppedAt = log.length - 1;
    expect(count('first', 'shutdown', kept)).toBe(1);
    await waitUntil(() => count('second', 'tick', undefined, stoppedAt) >= 6, {
      timeoutMs: 60_000,
      description: 'the second member to go on ticking',
    });
    expect(count('first', 'tick', undefined, stoppedAt)).toBe(0);
    expect(overlaps).toEqual([]);
    await second.stop();
  }, 180_000);
});
