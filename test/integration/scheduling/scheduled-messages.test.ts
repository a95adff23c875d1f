import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConsumerDriver } from '../../../src/kafka/consumer-driver.js';
import { rdkafkaDrivers } from '../../../src/kafka/drivers.js';
import type { KafkaMessage } from '../../../src/kafka/types.js';
import { enableScheduledMessages } from '../../../src/scheduling/scheduled-messages.js';
import { testApp } from '../../support/app.js';
import { CliProcess } from '../../support/cli-process.js';
import { bootstrapServers, consumerSettings, createTopic, uniqueName } from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';

const fixture = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'schedules-app.config.ts');
const closers: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const close of closers.splice(0)) await close();
});

/** Reads every committed message of `topic` (partition 0) from its start, in the background. */
async function readAll(topic: string): Promise<KafkaMessage[]> {
  const consumer: ConsumerDriver = rdkafkaDrivers.consumer({
    settings: consumerSettings(uniqueName('reader'), {
      'enable.auto.commit': false,
      'isolation.level': 'read_committed',
    }),
  });
  await consumer.connect();
  consumer.assign([{ topic, partition: 0, offset: 0 }]);
  const received: KafkaMessage[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) received.push(...(await consumer.poll(500, 200)).messages.filter((m) => m.topic === topic));
  })();
  closers.push(async () => {
    stopped = true;
    await loop;
    await consumer.close();
  });
  return received;
}

function header(message: KafkaMessage, name: string): string | undefined {
  return message.headers.find((h) => h.key === name)?.value.toString('utf8');
}

/** Starts a dispatcher process of the fixture app. */
function startDispatcher(schedulesTopic: string, group: string): CliProcess {
  return CliProcess.start(['server', '--config', fixture], {
    cwd: path.dirname(fixture),
    env: { KAFKA_BOOTSTRAP: bootstrapServers(), SCHEDULES_TOPIC: schedulesTopic, GROUP_ID: group },
  });
}

function dispatchedIds(processes: readonly CliProcess[]): string[] {
  return processes.flatMap((p) =>
    p.matching(/^DISPATCHED /).flatMap((line) => line.slice('DISPATCHED '.length).split(',')),
  );
}

describe('scheduled messages', () => {
  it('delivers 100 schedules once each, none before its time, across a rebalance and a SIGKILL of a dispatcher; cancel works', async () => {
    const schedulesTopic = uniqueName('schedules');
    const target = await createTopic(uniqueName('scheduled-target'), 1);
    const group = uniqueName('schedules-group');

    // The CLI creates the schedules topic (3 partitions, compacted) from the config file.
    const install = CliProcess.start(['schedules', 'install', '--config', fixture], {
      cwd: path.dirname(fixture),
      env: { KAFKA_BOOTSTRAP: bootstrapServers(), SCHEDULES_TOPIC: schedulesTopic, GROUP_ID: group },
    });
    expect((await install.exited).code).toBe(0);
    expect(install.matching(new RegExp(schedulesTopic)).length).toBeGreaterThan(0);

    const app = testApp();
    const schedules = enableScheduledMessages(app, { topic: schedulesTopic });
    closers.push(() => app.closeProducer());
    const received = await readAll(target);

    const first = startDispatcher(schedulesTopic, group);
    await first.waitForLine(/^LOADED 2 /, 60_000);

    const base = Date.now();
    const ats = new Map<string, number>();
    for (let i = 0; i < 100; i += 1) {
      const id = `s-${String(i)}`;
      const at = base + 2_000 + (i * 8_000) / 99;
      ats.set(id, Math.round(at));
      await schedules.schedule({
        id,
        at: Math.round(at),
        message: { topic: target, key: `k${String(i)}`, payload: JSON.stringify({ i }), headers: { origin: 'test' } },
      });
    }

    // A second dispatcher joins: the group moves partitions (revoked by one, loaded by the other).
    await waitUntil(() => received.length >= 10, {
      timeoutMs: 60_000,
      description: () => `10 deliveries before a second dispatcher joins (now ${String(received.length)})`,
    });
    const joining = startDispatcher(schedulesTopic, group);
    await joining.waitForLine(/^LOADED /, 60_000);

    // Kill the first dispatcher mid-way, then start another.
    await waitUntil(() => received.length >= 30, {
      timeoutMs: 60_000,
      description: () => `30 deliveries before the kill (now ${String(received.length)})`,
    });
    first.signal('SIGKILL');
    await first.exited;
    const second = startDispatcher(schedulesTopic, group);
    await waitUntil(() => received.length >= 100, {
      timeoutMs: 120_000,
      description: () => `100 deliveries (now ${String(received.length)})`,
    });

    // Cancel: two of three later schedules are cancelled before their time (through the API); one far in the
    // future is listed and cancelled through the CLI.
    const soon = Date.now() + 5_000;
    for (const id of ['c-1', 'c-2']) {
      await schedules.schedule({ id, at: soon, message: { topic: target, payload: id } });
    }
    await schedules.schedule({ id: 'c-3', at: soon + 1_000, message: { topic: target, payload: 'c-3' } });
    await schedules.schedule({
      id: 'far',
      at: new Date(Date.now() + 3_600_000),
      message: { topic: target, payload: 'x' },
    });
    await schedules.cancel('c-1');
    await schedules.cancel('c-2');
    expect((await schedules.pending()).map((p) => p.id)).toEqual(['c-3', 'far']);
    const cli = (args: string[]): CliProcess =>
      CliProcess.start([...args, '--config', fixture], {
        cwd: path.dirname(fixture),
        env: { KAFKA_BOOTSTRAP: bootstrapServers(), SCHEDULES_TOPIC: schedulesTopic, GROUP_ID: group },
      });
    const list = cli(['schedules', 'list', '--json']);
    expect((await list.exited).code).toBe(0);
    const listed = list.matching(/^\{/).map((line) => JSON.parse(line) as { id: string; topic: string });
    expect(listed.find((entry) => entry.id === 'far')).toMatchObject({ topic: target });
    const cancel = cli(['schedules', 'cancel', 'far']);
    expect((await cancel.exited).code).toBe(0);
    expect(cancel.matching(/^cancelled far$/)).toHaveLength(1);
    await waitUntil(() => received.some((m) => header(m, 'karafka_schedule_id') === 'c-3'), {
      timeoutMs: 60_000,
      description: 'the schedule not cancelled to be delivered',
    });

    const counts = new Map<string, number>();
    for (const message of received) {
      const id = header(message, 'karafka_schedule_id')!;
      counts.set(id, (counts.get(id) ?? 0) + 1);
      const at = Number(header(message, 'karafka_schedule_at'));
      if (ats.has(id)) {
        expect(at).toBe(ats.get(id));
        expect(JSON.parse(message.value!.toString('utf8'))).toEqual({ i: Number(id.slice(2)) });
        expect(message.key?.toString('utf8')).toBe(`k${id.slice(2)}`);
        expect(header(message, 'origin')).toBe('test');
      }
      // Never before its time.
      expect(message.timestamp).toBeGreaterThanOrEqual(at);
    }
    expect([...counts].filter(([, n]) => n !== 1)).toEqual([]);
    expect([...counts.keys()].sort()).toEqual([...ats.keys(), 'c-3'].sort());
    // The kill happened mid-way: both dispatchers delivered some.
    expect(dispatchedIds([second, joining]).length).toBeGreaterThan(0);
    expect(await schedules.pending()).toEqual([]);

    second.signal('SIGTERM');
    joining.signal('SIGTERM');
    expect((await second.exited).code).toBe(0);
    expect((await joining.exited).code).toBe(0);
  }, 300_000);
});
