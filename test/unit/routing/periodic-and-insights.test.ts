/**
 * The routing features periodic (ticks) and inlineInsights: defaults, overrides, the statistics they turn on,
 * and the messages bad options get.
 */
import { describe, expect, it } from 'vitest';
import { App } from '../../../src/app/app.js';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';

class EventsConsumer extends BaseConsumer {
  consume(): void {}
}

function app(kafka: Record<string, string | number | boolean> = {}): App {
  return new App(
    { clientId: 'shop', logLevel: 'silent', kafka: { 'bootstrap.servers': '127.0.0.1:9092', ...kafka } },
    { logLifecycle: false },
  );
}

function topicWith(options: Record<string, unknown>, kafka: Record<string, string | number | boolean> = {}) {
  const shop = app(kafka);
  shop.routes.draw((r) => r.topic('events', { consumer: EventsConsumer, ...options }));
  return { topic: shop.routes.topics[0]!, group: shop.routes.activeSubscriptionGroups()[0]! };
}

function drawError(options: Record<string, unknown>): string {
  try {
    topicWith(options);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the route to be rejected');
}

describe('periodic ticks routing', () => {
  it('is off by default', () => {
    expect(topicWith({}).topic.periodic).toBeUndefined();
    expect(topicWith({ periodic: false }).topic.periodic).toBeUndefined();
  });

  it('turns on with true: every 5 s, during pauses, not during retries', () => {
    expect(topicWith({ periodic: true }).topic.periodic).toEqual({
      interval: 5_000,
      duringPause: true,
      duringRetry: false,
    });
  });

  it('takes its settings; a long-running job topic does not tick during pauses unless asked', () => {
    expect(topicWith({ periodic: { interval: 250, duringRetry: true } }).topic.periodic).toEqual({
      interval: 250,
      duringPause: true,
      duringRetry: true,
    });
    expect(topicWith({ periodic: {}, longRunningJob: true }).topic.periodic?.duringPause).toBe(false);
    expect(topicWith({ periodic: { duringPause: true }, longRunningJob: true }).topic.periodic?.duringPause).toBe(true);
  });

  it('refuses bad settings with the key, the value and what is allowed', () => {
    expect(drawError({ periodic: 'yes' })).toContain(
      `option 'periodic': got "yes"; must be true, false or { interval?, duringPause?, duringRetry? }`,
    );
    expect(drawError({ periodic: { interval: 10 } })).toContain(
      `option 'periodic.interval': got 10; must be an integer from 50 to 86400000`,
    );
    expect(drawError({ periodic: { duringPause: 1 } })).toContain(`option 'periodic.duringPause': got 1`);
    expect(drawError({ periodic: { every: 5 } })).toContain(
      "unknown option 'periodic.every'; allowed: interval, duringPause, duringRetry",
    );
  });
});

describe('inline insights routing', () => {
  it('is off by default and leaves the statistics interval alone', () => {
    const { topic, group } = topicWith({}, { 'statistics.interval.ms': 0 });
    expect(topic.inlineInsights).toBe(false);
    expect(group.kafkaSettings('shop')['statistics.interval.ms']).toBe(0);
  });

  it('turns the client statistics on when the kafka settings turned them off', () => {
    const { topic, group } = topicWith({ inlineInsights: true }, { 'statistics.interval.ms': 0 });
    expect(topic.inlineInsights).toBe(true);
    expect(group.kafkaSettings('shop')['statistics.interval.ms']).toBe(5_000);
  });

  it('keeps a statistics interval the settings chose', () => {
    const { group } = topicWith({ inlineInsights: true }, { 'statistics.interval.ms': 1_000 });
    expect(group.kafkaSettings('shop')['statistics.interval.ms']).toBe(1_000);
  });

  it('refuses a value that is not a boolean', () => {
    expect(drawError({ inlineInsights: 'on' })).toContain(`option 'inlineInsights': got "on"; must be true or false`);
  });
});
