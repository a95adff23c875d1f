import { describe, expect, it } from 'vitest';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import { startEmbedded, testApp } from '../../support/app.js';
import { createTopic, produceMessages, uniqueName } from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';

describe('pattern routes', () => {
  it('consume every matching topic, including one created while the server runs; a route by name wins', async () => {
    const prefix = uniqueName('pattern');
    const existing = await createTopic(`${prefix}.existing`);
    const named = await createTopic(`${prefix}.named`);
    await createTopic(`${prefix}-other`);
    await produceMessages(existing, 3);
    await produceMessages(named, 2);
    await produceMessages(`${prefix}-other`, 1);
    const byPattern = new Map<string, (string | null)[]>();
    const byName: (string | null)[] = [];
    class PatternConsumer extends BaseConsumer<string | null> {
      consume(): void {
        for (const m of this.messages) byPattern.set(m.topic, [...(byPattern.get(m.topic) ?? []), m.payload]);
      }
    }
    class NamedConsumer extends BaseConsumer<string | null> {
      consume(): void {
        for (const m of this.messages) byName.push(m.payload);
      }
    }
    const app = testApp();
    app.routes.draw((r) => {
      r.topic(named, { consumer: NamedConsumer, deserializer: 'string' });
      r.pattern(new RegExp(`^${prefix}\\..+`), { consumer: PatternConsumer, deserializer: 'string' });
    });
    await startEmbedded(app);
    await waitUntil(() => byPattern.get(existing)?.length === 3 && byName.length === 2, {
      description: 'the existing matching topic and the named topic to be consumed',
    });

    // Created while the server runs: found on librdkafka's next metadata refresh (5 s outside production).
    const created = await createTopic(`${prefix}.created`, 2);
    await produceMessages(created, 4, { partition: 0 });
    await produceMessages(created, 4, { partition: 1 });
    await waitUntil(() => byPattern.get(created)?.length === 8, {
      timeoutMs: 60_000,
      description: 'the topic created after the start to be consumed through the pattern',
    });
    expect([...byPattern.keys()].sort()).toEqual([created, existing].sort());
    expect(byName).toEqual(['message-0', 'message-1']);
    expect(byPattern.get(existing)).toEqual(['message-0', 'message-1', 'message-2']);
  });
});
