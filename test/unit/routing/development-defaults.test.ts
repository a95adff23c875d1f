import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../src/app/app.js';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';

class EventsConsumer extends BaseConsumer {
  consume(): void {}
}

function consumerSettings(kafka: Record<string, string | number> = {}): Readonly<Record<string, unknown>> {
  const app = new App({ clientId: 'shop', logLevel: 'silent', kafka }, { logLifecycle: false });
  app.routes.draw((r) => r.topic('events', { consumer: EventsConsumer }));
  return app.routes.activeSubscriptionGroups()[0]!.kafkaSettings('shop');
}

describe('development defaults', () => {
  const environment = process.env.NODE_ENV;
  afterEach(() => {
    if (environment === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = environment;
  });

  it('looks for new topics every 5 s outside production, so a topic created after the start is consumed soon', () => {
    process.env.NODE_ENV = 'development';
    expect(consumerSettings()['topic.metadata.refresh.interval.ms']).toBe(5_000);
    delete process.env.NODE_ENV;
    expect(consumerSettings()['topic.metadata.refresh.interval.ms']).toBe(5_000);
  });

  it("keeps librdkafka's refresh interval in production, and the app's own value anywhere", () => {
    process.env.NODE_ENV = 'production';
    expect(consumerSettings()).not.toHaveProperty('topic.metadata.refresh.interval.ms');
    process.env.NODE_ENV = 'development';
    expect(
      consumerSettings({ 'topic.metadata.refresh.interval.ms': 60_000 })['topic.metadata.refresh.interval.ms'],
    ).toBe(60_000);
  });
});
