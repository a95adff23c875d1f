/**
 * The packed batch consume of the client fork (`consumePacked`), driven hard against the real broker: every
 * shape a message can take arrives exactly as on the plain path, and none of the paths that crash native code
 * (closing while polling, rebalancing during batches, polling after an error or after the client is gone,
 * 1 MB messages) crashes this process.
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConsumerDriver } from '../../../src/kafka/consumer-driver.js';
import type { KafkaDriverError } from '../../../src/kafka/driver-error.js';
import { rdkafkaDrivers } from '../../../src/kafka/drivers.js';
import { PACKED_CONSUME_VARIABLE, type ConsumePath } from '../../../src/kafka/rdkafka/consume-path.js';
import { RdKafkaConsumer } from '../../../src/kafka/rdkafka/consumer.js';
import type { KafkaMessage, KafkaSettings } from '../../../src/kafka/types.js';
import { javaBaseArgs } from '../../../tools/kafka/node-process.js';
import { jarsDir } from '../../../tools/kafka/settings.js';
import {
  baseSettings,
  bootstrapServers,
  consumerSettings,
  createTopic,
  produceMessages,
  uniqueName,
} from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';

const open: RdKafkaConsumer[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.forceClose()));
});

/** A consumer driver on the given path, whatever KARAFKA_PACKED_CONSUME says for the rest of the suite. */
function consumerOn(
  path: ConsumePath,
  settings: KafkaSettings,
  hooks: { onError?: (error: KafkaDriverError) => void } = {},
): RdKafkaConsumer {
  const before = process.env[PACKED_CONSUME_VARIABLE];
  process.env[PACKED_CONSUME_VARIABLE] = path === 'packed' ? 'on' : 'off';
  try {
    const consumer = new RdKafkaConsumer({ settings, ...hooks });
    open.push(consumer);
    expect(consumer.consumePath).toBe(path);
    return consumer;
  } finally {
    if (before === undefined) delete process.env[PACKED_CONSUME_VARIABLE];
    else process.env[PACKED_CONSUME_VARIABLE] = before;
  }
}

async function subscribed(
  path: ConsumePath,
  topics: string | readonly string[],
  extra: KafkaSettings = {},
): Promise<RdKafkaConsumer> {
  const consumer = consumerOn(path, consumerSettings(uniqueName('packed-group'), extra));
  await consumer.connect();
  consumer.subscribe(typeof topics === 'string' ? [topics] : topics);
  return consumer;
}

async function drain(consumer: ConsumerDriver, count: number, maxMessages = 500): Promise<KafkaMessage[]> {
  const received: KafkaMessage[] = [];
  await waitUntil(
    async () => {
      const { messages } = await consumer.poll(maxMessages, 200);
      received.push(...messages);
      return received.length >= count;
    },
    {
      timeoutMs: 60_000,
      intervalMs: 0,
      description: () => `${String(count)} messages (got ${String(received.length)})`,
    },
  );
  return received;
}

/** Every field of a message as plain data, to compare messages of either path. */
function fields(message: KafkaMessage): Record<string, unknown> {
  return {
    topic: message.topic,
    partition: message.partition,
    offset: message.offset,
    key: message.key === null ? null : message.key.toString('hex'),
    value: message.value === null ? null : message.value.toString('hex'),
    headers: message.headers.map((h) => [h.key, h.value.toString('hex')]),
    timestamp: message.timestamp,
    size: message.size,
    leaderEpoch: message.leaderEpoch,
  };
}

/**
 * Produces lines with Kafka's console producer, which can send null header values (the project's producer and
 * KafkaJS cannot): `headers<TAB>key<TAB>value`, headers as `name:value,...`, `<null>` for null.
 */
async function produceWithConsoleProducer(topic: string, lines: readonly string[]): Promise<void> {
  const args = [
    ...javaBaseArgs(jarsDir, '256M', 'tools-log4j2.properties', path.join(tmpdir(), 'karafka-test-tool-logs')),
    'org.apache.kafka.tools.ConsoleProducer',
    ...['--bootstrap-server', bootstrapServers(), '--topic', topic],
    ...['--reader-property', 'parse.headers=true', '--reader-property', 'parse.key=true'],
    ...['--reader-property', 'null.marker=<null>'],
  ];
  const child = promisify(execFile)('java', args, { timeout: 60_000 });
  child.child.stdin?.end(lines.map((line) => `${line}\n`).join(''));
  await child;
}

