/**
 * Reporting and materialisation against the real broker: a running app's reports become the materialised
 * state any UI reads (consumed counts, offsets, lag), errors reach the errors topic, commands reach the
 * process (quiet, pause and resume a partition) and their results are recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import type { RunningWebServer } from '../../../src/web/ui/web-server.js';
import { webProcessOf } from '../../../src/web/enable-web.js';
import type { WebTopicNames } from '../../../src/web/options.js';
import { startEmbedded } from '../../support/app.js';
import { createTopic, produceMessages, uniqueName } from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';
import { installWebTopics, serveTestUi, waitForProcess, webTestApp } from './support.js';

let topics: WebTopicNames;
const servers: RunningWebServer[] = [];

beforeAll(async () => {
  topics = await installWebTopics();
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe('web reporting', () => {
  it('materialises a running app: consumed messages, offsets and lag reach 0; errors are reported', async () => {
    const topic = await createTopic(uniqueName('web-orders'), 2);
    const seen: number[] = [];
    class OrdersConsumer extends BaseConsumer {
      override consume(): void {
        for (const m of this.messages) {
          seen.push(m.offset);
          if (m.raw.value?.toString() === 'boom') throw new Error('cannot ship <order>');
        }
      }
    }
    const app = webTestApp(topics, { pause: { timeout: 60_000, maxTimeout: 60_000 } });
    app.routes.draw((r) => r.topic(topic, { consumer: OrdersConsumer }));
    const embedded = await startEmbedded(app);
    const ui = await serveTestUi(app);
    servers.push(ui);
    await produceMessages(topic, 10, { partition: 0 });
    await produceMessages(topic, 5, { partition: 1 });
    const processId = webProcessOf(embedded.server!)!.processId;

    const state = await waitForProcess(
      ui,
      (p) =>
        p.report.id === processId &&
        p.report.counters.messages === 15 &&
        p.report.partitions.length === 2 &&
        p.report.partitions.every((partition) => partition.lag === 0),
      'the process to report 15 messages consumed and lag 0 on both partitions',
    );
    expect(state.status).toBe('active');
    expect(state.report.state).toBe('running');
    expect(state.report.partitions.map((p) => [p.partition, p.consumed, p.committed]).sort()).toEqual([
      [0, 10, 10],
      [1, 5, 5],
    ]);

    await produceMessages(topic, 1, { partition: 0, payload: () => 'boom' });
    const errors = await waitUntil(
      async () => {
        const list = await ui.handler.data.errors();
        return list.length > 0 ? list : undefined;
      },
      { description: 'the consume error in the errors topic' },
    );
    expect(errors[0]!.error).toMatchObject({
      errorType: 'consumer.consume.error',
      message: 'cannot ship <order>',
      topic,
      partition: 0,
      processId,
    });
  });

  it('runs commands from the UI: pause and resume a partition, quiet the process; results are recorded', async () => {
    const topic = await createTopic(uniqueName('web-cmd'), 1);
    const consumed: number[] = [];
    class CountingConsumer extends BaseConsumer {
      override consume(): void {
        for (const m of this.messages) consumed.push(m.offset);
      }
    }
    const app = webTestApp(topics);
    app.routes.draw((r) => r.topic(topic, { consumer: CountingConsumer }));
    const embedded = await startEmbedded(app);
    const ui = await serveTestUi(app);
    servers.push(ui);
    const processId = webProcessOf(embedded.server!)!.processId;
    await produceMessages(topic, 3);
    await waitUntil(() => consumed.length === 3, { description: 'the first 3 messages consumed' });
    await waitForProcess(ui, (p) => p.report.id === processId && p.report.partitions.length === 1, 'the process');

    const consumerGroup = app.routes.topics[0]!.consumerGroup;
    const pause = await ui.handler.data.sendCommand({
      command: 'partition.pause',
      processId,
      consumerGroup,
      topic,
      partition: 0,
    });
    await waitForProcess(
      ui,
      (p) => p.report.id === processId && p.report.partitions[0]?.paused === true,
      'the partition paused',
    );
    await produceMessages(topic, 2);
    // Paused: the two new messages are not consumed; the command's result says it was done.
    const records = await waitUntil(
      async () => {
        const list = await ui.handler.data.commands();
        return list.find((r) => r.command.id === pause.id && r.results.length > 0);
      },
      { description: 'the pause result' },
    );
    expect(records.results[0]).toMatchObject({ status: 'done', processId });
    expect(consumed).toHaveLength(3);

    await ui.handler.data.sendCommand({ command: 'partition.resume', processId, consumerGroup, topic, partition: 0 });
    await waitUntil(() => consumed.length === 5, { description: 'the 2 messages consumed after the resume' });
    expect(consumed).toEqual([0, 1, 2, 3, 4]);

    await ui.handler.data.sendCommand({ command: 'quiet', processId });
    await app.status.waitFor('quiet');
    await waitForProcess(
      ui,
      (p) => p.report.id === processId && p.report.state === 'quiet',
      'the process reported quiet',
    );
  });
});
