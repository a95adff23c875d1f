/**
 * Secrets never show: whole sessions of `karafka server`, `swarm`, `topics` and `info` (debug logging, a
 * good password and a wrong one, a keystore password), and every instrumentation payload of an in-process
 * app (with its errors and their causes), are searched for the passwords, as written and base64-encoded.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Admin } from '../../../src/admin/admin.js';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import type { KafkaSettings } from '../../../src/kafka/types.js';
import { Producer } from '../../../src/producer/producer.js';
import { recordEvents, startEmbedded, testApp } from '../../support/app.js';
import { CliProcess } from '../../support/cli-process.js';
import { uniqueName } from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';
import { waitForRunningNodes, waitForSettledGroup } from '../swarm/helpers.js';
import { secureKafka, secureSettings, settlesWithin } from './helpers.js';

const fixture = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'secure-app.config.ts');

/** A password no broker knows, made for this run (so a match can only come from this test's settings). */
const wrongPassword = `wrong-${randomBytes(12).toString('base64url')}`;

function secrets(): string[] {
  const { password, clientKeystorePassword } = secureKafka().secrets;
  return [password, clientKeystorePassword, wrongPassword];
}

/** The secrets found in `text`, as written or base64-encoded (PLAIN and SCRAM messages carry them so). */
function leaks(text: string): string[] {
  return secrets().flatMap((secret) =>
    [secret, Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('base64url')]
      .filter((form) => text.includes(form))
      .map((form) => (form === secret ? 'a password' : 'a base64-encoded password')),
  );
}

function start(args: readonly string[], env: Record<string, string>): CliProcess {
  return CliProcess.start([...args, '--config', fixture], {
    cwd: path.dirname(fixture),
    env: { LOG_LEVEL: 'debug', ...env },
  });
}

