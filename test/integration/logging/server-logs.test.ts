/**
 * What `karafka server` prints while it works, read as a machine reads it: every line is a JSON log line with
 * no key twice, and the work (consume jobs, retries, dead letter dispatches) shows at info.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliProcess } from '../../support/cli-process.js';
import { repeatedKeys } from '../../support/json-keys.js';
import { bootstrapServers, createTopic, produceMessages, uniqueName } from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';

const fixture = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'logging-app.config.ts');
const INFO = 30;
const ERROR = 50;

type Line = Record<string, unknown>;

/** Every line parsed; a line that is not JSON fails the test with the line in the message. */
function parsed(server: CliProcess): Line[] {
  return server.lines.map((line) => {
    try {
      return JSON.parse(line) as Line;
    } catch {
      throw new Error(`not a JSON log line: ${line}`);
    }
  });
}

describe('karafka server logs', () => {
  it('logs the work at info, retries with attempts and delays, a DLQ dispatch, and never a key twice', async () => {
    const [retryTopic, poisonTopic, dlqTopic] = await Promise.all([
      createTopic(uniqueName('logs-retry')),
      createTopic(uniqueName('logs-poison')),
      createTopic(uniqueName('logs-dlq')),
    ]);
    // At debug: every line the server can write at info and above, plus polls and hook timings.
    const server = CliProcess.start(['server', '--config', fixture], {
      cwd: path.dirname(fixture),
      env: {
        KAFKA_BOOTSTRAP: bootstrapServers(),
        CLIENT_ID: uniqueName('logs-app'),
        RETRY_TOPIC: retryTopic,
        POISON_TOPIC: poisonTopic,
        DLQ_TOPIC: dlqTopic,
        KARAFKA_LOG_LEVEL: 'debug',
      },
    });
    await server.waitForLine(/"event":"rebalance.partitions_assigned"/);
    await produceMessages(retryTopic, 1);
    await produceMessages(poisonTopic, 1);

    const of = (event: string, topic: string): Line[] =>
      parsed(server).filter((line) => line.event === event && line.topic === topic);
    await waitUntil(
      () =>
        of('consumer.consumed', retryTopic).length > 0 && of('dead_letter_queue.dispatched', poisonTopic).length > 0,
      {
        description: () =>
          `a consumed retry batch and a DLQ dispatch; output so far:\n${server.lines.slice(-20).join('\n')}`,
      },
    );
    server.signal('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });

    // Every line is JSON, and no line has a key twice (JSON.parse would keep only the last one).
    const lines = parsed(server);
    const repeated = server.lines.flatMap((line) => repeatedKeys(line).map((key) => `${key} in ${line}`));
    expect(repeated).toEqual([]);
    expect(lines.every((line) => line.pid === lines[0]!.pid && typeof line.time === 'number')).toBe(true);

    // Two retries at info, with the attempt that failed and the delay before the next one.
    const retries = of('consumer.consuming.pause', retryTopic);
    expect(retries.map((line) => [line.level, line.attempt, line.delayMs, line.offset])).toEqual([
      [INFO, 1, 100, 0],
      [INFO, 2, 200, 0],
    ]);
    expect(retries[1]!.msg).toBe(`Consuming ${retryTopic}/0 failed (attempt 2): retrying from offset 0 in 200 ms`);

    // Each consume job started and finished at info, batch by batch.
    expect(of('consumer.consume', retryTopic).map((line) => [line.level, line.messages, line.firstOffset])).toEqual([
      [INFO, 1, 0],
      [INFO, 1, 0],
      [INFO, 1, 0],
    ]);
    const [consumed] = of('consumer.consumed', retryTopic);
    expect(consumed).toMatchObject({ level: INFO, messages: 1, firstOffset: 0, lastOffset: 0 });
    expect(typeof consumed!.durationMs).toBe('number');

    // The failures are errors with their class, message and stack.
    const failures = of('error.occurred', retryTopic);
    expect(failures).toHaveLength(2);
    expect(failures[0]).toMatchObject({
      level: ERROR,
      type: 'consumer.consume.error',
      err: { type: 'Error', message: 'failing on purpose (attempt 1)' },
    });
    expect((failures[0]!.err as { stack: string }).stack).toContain('FlakyConsumer.consume');

    // The poison message went to the dead letter queue after one retry, logged at info.
    const [dispatched] = of('dead_letter_queue.dispatched', poisonTopic);
    expect(dispatched).toMatchObject({ level: INFO, offset: 0, attempts: 2, deadLetterTopic: dlqTopic });
    expect(dispatched!.msg).toMatch(
      new RegExp(`^Dispatched offset 0 of ${poisonTopic}/0 to dead letter topic ${dlqTopic} `),
    );

    // The consumer's own logger carries its consumer group, topic and partition.
    const own = lines.find((line) => line.msg === 'flaky consumer succeeded');
    expect(own).toMatchObject({ topic: retryTopic, partition: 0, messagesSeen: 1 });
    expect(typeof own!.consumerGroup).toBe('string');

    // Assignments name their partitions; polls are at debug.
    const assigned = lines.find((line) => line.event === 'rebalance.partitions_assigned');
    expect(assigned!.partitions).toEqual(expect.arrayContaining([`${retryTopic}/0`, `${poisonTopic}/0`]));
    const polls = lines.filter((line) => line.event === 'connection.listener.fetch_loop.received');
    expect(polls.length).toBeGreaterThan(0);
    expect(polls.every((line) => line.level === 20 && typeof line.durationMs === 'number')).toBe(true);
  });
});
