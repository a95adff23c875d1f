/**
 * The routing features virtualPartitions and longRunningJob: defaults, the strategies they select, and the
 * messages bad options get.
 */
import { describe, expect, it } from 'vitest';
import { App } from '../../../src/app/app.js';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import type { Message } from '../../../src/messages/message.js';
import { selectStrategy } from '../../../src/processing/strategies/select-strategy.js';
import { byMessageKey } from '../../../src/routing/virtual-partitions-feature.js';

class EventsConsumer extends BaseConsumer<{ user: string }> {
  consume(): void {}
}

function app(): App {
  return new App({ clientId: 'shop', logLevel: 'silent', concurrency: 7 }, { logLifecycle: false });
}

function drawError(options: Record<string, unknown>): string {
  try {
    app().routes.draw((r) => r.topic('events', { consumer: EventsConsumer, ...options }));
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the route to be rejected');
}

describe('virtual partitions and long-running job routing', () => {
  it('defaults to no virtual partitions and no long-running job', () => {
    const shop = app();
    shop.routes.draw((r) => r.topic('events', { consumer: EventsConsumer }));
    const [topic] = shop.routes.topics;
    expect([topic?.virtualPartitions, topic?.longRunningJob]).toEqual([undefined, false]);
    expect(selectStrategy(topic!, []).name).toBe('mark-last/retry');
  });

  it('turns virtual partitions on with {}: the message key, the app concurrency, balanced', () => {
    const shop = app();
    shop.routes.draw((r) => r.topic('events', { consumer: EventsConsumer, virtualPartitions: {} }));
    const [topic] = shop.routes.topics;
    expect(topic?.virtualPartitions).toEqual({ partitioner: byMessageKey, maxPartitions: 7, distribution: 'balanced' });
    const strategy = selectStrategy(topic!, []);
    expect([strategy.name, strategy.maxParallelJobs, strategy.longRunning]).toEqual([
      'mark-last/retry/virtual',
      7,
      false,
    ]);
  });

  it('takes a partitioner typed with the route payload, and combines with a long-running job and a DLQ', () => {
    const shop = app();
    const partitioner = (message: Message<{ user: string }>): string => message.payload.user;
    shop.routes.draw((r) =>
      r.topic('events', {
        consumer: EventsConsumer,
        virtualPartitions: { partitioner, maxPartitions: 3, distribution: 'consistent' },
        longRunningJob: true,
        deadLetterQueue: { topic: 'events-dlq' },
      }),
    );
    const [topic] = shop.routes.topics;
    expect(topic?.virtualPartitions).toEqual({ partitioner, maxPartitions: 3, distribution: 'consistent' });
    const strategy = selectStrategy(topic!, []);
    expect([strategy.name, strategy.maxParallelJobs, strategy.longRunning]).toEqual([
      'mark-last/dead-letter/long-running/virtual',
      3,
      true,
    ]);
  });

  it('names the option, the bad value and what is allowed', () => {
    expect(drawError({ virtualPartitions: { maxPartitions: 0 } })).toContain(
      "option 'virtualPartitions.maxPartitions': got 0; must be an integer from 1 to 10000",
    );
    expect(drawError({ virtualPartitions: { partitioner: 'key' } })).toContain(
      `option 'virtualPartitions.partitioner': got "key"; must be a function (message) => key`,
    );
    expect(drawError({ virtualPartitions: { distribution: 'random' } })).toContain(
      `option 'virtualPartitions.distribution': got "random"; must be 'balanced' or 'consistent'`,
    );
    expect(drawError({ virtualPartitions: { max: 3 } })).toMatch(/virtualPartitions.*max/);
    expect(drawError({ longRunningJob: 'yes' })).toContain(`option 'longRunningJob': got "yes"; must be true or false`);
  });
});