describe('secrets in output', () => {
  it('no karafka session prints a password: server, swarm, topics and info, with good and wrong credentials', async () => {
    const topic = uniqueName('secret-grep');
    const good = secureSettings('SCRAM-SHA-256');
    const wrong: KafkaSettings = { ...good, 'sasl.password': wrongPassword };
    const keystore = secureSettings('mTLS (PKCS#12 keystore)');
    const output: string[] = [];

    // topics migrate creates the topic (and sets a config through the protocol client); info prints settings.
    for (const args of [['topics', 'migrate'], ['info']]) {
      const cli = start(args, {
        KAFKA_SETTINGS: JSON.stringify(good),
        TOPIC: topic,
        PARTITIONS: '2',
        TOPIC_CONFIGS: JSON.stringify({ 'retention.ms': '86400000' }),
      });
      expect((await cli.exited).code, cli.lines.join('\n')).toBe(0);
      output.push(...cli.lines);
    }

    const producer = new Producer({ kafka: good });
    try {
      await producer.produceManySync(
        Array.from({ length: 10 }, (_, i) => ({ topic, partition: i % 2, payload: `${String(i)}` })),
      );
    } finally {
      await producer.close();
    }

    // A server that consumes everything, then stops.
    const server = start(['server'], {
      KAFKA_SETTINGS: JSON.stringify(good),
      TOPIC: topic,
      GROUP_ID: uniqueName('secret-grep-server'),
    });
    await waitUntil(() => server.matching(/^CONSUMED /).length === 10, {
      timeoutMs: 60_000,
      description: () => `the server to consume 10 messages; output:\n${server.lines.slice(-20).join('\n')}`,
    });
    server.signal('SIGTERM');
    expect((await server.exited).code).toBe(0);
    output.push(...server.lines);

    // A swarm on mutual TLS with a keystore password.
    const swarm = start(['swarm'], {
      KAFKA_SETTINGS: JSON.stringify(keystore),
      TOPIC: topic,
      GROUP_ID: uniqueName('secret-grep-swarm'),
      NODES: '2',
    });
    await waitForRunningNodes(swarm, 2);
    await waitForSettledGroup(swarm, 2);
    await waitUntil(() => swarm.matching(/^CONSUMED /).length === 10, {
      timeoutMs: 60_000,
      description: () => `the swarm to consume 10 messages; output:\n${swarm.lines.slice(-20).join('\n')}`,
    });
    swarm.signal('SIGTERM');
    expect((await swarm.exited).code).toBe(0);
    output.push(...swarm.lines);

    // A server with a wrong password: it reports the failure (naming the user, never the password), then stops.
    const failing = start(['server'], {
      KAFKA_SETTINGS: JSON.stringify(wrong),
      TOPIC: topic,
      GROUP_ID: uniqueName('secret-grep-wrong'),
    });
    await failing.waitForLine(/SASL authentication failed/, 30_000);
    // Long enough for the outage report too (5 s of start-up probing).
    await failing.waitForLine(/accepts the connection/, 30_000);
    failing.signal('SIGTERM');
    expect((await failing.exited).code).toBe(0);
    output.push(...failing.lines);

    // And topics plan with the wrong password fails (with the error printed).
    const plan = start(['topics', 'plan'], { KAFKA_SETTINGS: JSON.stringify(wrong), TOPIC: topic });
    expect((await settlesWithin(plan.exited, 30_000, 'karafka topics plan')).code).toBe(1);
    output.push(...plan.lines);

    const text = output.join('\n');
    expect(text).toContain('SASL authentication failed');
    expect(text).toContain("user 'karafka'");
    expect(text).toContain('kafka.sasl.password: ***');
    expect(leaks(text)).toEqual([]);
  });

  it('no instrumentation payload, error or cause carries a password', async () => {
    const topic = uniqueName('secret-grep-events');
    const good = secureSettings('PLAIN');
    const admin = new Admin({ kafka: good });
    await admin.createTopic(topic, 1, 1);
    await admin.alterConfigs(topic, { 'retention.ms': '86400000' });
    const failingAdmin = new Admin({ kafka: { ...good, 'sasl.password': wrongPassword }, timeout: 10_000 });
    const adminErrors = await Promise.all([
      failingAdmin.topicInfo(topic).catch((error: unknown) => error),
      failingAdmin.describeConfigs(topic).catch((error: unknown) => error),
    ]);
    await Promise.all([admin.close(), failingAdmin.close()]);

    class QuietConsumer extends BaseConsumer {
      consume(): void {}
    }
    const payloads: unknown[] = [...adminErrors];
    for (const kafka of [good, { ...good, 'sasl.password': wrongPassword }]) {
      const app = testApp({ kafka });
      app.routes.draw((r) => r.topic(topic, { consumer: QuietConsumer }));
      const events = recordEvents(app);
      const embedded = await startEmbedded(app);
      if (kafka === good) await app.producer.produceSync({ topic, payload: 'x' });
      await waitUntil(
        () =>
          kafka === good
            ? events.some((e) => e.name === 'consumer.consumed')
            : events.some((e) => e.name === 'error.occurred' && e.payload.type === 'connection.client.error'),
        { description: 'the app to consume, or to report the wrong password' },
      );
      await embedded.stop();
      payloads.push(...events);
    }
    expect(payloads.some((p) => inspect(p, { depth: 10 }).includes('SASL authentication failed'))).toBe(true);
    const text = payloads
      .map((p) => `${inspect(p, { depth: 10, showHidden: true })}\n${JSON.stringify(p, replacer)}`)
      .join('\n');
    expect(leaks(text)).toEqual([]);
  });
});

/** JSON for payloads: errors with their fields and causes, buffers as text. */
function replacer(this: unknown, _key: string, value: unknown): unknown {
  if (value instanceof Error) {
    return { ...value, name: value.name, message: value.message, stack: value.stack, cause: value.cause };
  }
  if (typeof value === 'bigint') return value.toString();
  if (value !== null && typeof value === 'object' && (value as { type?: unknown }).type === 'Buffer') {
    return Buffer.from((value as { data: number[] }).data).toString('utf8');
  }
  return value;
}
