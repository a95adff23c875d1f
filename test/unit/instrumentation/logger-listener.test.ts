import { describe, expect, it } from 'vitest';
import type { EventName } from '../../../src/instrumentation/events.js';
import { LOG_LINES } from '../../../src/instrumentation/log-lines.js';
import { KafkaDriverError } from '../../../src/kafka/driver-error.js';
import type { SwarmNodeStatus } from '../../../src/swarm/events.js';
import { repeatedKeys } from '../../support/json-keys.js';
import { LEVEL, captureLogs } from './log-capture.js';

const batch = { consumerGroup: 'shop', topic: 'orders', partition: 0, messages: 100, firstOffset: 5, lastOffset: 104 };
const partition = { consumerGroup: 'shop', topic: 'orders', partition: 0, messages: 0 };
const listener = { listenerId: 'sg-1#1', subscriptionGroup: 'sg-1', consumerGroup: 'shop' };

describe('logger listener', () => {
  it('logs each consume job started and finished at info, with its duration under durationMs', async () => {
    const logs = captureLogs('info');
    logs.monitor.instrument('consumer.consume', batch);
    await logs.monitor.instrument('consumer.consumed', batch, () => undefined);

    const [started] = logs.of('consumer.consume');
    expect(started).toMatchObject({
      level: LEVEL.info,
      ...batch,
      msg: 'Consuming 100 messages of orders/0 (offsets 5-104)',
    });
    const [finished] = logs.of('consumer.consumed');
    expect(finished).toMatchObject({ level: LEVEL.info, ...batch });
    expect(finished!.msg).toMatch(/^Consumed 100 messages of orders\/0 \(offsets 5-104\) in \d+(\.\d{1,2})? ms$/);
    expect(typeof finished!.durationMs).toBe('number');
    // pino's timestamp stays the only `time`.
    expect(finished!.time).toBeGreaterThan(1_600_000_000_000);
    for (const line of logs.raw) expect(repeatedKeys(line)).toEqual([]);
  });

  it('logs the jobs of a split batch at debug, naming their virtual partition, and the whole batch at info', async () => {
    const job = { ...batch, messages: 50, virtualPartition: 3 };
    const atInfo = captureLogs('info');
    atInfo.monitor.instrument('consumer.consume', job);
    await atInfo.monitor.instrument('consumer.consumed', job, () => undefined);
    atInfo.monitor.instrument('consumer.virtual_partitions.consumed', {
      ...batch,
      virtualPartitions: 2,
      failed: 0,
      time: 12.34,
    });
    expect(atInfo.lines().map((line) => line.event)).toEqual(['consumer.virtual_partitions.consumed']);
    expect(atInfo.lines()[0]).toMatchObject({
      level: LEVEL.info,
      ...batch,
      virtualPartitions: 2,
      durationMs: 12.34,
      msg: 'Consumed 100 messages of orders/0 (offsets 5-104) in 2 virtual partitions in 12.3 ms',
    });

    const atDebug = captureLogs('debug');
    atDebug.monitor.instrument('consumer.consume', job);
    atDebug.monitor.instrument('consumer.virtual_partitions.consumed', {
      ...batch,
      virtualPartitions: 4,
      failed: 1,
      time: 2,
    });
    const [started, whole] = atDebug.lines();
    expect(started).toMatchObject({
      level: LEVEL.debug,
      virtualPartition: 3,
      msg: 'Consuming 50 messages of orders/0 virtual partition 3 (offsets 5-104)',
    });
    expect(whole!.msg).toBe(
      'Consumed 100 messages of orders/0 (offsets 5-104) in 4 virtual partitions in 2 ms; 1 failed',
    );
  });

  it('logs a retry at info with the failed attempt, the offset it restarts from and the delay', () => {
    const logs = captureLogs('info');
    for (const [attempt, delay] of [
      [1, 1000],
      [2, 2000],
    ] as const) {
      logs.monitor.instrument('consumer.consuming.pause', {
        ...batch,
        manual: false,
        offset: 7,
        timeout: delay,
        attempt,
      });
    }
    const retries = logs.of('consumer.consuming.pause');
    expect(retries.map((line) => [line.level, line.attempt, line.delayMs, line.offset])).toEqual([
      [LEVEL.info, 1, 1000, 7],
      [LEVEL.info, 2, 2000, 7],
    ]);
    expect(retries[1]!.msg).toBe('Consuming orders/0 failed (attempt 2): retrying from offset 7 in 2000 ms');
    expect(retries[1]).not.toHaveProperty('timeout');
  });

  it('logs the start of a retry at debug with the attempt it is', () => {
    const logs = captureLogs('debug');
    logs.monitor.instrument('consumer.consuming.retry', { ...batch, attempt: 2, offset: 7 });
    expect(logs.of('consumer.consuming.retry')[0]).toMatchObject({
      level: LEVEL.debug,
      attempt: 2,
      offset: 7,
      msg: 'Retrying orders/0 from offset 7 now (attempt 2, 100 messages)',
    });
  });

  it('logs manual pauses, resumes and seeks at info', () => {
    const logs = captureLogs('info');
    const { monitor } = logs;
    monitor.instrument('consumer.consuming.pause', {
      ...partition,
      manual: true,
      offset: 7,
      timeout: 5000,
      attempt: 0,
    });
    monitor.instrument('consumer.consuming.pause', {
      ...partition,
      manual: true,
      offset: 9,
      timeout: Infinity,
      attempt: 0,
    });
    monitor.instrument('consumer.consuming.resume', partition);
    monitor.instrument('consumer.consuming.seek', { ...partition, target: 42, offset: 42 });
    monitor.instrument('consumer.consuming.seek', { ...partition, target: 'earliest', offset: -2 });
    monitor.instrument('consumer.consuming.seek', { ...partition, target: Date.UTC(2026, 0, 2), offset: 17 });

    const [timed, untilResumed] = logs.of('consumer.consuming.pause');
    expect(timed).toMatchObject({
      msg: 'Paused orders/0 for 5000 ms, then from offset 7',
      timeoutMs: 5000,
      manual: true,
    });
    expect(timed).not.toHaveProperty('messages');
    expect(untilResumed).toMatchObject({
      msg: 'Paused orders/0 until resumed, then from offset 9',
      untilResumed: true,
    });
    expect(untilResumed).not.toHaveProperty('timeoutMs');
    expect(logs.of('consumer.consuming.resume')[0]).toMatchObject({ level: LEVEL.info, msg: 'Resumed orders/0' });
    expect(logs.of('consumer.consuming.seek').map((line) => [line.level, line.msg])).toEqual([
      [LEVEL.info, 'Seeking orders/0 to offset 42'],
      [LEVEL.info, 'Seeking orders/0 to the earliest offset'],
      [LEVEL.info, 'Seeking orders/0 to the first offset at or after 2026-01-02T00:00:00.000Z (offset 17)'],
    ]);
  });

  it('logs dead letter dispatches at info, with where the copy landed', () => {
    const logs = captureLogs('info');
    const message = { ...batch, messages: 1, firstOffset: 7, lastOffset: 7, offset: 7, attempts: 3 };
    logs.monitor.instrument('dead_letter_queue.dispatched', {
      ...message,
      deadLetterTopic: 'orders-dlq',
      deadLetterPartition: 0,
      deadLetterOffset: 12,
    });
    logs.monitor.instrument('dead_letter_queue.dispatched', { ...message, deadLetterTopic: false });
    const [dispatched, skipped] = logs.of('dead_letter_queue.dispatched');
    expect(dispatched).toMatchObject({
      level: LEVEL.info,
      offset: 7,
      attempts: 3,
      deadLetterTopic: 'orders-dlq',
      deadLetterOffset: 12,
      msg: 'Dispatched offset 7 of orders/0 to dead letter topic orders-dlq (partition 0, offset 12) after 3 attempts',
    });
    expect(skipped!.msg).toBe('Skipped offset 7 of orders/0 after 3 attempts (dead letter queue without a topic)');
  });

  it('logs assignments and revocations with their partitions', () => {
    const logs = captureLogs('info');
    const partitions = [
      { topic: 'orders', partition: 0 },
      { topic: 'orders', partition: 1 },
    ];
    const base = { consumerGroup: 'shop', subscriptionGroup: 'sg-1', partitions };
    logs.monitor.instrument('rebalance.partitions_assigned', base);
    logs.monitor.instrument('rebalance.partitions_revoked', { ...base, lost: false });
    logs.monitor.instrument('rebalance.partitions_revoked', { ...base, partitions: [partitions[0]!], lost: true });
    expect(logs.lines().map((line) => [line.msg, line.partitions])).toEqual([
      ['Assigned 2 partitions of consumer group shop: orders/0, orders/1', ['orders/0', 'orders/1']],
      ['Revoked 2 partitions of consumer group shop: orders/0, orders/1', ['orders/0', 'orders/1']],
      ['Lost 1 partition of consumer group shop: orders/0', ['orders/0']],
    ]);
  });

  it('logs at info when Kafka is reachable again, for a listener and for the producer', () => {
    const logs = captureLogs('info');
    logs.monitor.instrument('connection.client.reachable', {
      ...listener,
      bootstrapServers: '10.0.0.1:9092',
      downMs: 45_000,
    });
    logs.monitor.instrument('producer.client.reachable', {
      producerId: 'shop-producer',
      bootstrapServers: '10.0.0.1:9092',
      downMs: 45_000,
    });
    expect(logs.lines().map((line) => [line.level, line.msg])).toEqual([
      [LEVEL.info, 'Kafka reachable again at 10.0.0.1:9092 after 45000 ms (listener sg-1#1)'],
      [LEVEL.info, 'Kafka reachable again at 10.0.0.1:9092 after 45000 ms (producer shop-producer)'],
    ]);
  });

  it('logs polls at debug only', () => {
    const info = captureLogs('info');
    const debug = captureLogs('debug');
    for (const { monitor } of [info, debug]) {
      monitor.instrument('connection.listener.fetch_loop', listener);
      monitor.instrument('connection.listener.fetch_loop.received', { ...listener, messages: 3, time: 1.23456 });
    }
    expect(info.raw).toEqual([]);
    expect(debug.lines().map((line) => [line.level, line.msg])).toEqual([
      [LEVEL.debug, 'Listener sg-1#1 polling'],
      [LEVEL.debug, 'Listener sg-1#1 polled 3 messages in 1.2 ms'],
    ]);
    expect(debug.of('connection.listener.fetch_loop.received')[0]).toMatchObject({ messages: 3, durationMs: 1.235 });
    for (const line of debug.raw) expect(repeatedKeys(line)).toEqual([]);
  });

  it('logs errors as errors: type, message, code, stack and cause', () => {
    const logs = captureLogs('info');
    const cause = new Error('connect ECONNREFUSED 127.0.0.1:1');
    const error = new KafkaDriverError('Broker transport failure', -195, { retriable: true, cause });
    logs.monitor.instrument('error.occurred', { type: 'connection.listener.fetch_loop.error', error, ...listener });

    const [line] = logs.of('error.occurred');
    expect(line).toMatchObject({
      level: LEVEL.error,
      type: 'connection.listener.fetch_loop.error',
      listenerId: 'sg-1#1',
      msg: 'connection.listener.fetch_loop.error in listener sg-1#1: Broker transport failure (code -195)',
      err: {
        type: 'KafkaDriverError',
        message: 'Broker transport failure',
        code: -195,
        retriable: true,
        cause: { type: 'Error', message: 'connect ECONNREFUSED 127.0.0.1:1' },
      },
    });
    expect((line!.err as { stack: string }).stack).toMatch(/^KafkaDriverError: Broker transport failure\n {4}at /);
  });

  it('names the partition and offset of a consumer error, and logs a thrown non-error by what it is', () => {
    const logs = captureLogs('info');
    logs.monitor.instrument('error.occurred', { type: 'consumer.consume.error', error: 'plain text', ...batch });
    logs.monitor.instrument('error.occurred', {
      type: 'dead_letter_queue.dispatch.error',
      error: new TypeError('no producer'),
      ...batch,
      offset: 7,
    });
    const [thrownString, typed] = logs.of('error.occurred');
    expect(thrownString).toMatchObject({
      msg: 'consumer.consume.error on orders/0: plain text',
      err: { type: 'string', message: 'plain text' },
    });
    expect(typed).toMatchObject({
      msg: 'dead_letter_queue.dispatch.error on orders/0 at offset 7: no producer',
      err: { type: 'TypeError', message: 'no producer' },
    });
  });

  it("keeps the writer's pid as `pid` and puts a node's pid under `nodePid` in supervisor lines", () => {
    const logs = captureLogs('debug');
    const node: SwarmNodeStatus = {
      nodeNumber: 2,
      pid: 4242,
      state: 'running',
      appState: 'running',
      silentMs: 10,
      restarts: 0,
    };
    logs.monitor.instrument('swarm.manager.stopping', { nodeNumber: 2, pid: 4242, reason: 'unhealthy', code: 42 });
    logs.monitor.instrument('swarm.manager.terminating', { nodeNumber: 2, pid: 4242, stoppingMs: 3500 });
    logs.monitor.instrument('swarm.manager.reaped', {
      nodeNumber: 2,
      pid: 4242,
      code: null,
      signal: 'SIGKILL',
      restartIn: 200,
    });
    logs.monitor.instrument('swarm.manager.control', { nodes: [node] });

    for (const line of logs.raw) expect(repeatedKeys(line)).toEqual([]);
    const lines = logs.lines();
    expect(lines.map((line) => line.pid)).toEqual(lines.map(() => process.pid));
    expect(lines.slice(0, 3).map((line) => [line.nodePid, line.msg])).toEqual([
      [4242, 'Stopping node 2 (pid 4242): unhealthy (code 42)'],
      [4242, 'Node 2 (pid 4242) still runs 3500 ms after its stop: killing it (SIGKILL)'],
      [4242, 'Node 2 (pid 4242) exited on SIGKILL; restarting it in 200 ms'],
    ]);
  });

  it('renames every payload field named like a key the logger writes itself', () => {
    const logs = captureLogs('debug');
    logs.monitor.instrument('error.occurred', {
      type: 'instrumentation.subscriber.error',
      error: new Error('broken'),
      event: 'app.running',
      name: 'payload name',
      msg: 'payload msg',
      level: 'payload level',
      hostname: 'payload host',
      tags: ['payload'],
      err: 'payload err',
    });
    const [raw] = logs.raw;
    expect(repeatedKeys(raw!)).toEqual([]);
    expect(JSON.parse(raw!)).toMatchObject({
      event: 'error.occurred',
      sourceEvent: 'app.running',
      name: 'shop',
      payloadName: 'payload name',
      payloadMsg: 'payload msg',
      payloadLevel: 'payload level',
      payloadHostname: 'payload host',
      payloadTags: ['payload'],
      payloadErr: 'payload err',
      err: { type: 'Error', message: 'broken' },
    });
  });

  it('still logs an event whose payload lacks what its message needs, under the event name', () => {
    const logs = captureLogs('info');
    logs.monitor.instrument('app.stopping.waiting', {} as never);
    expect(logs.lines()).toMatchObject([
      { level: LEVEL.info, event: 'app.stopping.waiting', msg: 'app.stopping.waiting' },
    ]);
  });

  it('writes no repeated key for any event it logs, whatever the payload holds', async () => {
    const logs = captureLogs('debug');
    const everything = {
      ...batch,
      ...listener,
      partitions: [{ topic: 'orders', partition: 0 }],
      state: 'running',
      previous: 'initialized',
      manual: false,
      offset: 7,
      timeout: 10,
      attempt: 1,
      attempts: 1,
      target: 7,
      deadLetterTopic: 'dlq',
      signal: 'SIGTERM',
      nodeNumber: 1,
      restarts: 0,
      parentPid: 1,
      nodes: [],
      jobs: [{ description: 'consume orders/0', topic: 'orders', partition: 0, consumer: 'Orders', runningMs: 5 }],
      timeoutMs: 1000,
      bootstrapServers: '127.0.0.1:9092',
      downMs: 1000,
      producerId: 'shop-producer',
      reason: 'silent',
      stoppingMs: 1,
      code: 0,
      blockedMs: 20,
      thresholdMs: 10,
      level: 1,
      time: 2,
      pid: 3,
      hostname: 'h',
      name: 'n',
      msg: 'm',
      tags: 't',
      event: 'e',
      err: 'x',
    };
    const events = Object.keys(LOG_LINES) as EventName[];
    for (const event of events) {
      // Some events are also published wrapped around work, which adds `time` a second time.
      await logs.monitor.instrument(event, everything as never, () => undefined);
    }
    // One line per event, each with its own message (a message that threw would show as a subscriber error).
    expect(logs.lines().map((line) => line.event)).toEqual(events);
    for (const line of logs.lines()) expect(line.msg).not.toBe(line.event);
    for (const line of logs.raw) expect(repeatedKeys(line)).toEqual([]);
  });
});
