import { describe, expect, it } from 'vitest';
import { App } from '../../../src/app/app.js';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import { TOPIC_FEATURES } from '../../../src/routing/topic-features.js';
import { TOPIC_OPTION_KEYS } from '../../../src/routing/topic-options.js';

class EventsConsumer extends BaseConsumer {
  consume(): void {}
}

describe('routing features registry', () => {
  it('builds the route options from every feature, in registry order', () => {
    expect(TOPIC_OPTION_KEYS).toEqual(TOPIC_FEATURES.flatMap((feature) => Object.keys(feature.schema)));
    expect(new Set(TOPIC_OPTION_KEYS).size).toBe(TOPIC_OPTION_KEYS.length);
  });

  it('composes a topic of every feature resolved with its defaults', () => {
    const app = new App({ clientId: 'shop', logLevel: 'silent', maxMessages: 42 }, { logLifecycle: false });
    app.routes.draw((r) => r.topic('events', { consumer: EventsConsumer }));
    const [topic] = app.routes.topics;
    expect(topic).toMatchObject({
      name: 'events',
      consumerGroup: 'shop',
      subscriptionGroup: 'default',
      consumer: EventsConsumer,
      deserializer: 'json',
      schema: undefined,
      deserializerName: 'json',
      initialOffset: 'earliest',
      maxMessages: 42,
      maxWaitTime: app.settings.maxWaitTime,
      active: true,
      pause: app.settings.pause,
      manualOffsetManagement: false,
      eofed: false,
      deadLetterQueue: undefined,
      declaration: { partitions: 1, replicationFactor: 1, configs: {}, active: true, explicit: false },
    });
    expect(topic?.kafka).toEqual(app.settings.kafka);
  });
});
