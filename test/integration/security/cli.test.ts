/**
 * The `karafka` command on the broker's secured listeners: `topics plan` and `migrate` (topics through
 * librdkafka, configs through the protocol client), `info` (secrets hidden) and `swarm` nodes consuming.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Admin } from '../../../src/admin/admin.js';
import { Producer } from '../../../src/producer/producer.js';
import { CliProcess } from '../../support/cli-process.js';
import { uniqueName } from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';
import { waitForRunningNodes, waitForSettledGroup } from '../swarm/helpers.js';
import { secureKafka, secureSettings, unsecuredJwt, type SecureWay } from './helpers.js';

const fixture = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'secure-app.config.ts');

const admins = new Map<SecureWay, Admin>();

afterAll(async () => {
  await Promise.all([...admins.values()].map((a) => a.close()));
});

function adminFor(way: SecureWay): Admin {
  let admin = admins.get(way);
  if (admin === undefined) {
    admin = new Admin({
      kafka: secureSettings(way),
      ...(way === 'OAUTHBEARER' ? { oauthBearerProvider: () => unsecuredJwt('cli-test') } : {}),
    });
    admins.set(way, admin);
  }
  return admin;
}

/** The fixture's environment for `way`. */
function envFor(way: SecureWay, extra: Record<string, string>): Record<string, string> {
  return {
    KAFKA_SETTINGS: JSON.stringify(secureSettings(way)),
    CLIENT_ID: uniqueName('secure-cli'),
    ...(way === 'OAUTHBEARER' ? { OAUTH_SUBJECT: 'cli-app' } : {}),
    ...extra,
  };
}

async function karafka(
  args: readonly string[],
  env: Record<string, string>,
): Promise<{ code: number | null; lines: string[] }> {
  const cli = CliProcess.start([...args, '--config', fixture], { cwd: path.dirname(fixture), env });
  const exit = await cli.exited;
  return { code: exit.code, lines: cli.lines };
}

describe('karafka on the secured listeners', () => {
  it.each(['SCRAM-SHA-256', 'mTLS (PKCS#12 keystore)', 'OAUTHBEARER'] as const)(
    'topics plan and migrate create the topic and align its configs over %s',
    async (way) => {
      const topic = uniqueName('secure-topics');
      const env = envFor(way, {
        TOPIC: topic,
        PARTITIONS: '2',
        TOPIC_CONFIGS: JSON.stringify({ 'retention.ms': '86400000' }),
      });

      const planned = await karafka(['topics', 'plan', '--detailed-exitcode'], env);
      expect(planned.code, planned.lines.join('\n')).toBe(2);
      expect(planned.lines.join('\n')).toContain(topic);

      const migrated = await karafka(['topics', 'migrate'], env);
      expect(migrated.code, migrated.lines.join('\n')).toBe(0);
      const admin = adminFor(way);
      expect((await admin.topicInfo(topic)).partitionCount).toBe(2);
      expect((await admin.describeConfigs(topic, ['retention.ms']))['retention.ms']?.value).toBe('86400000');

      // A config changed behind the app's back is planned (read through the protocol client) and aligned.
      await admin.alterConfigs(topic, { 'retention.ms': '3600000' });
      const drifted = await karafka(['topics', 'plan', '--detailed-exitcode'], env);
      expect(drifted.code, drifted.lines.join('\n')).toBe(2);
      expect(drifted.lines.join('\n')).toContain('retention.ms');
      expect((await karafka(['topics', 'migrate'], env)).code).toBe(0);
      const settled = await karafka(['topics', 'plan', '--detailed-exitcode'], env);
      expect(settled.code, settled.lines.join('\n')).toBe(0);
    },
  );

  it('info prints the secured settings with every secret hidden', async () => {
    const way: SecureWay = 'mTLS (PKCS#12 keystore)';
    const info = await karafka(['info'], envFor(way, { TOPIC: uniqueName('secure-info') }));
    expect(info.code).toBe(0);
    const output = info.lines.join('\n');
    expect(output).toContain(`kafka.security.protocol: "ssl"`);
    expect(output).toContain('kafka.ssl.keystore.password: ***');
    expect(output).not.toContain(secureKafka().secrets.clientKeystorePassword);
  });

  it('swarm nodes consume over SASL_SSL (SCRAM-SHA-512) and stop on SIGTERM', async () => {
    const way: SecureWay = 'SCRAM-SHA-512';
    const topic = uniqueName('secure-swarm');
    await adminFor(way).createTopic(topic, 2, 1);
    const swarm = CliProcess.start(['swarm', '--config', fixture], {
      cwd: path.dirname(fixture),
      env: envFor(way, { TOPIC: topic, PARTITIONS: '2', GROUP_ID: uniqueName('secure-swarm-group'), NODES: '2' }),
    });
    // Each of the two nodes owns one partition before anything is produced.
    await waitForRunningNodes(swarm, 2);
    await waitForSettledGroup(swarm, 2);
    const producer = new Producer({ kafka: secureSettings(way) });
    try {
      await producer.produceManySync(
        Array.from({ length: 40 }, (_, i) => ({ topic, partition: i % 2, payload: `m-${String(i)}` })),
      );
      const consumed = (): string[] => swarm.matching(/^CONSUMED /);
      await waitUntil(() => consumed().length === 40, {
        timeoutMs: 60_000,
        description: () => `40 messages consumed by the swarm (so far ${String(consumed().length)})`,
      });
      // Both nodes took part.
      const nodes = new Set(consumed().map((line) => line.split(' ')[1]));
      expect(nodes.size).toBe(2);
    } finally {
      await producer.close();
    }
    swarm.signal('SIGTERM');
    expect((await swarm.exited).code).toBe(0);
  });
});