describe('packed batch consume', () => {
  it('delivers zero-length values, null keys, tombstones and headers (null values too) as the plain path does', async () => {
    const topic = await createTopic(uniqueName('packed-shapes'));
    await produceMessages(topic, 300, {
      partition: 0,
      key: (i) => (i % 3 === 0 ? null : i % 3 === 1 ? '' : `key-${String(i)}`),
      payload: (i) => (i % 4 === 0 ? null : i % 4 === 1 ? Buffer.alloc(0) : `value-${String(i)}-${'x'.repeat(i)}`),
      headers: (i) =>
        i % 5 === 0
          ? [
              { key: 'trace', value: Buffer.from(String(i)) },
              { key: 'trace', value: Buffer.alloc(0) },
              { key: 'ключ', value: Buffer.from('значение') },
            ]
          : [],
      timestamp: (i) => 1_700_000_000_000 + i,
    });
    const secondTopic = await createTopic(uniqueName('packed-null-headers'));
    await produceWithConsoleProducer(secondTopic, [
      'nothing:<null>,something:x\t<null>\t<null>',
      'nothing:<null>\tk\t',
      'h:y\t\tv',
    ]);

    const packed = await drain(await subscribed('packed', [topic, secondTopic]), 303);
    const plain = await drain(await subscribed('plain', [topic, secondTopic]), 303);
    const order = (a: KafkaMessage, b: KafkaMessage): number =>
      a.topic.localeCompare(b.topic) || a.partition - b.partition || a.offset - b.offset;
    expect(packed.sort(order).map(fields)).toEqual(plain.sort(order).map(fields));

    const [nullHeaders, emptyValue, emptyKey] = packed.filter((m) => m.topic === secondTopic);
    expect(nullHeaders!.value).toBeNull();
    expect(nullHeaders!.key).toBeNull();
    // A header without a value reads as an empty value on both paths (the binding's own conversion does so).
    expect(nullHeaders!.headers.map((h) => [h.key, h.value.toString()])).toEqual([
      ['nothing', ''],
      ['something', 'x'],
    ]);
    expect(emptyValue!.value).toEqual(Buffer.alloc(0));
    expect(emptyValue!.key?.toString()).toBe('k');
    expect(emptyKey!.key).toEqual(Buffer.alloc(0));
    expect(emptyKey!.value?.toString()).toBe('v');
    expect(emptyKey!.headers.map((h) => [h.key, h.value.toString()])).toEqual([['h', 'y']]);
    // Kafka's console producer is a JVM started for the test: slow to start on a loaded machine.
  }, 180_000);

  it('delivers 1 MB messages intact', async () => {
    const topic = await createTopic(uniqueName('packed-large'), 2, { 'max.message.bytes': String(2 * 1024 * 1024) });
    const producer = rdkafkaDrivers.producer({
      settings: baseSettings({ 'message.max.bytes': 2 * 1024 * 1024, 'linger.ms': 1 }),
    });
    await producer.connect();
    const values = Array.from({ length: 12 }, () => randomBytes(1024 * 1024));
    try {
      await Promise.all(values.map((value, i) => producer.produce({ topic, value, partition: i % 2, key: null })));
    } finally {
      await producer.close(10_000);
    }
    const digest = (value: Buffer | null): string =>
      createHash('sha256')
        .update(value ?? '')
        .digest('hex');
    const received = await drain(await subscribed('packed', topic), 12, 5);
    expect(received.map((m) => m.size)).toEqual(values.map(() => 1024 * 1024));
    expect(received.map((m) => digest(m.value)).sort()).toEqual(values.map(digest).sort());
  }, 120_000);

  it('goes on polling after a partition error, and reads once the position is valid again', async () => {
    const topic = await createTopic(uniqueName('packed-error'));
    await produceMessages(topic, 10);
    const errors: KafkaDriverError[] = [];
    const consumer = consumerOn(
      'packed',
      baseSettings({ 'group.id': uniqueName('packed-group'), 'auto.offset.reset': 'error' }),
      {
        onError: (error) => errors.push(error),
      },
    );
    await consumer.connect();
    consumer.assign([{ topic, partition: 0, offset: 1_000 }]);
    await waitUntil(
      async () => {
        await consumer.poll(100, 100);
        return errors.length > 0;
      },
      { description: 'an offset error to be reported' },
    );
    expect(errors[0]!.fatal).toBe(false);
    for (let i = 0; i < 5; i += 1) expect((await consumer.poll(100, 50)).messages).toEqual([]);
    consumer.assign([{ topic, partition: 0, offset: 0 }]);
    const messages = await drain(consumer, 10);
    expect(messages.map((m) => m.offset)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('answers a packed poll of a disconnected client with an error, not a crash', async () => {
    const topic = await createTopic(uniqueName('packed-closed'));
    const consumer = await subscribed('packed', topic);
    const client = consumer.libraryClient;
    await consumer.close();
    const error = await new Promise<unknown>((resolve) => {
      client.consumePacked(100, 100, (err) => resolve(err));
    });
    expect(error).toMatchObject({ code: -172 });
    expect(() => client.consumePacked(0, 100, () => undefined)).toThrow(RangeError);
  });

  it('closes while polls run, again and again', async () => {
    const topic = await createTopic(uniqueName('packed-close'), 4);
    await produceMessages(topic, 4_000, { payload: (i) => `m-${String(i)}` });
    for (let round = 0; round < 12; round += 1) {
      const consumer = await subscribed('packed', topic);
      let polls = 0;
      let stopping = false;
      const loop = (async () => {
        while (!stopping) {
          const { messages } = await consumer.poll(round % 2 === 0 ? 1_000 : 37, 500);
          polls += 1;
          for (const m of messages) if (m.value === null) throw new Error('lost a value');
        }
      })();
      await waitUntil(() => polls >= 1 + (round % 4), { intervalMs: 1, description: 'polls to start' });
      // The loop's next poll is in flight: the close waits for it (librdkafka's handle must not go while it
      // consumes), then commits and disconnects.
      stopping = true;
      if (round % 3 === 0) await consumer.forceClose();
      else await consumer.close();
      await loop;
      expect((await consumer.poll(100, 10)).messages).toEqual([]);
    }
  }, 180_000);

  for (const strategy of ['range', 'cooperative-sticky']) {
    it(`loses nothing when the group rebalances during batches (${strategy})`, async () => {
      const topic = await createTopic(uniqueName('packed-rebalance'), 6);
      const total = 40_000;
      await produceMessages(topic, total, { payload: (i) => `m-${String(i)}` });
      const settings = consumerSettings(uniqueName('packed-group'), { 'partition.assignment.strategy': strategy });
      const seen = new Set<string>();
      let digest = 0;
      /** Polls and works on every message (hashing it) until `until`; returns how many it got. */
      const consume = async (consumer: RdKafkaConsumer, until: (own: number) => boolean): Promise<number> => {
        let own = 0;
        while (!until(own)) {
          const { messages } = await consumer.poll(300, 100);
          for (const m of messages) {
            if (m.value?.toString().startsWith('m-') !== true) throw new Error(`bad value at ${String(m.offset)}`);
            let hash = m.value;
            for (let round = 0; round < 30; round += 1) hash = createHash('sha256').update(hash).digest();
            digest ^= hash[0]!;
            seen.add(`${String(m.partition)}:${String(m.offset)}`);
          }
          own += messages.length;
        }
        return own;
      };
      const first = consumerOn('packed', settings);
      await first.connect();
      first.subscribe([topic]);
      let done = false;
      const firstLoop = consume(first, () => done);
      // Members join and leave while the first one works through its batches: each join and leave is a
      // rebalance that revokes and assigns partitions between two of its polls, or during one.
      for (let member = 0; member < 3; member += 1) {
        await waitUntil(() => seen.size >= ((member + 1) * total) / 5, { description: 'progress', timeoutMs: 90_000 });
        const other = consumerOn('packed', settings);
        await other.connect();
        other.subscribe([topic]);
        await consume(other, (own) => own >= 500 || seen.size >= total);
        await other.close();
      }
      await waitUntil(() => seen.size >= total, {
        timeoutMs: 120_000,
        description: () => `every message (seen ${String(seen.size)} of ${String(total)})`,
      });
      done = true;
      await firstLoop;
      expect(seen.size).toBe(total);
      expect(digest).toBeGreaterThanOrEqual(0);
    }, 300_000);
  }
});
