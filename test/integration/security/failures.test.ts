/**
 * Each way a secured connection goes wrong, against the real broker: the error names the broker address, the
 * problem (SASL or TLS) and the setting to check, and arrives within a bound (no call waits out its timeout).
 * The admin API is checked on both of its paths (librdkafka, and the protocol client for topic configs); the
 * server, a standalone producer and `karafka topics` are checked on a subset.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Admin } from '../../../src/admin/admin.js';
import type { OAuthBearerProvider } from '../../../src/kafka/oauth-bearer.js';
import { KafkaSecurityError, type SecurityProblem } from '../../../src/kafka/security/security-error.js';
import type { KafkaSettings } from '../../../src/kafka/types.js';
import { Producer } from '../../../src/producer/producer.js';
import { recordEvents, startEmbedded, testApp } from '../../support/app.js';
import { CliProcess } from '../../support/cli-process.js';
import { bootstrapServers, uniqueName } from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import { secureKafka, secureSettings, settlesWithin } from './helpers.js';

/** Far above the second or so a failure takes to show; only there to fail instead of hanging. */
const BOUND_MS = 20_000;
/** The admin's own timeout: a call that waited it out would break the bound. */
const ADMIN_TIMEOUT_MS = 60_000;

interface FailureCase {
  readonly name: string;
  readonly settings: () => KafkaSettings;
  readonly provider?: OAuthBearerProvider;
  readonly problem: SecurityProblem;
  /** What the message must say besides the broker: the problem and the setting to check. */
  readonly says: RegExp;
}

const cases: FailureCase[] = [
  {
    name: 'a wrong password',
    settings: () => ({ ...secureSettings('SCRAM-SHA-256'), 'sasl.password': 'not-the-password' }),
    problem: 'sasl-authentication',
    says: /SASL authentication failed .*mechanism SCRAM-SHA-256, user 'karafka'.*check sasl\.username and sasl\.password/,
  },
  {
    name: 'an unknown user',
    settings: () => ({ ...secureSettings('PLAIN'), 'sasl.username': 'nobody', 'sasl.password': 'anything' }),
    problem: 'sasl-authentication',
    says: /SASL authentication failed .*mechanism PLAIN, user 'nobody'.*check sasl\.username and sasl\.password/,
  },
  {
    name: 'a mechanism the listener does not enable',
    settings: () => ({ ...secureSettings('SCRAM-SHA-512'), 'bootstrap.servers': secureKafka().oauthBearer }),
    problem: 'sasl-mechanism',
    says: /SASL mechanism SCRAM-SHA-512 is not enabled .*check sasl\.mechanisms: the listener offers OAUTHBEARER/,
  },
  {
    name: 'TLS to a plaintext port',
    settings: () => ({
      'bootstrap.servers': bootstrapServers(),
      'security.protocol': 'ssl',
      'ssl.ca.location': secureKafka().secrets.caFile,
    }),
    problem: 'tls-to-plaintext-listener',
    says: /the listener does not speak TLS.*check security\.protocol \(plaintext or sasl_plaintext/,
  },
  {
    name: 'plaintext to a TLS port',
    settings: () => ({ 'bootstrap.servers': secureKafka().saslSsl }),
    problem: 'plaintext-to-tls-listener',
    says: /expects TLS, but the client connects without it.*check security\.protocol \(ssl or sasl_ssl/,
  },
  {
    name: 'a broker certificate not signed by the configured CA',
    settings: () => ({ ...secureSettings('SCRAM-SHA-256'), 'ssl.ca.location': secureKafka().secrets.otherCaFile }),
    problem: 'tls-untrusted-certificate',
    says: /not signed by a CA the client trusts.*check ssl\.ca\.location/,
  },
  {
    name: 'a host name the broker certificate does not hold',
    settings: () => ({
      'bootstrap.servers': secureKafka().wrongHost,
      'security.protocol': 'ssl',
      'ssl.ca.location': secureKafka().secrets.caFile,
    }),
    problem: 'tls-host-mismatch',
    says: /does not name the host .*names DNS:wrong-host\.invalid, not 127\.0\.0\.1.*check bootstrap\.servers/,
  },
  {
    name: 'no client certificate on a mutual TLS listener',
    settings: () => ({
      'bootstrap.servers': secureKafka().ssl,
      'security.protocol': 'ssl',
      'ssl.ca.location': secureKafka().secrets.caFile,
    }),
    problem: 'tls-client-certificate',
    says: /refused the client certificate.*check ssl\.certificate\.location and ssl\.key\.location/,
  },
  {
    name: 'an OAUTHBEARER token the broker refuses',
    settings: () => secureSettings('OAUTHBEARER'),
    provider: () => ({ value: 'not-a-jwt', expiresAt: Date.now() + 3_600_000, principal: 'someone' }),
    problem: 'sasl-authentication',
    says: /SASL authentication failed .*mechanism OAUTHBEARER.*invalid_token.*check the token oauthBearerProvider returns/,
  },
  {
    name: 'an OAUTHBEARER token provider that fails',
    settings: () => secureSettings('OAUTHBEARER'),
    provider: () => {
      throw new Error('the identity provider is down');
    },
    problem: 'oauthbearer-token',
    says: /the token provider failed: the identity provider is down.*check oauthBearerProvider/,
  },
];

const open: Admin[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((admin) => admin.close()));
});

function adminFor(failure: FailureCase): Admin {
  const admin = new Admin({
    kafka: failure.settings(),
    timeout: ADMIN_TIMEOUT_MS,
    ...(failure.provider === undefined ? {} : { oauthBearerProvider: failure.provider }),
  });
  open.push(admin);
  return admin;
}

/** The broker address of the case's settings. */
function brokerOf(failure: FailureCase): string {
  return String(failure.settings()['bootstrap.servers']);
}

async function expectSecurityError(work: Promise<unknown>, failure: FailureCase, what: string): Promise<void> {
  const error = await settlesWithin(work, BOUND_MS, what).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error, `${what} must fail`).toBeInstanceOf(KafkaSecurityError);
  const security = error as KafkaSecurityError;
  expect(security.problem).toBe(failure.problem);
  // The provider failure happens before any broker is contacted; every other case names the broker.
  if (failure.problem !== 'oauthbearer-token') {
    expect(security.broker).toBe(brokerOf(failure));
    expect(security.message).toContain(brokerOf(failure));
  }
  expect(security.message).toMatch(failure.says);
}

describe('secured connections that fail say why, where and what to check', () => {
  it.each(cases)('admin (librdkafka) with $name', async (failure) => {
    const admin = adminFor(failure);
    await expectSecurityError(admin.topicInfo(uniqueName('never')), failure, 'topicInfo');
    await expectSecurityError(admin.clusterInfo(), failure, 'clusterInfo');
  });

  it.each(cases)('admin topic configs (the protocol client) with $name', async (failure) => {
    const admin = adminFor(failure);
    await expectSecurityError(admin.describeConfigs(uniqueName('never')), failure, 'describeConfigs');
  });

  it.each(
    cases.filter((c) =>
      ['a wrong password', 'a host name the broker certificate does not hold', 'plaintext to a TLS port'].includes(
        c.name,
      ),
    ),
  )('the server keeps retrying and reports $name as a client error at once', async (failure) => {
    class NeverConsumer extends BaseConsumer {
      consume(): void {}
    }
    const app = testApp({ kafka: failure.settings() });
    app.routes.draw((r) => r.topic(uniqueName('secured-server'), { consumer: NeverConsumer }));
    const events = recordEvents(app, 'error.occurred');
    const embedded = await settlesWithin(startEmbedded(app), BOUND_MS, 'the embedded start');
    const reported = await waitUntil(
      () =>
        events.find(
          (e) => e.payload.type === 'connection.client.error' && e.payload.error instanceof KafkaSecurityError,
        ),
      { timeoutMs: BOUND_MS, description: 'a connection.client.error with the security error' },
    );
    const error = reported.payload.error as KafkaSecurityError;
    expect(error.problem).toBe(failure.problem);
    expect(error.message).toContain(brokerOf(failure));
    expect(error.message).toMatch(failure.says);
    // Still running (retrying), and it stops promptly.
    expect(app.status.current).toBe('running');
    await settlesWithin(embedded.stop(), BOUND_MS, 'the embedded stop');
  });

  it('a standalone producer reports a wrong password as a client error at once, and closes promptly', async () => {
    const failure = cases[0]!;
    const producer = new Producer({ kafka: failure.settings(), closeTimeout: 1_000 });
    const events: { type: unknown; error: unknown }[] = [];
    producer.monitor.subscribe('error.occurred', (payload) =>
      events.push({ type: payload.type, error: payload.error }),
    );
    await producer.connect();
    const reported = await waitUntil(
      () => events.find((e) => e.type === 'producer.client.error' && e.error instanceof KafkaSecurityError),
      { timeoutMs: BOUND_MS, description: 'a producer.client.error with the security error' },
    );
    expect((reported.error as KafkaSecurityError).message).toMatch(failure.says);
    await settlesWithin(producer.close(), BOUND_MS, 'the producer close');
  });

  it('karafka topics plan exits with the error when the password is wrong', async () => {
    const failure = cases[0]!;
    const fixture = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'secure-app.config.ts');
    const cli = CliProcess.start(['topics', 'plan', '--config', fixture], {
      cwd: path.dirname(fixture),
      env: {
        KAFKA_SETTINGS: JSON.stringify(failure.settings()),
        TOPIC: uniqueName('cli-secured'),
        LOG_LEVEL: 'warn',
      },
    });
    const exit = await settlesWithin(cli.exited, BOUND_MS, 'karafka topics plan');
    expect(exit.code).toBe(1);
    const output = cli.lines.join('\n');
    expect(output).toContain(brokerOf(failure));
    expect(output).toMatch(failure.says);
  });
});
