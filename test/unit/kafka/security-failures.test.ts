/**
 * Reading librdkafka's FAIL lines (as the library wrote them against the local secured broker) into security
 * problems, the messages those problems make, Node TLS errors, and the connection failures' explanations.
 */
import { describe, expect, it } from 'vitest';
import { KafkaDriverError, KafkaErrorCodes } from '../../../src/kafka/driver-error.js';
import { BrokersUnreachableError } from '../../../src/kafka/health/brokers-unreachable-error.js';
import { ConnectionFailures } from '../../../src/kafka/rdkafka/connection-failures.js';
import { readFailureLine, securityContext } from '../../../src/kafka/rdkafka/failure-lines.js';
import { KafkaSecurityError } from '../../../src/kafka/security/security-error.js';
import { tlsFailureOf } from '../../../src/kafka/security/tls-diagnosis.js';

const scram = securityContext({
  'security.protocol': 'SASL_SSL',
  'sasl.mechanisms': 'scram-sha-256',
  'sasl.username': 'karafka',
  'sasl.password': 'secret',
});
const plaintext = securityContext({});

const line = (text: string, state = 'AUTH_REQ'): string =>
  `[thrd:sasl_ssl://127.0.0.1:9095/bootstrap]: sasl_ssl://127.0.0.1:9095/bootstrap: ${text} (after 310ms in state ${state})`;

describe('librdkafka FAIL lines', () => {
  it('reads the security settings, never keeping the password', () => {
    expect(scram).toEqual({ protocol: 'sasl_ssl', mechanism: 'SCRAM-SHA-256', username: 'karafka' });
    expect(plaintext).toEqual({ protocol: 'plaintext', mechanism: undefined, username: undefined });
  });

  it('tells SASL failures: wrong credentials, and a mechanism the listener does not enable', () => {
    expect(
      readFailureLine(
        line(
          'SASL authentication error: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-256',
        ),
        scram,
      ),
    ).toEqual({
      kind: 'security',
      failure: {
        problem: 'sasl-authentication',
        broker: '127.0.0.1:9095',
        reason:
          'Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-256',
        mechanism: 'SCRAM-SHA-256',
        username: 'karafka',
      },
    });
    expect(
      readFailureLine(
        line(
          "SASL SCRAM-SHA-512 mechanism handshake failed: Broker: Unsupported SASL mechanism: broker's supported mechanisms: OAUTHBEARER",
          'AUTH_HANDSHAKE',
        ),
        scram,
      ),
    ).toMatchObject({
      kind: 'security',
      failure: { problem: 'sasl-mechanism', mechanism: 'SCRAM-SHA-512', offered: 'OAUTHBEARER' },
    });
  });

  it('tells TLS failures, and leaves a certificate verification failure to a closer look', () => {
    expect(
      readFailureLine(
        line(
          'SSL handshake failed: Disconnected: SSL connection closed by peer: connecting to a PLAINTEXT broker listener?',
          'SSL_HANDSHAKE',
        ),
        scram,
      ),
    ).toMatchObject({ kind: 'security', failure: { problem: 'tls-to-plaintext-listener', broker: '127.0.0.1:9095' } });
    expect(
      readFailureLine(
        line(
          'Receive failed: error:0A000412:SSL routines::sslv3 alert bad certificate: SSL alert number 42',
          'APIVERSION_QUERY',
        ),
        scram,
      ),
    ).toMatchObject({ kind: 'security', failure: { problem: 'tls-client-certificate' } });
    expect(
      readFailureLine(
        line(
          'SSL handshake failed: error:0A000086:SSL routines::certificate verify failed: broker certificate could not be verified',
          'SSL_HANDSHAKE',
        ),
        scram,
      ),
    ).toMatchObject({ kind: 'certificate', broker: '127.0.0.1:9095' });
  });

  it('suspects a TLS listener only when a plaintext client is closed on at its first request', () => {
    const closed = '127.0.0.1:9095/bootstrap: Disconnected: connection closed by peer: receive 0 after POLLIN';
    expect(readFailureLine(`${closed} (after 2ms in state APIVERSION_QUERY)`, plaintext)).toEqual({
      kind: 'closed-before-answer',
      broker: '127.0.0.1:9095',
    });
    expect(readFailureLine(`${closed} (after 2ms in state UP)`, plaintext)).toEqual({
      kind: 'other',
      broker: '127.0.0.1:9095',
    });
    expect(
      readFailureLine(
        '127.0.0.1:1/bootstrap: Connect to ipv4#127.0.0.1:1 failed: Connection refused (after 0ms in state CONNECT)',
        plaintext,
      ),
    ).toEqual({ kind: 'other', broker: '127.0.0.1:1' });
  });
});

describe('security errors', () => {
  it('name the broker, the problem and the settings to check, and count as authentication or TLS errors', () => {
    const sasl = new KafkaSecurityError({
      problem: 'sasl-authentication',
      broker: '10.0.0.1:9096',
      reason: 'Invalid username or password',
      mechanism: 'PLAIN',
      username: 'app',
    });
    expect(sasl.message).toBe(
      "SASL authentication failed at broker 10.0.0.1:9096 (mechanism PLAIN, user 'app'): Invalid username or " +
        'password. To fix: check sasl.username and sasl.password.',
    );
    expect(sasl.code).toBe(KafkaErrorCodes.authentication);
    expect(sasl.settings).toEqual(['sasl.username', 'sasl.password']);
    expect(sasl.retriable).toBe(true);

    const tls = new KafkaSecurityError({
      problem: 'tls-host-mismatch',
      broker: '10.0.0.1:9093',
      reason: 'the certificate names DNS:kafka.internal, not 10.0.0.1',
      offered: 'DNS:kafka.internal',
    });
    expect(tls.code).toBe(KafkaErrorCodes.ssl);
    expect(tls.message).toContain('connect by a name the certificate holds (DNS:kafka.internal)');
    expect(tls.settings).toContain('ssl.endpoint.identification.algorithm');
  });

  it('turn an outage report into "no broker accepts the connection" with their advice', () => {
    const error = new BrokersUnreachableError(
      {
        bootstrapServers: 'a:1',
        reason: 'SASL authentication failed at broker a:1: bad. To fix: check sasl.username and sasl.password.',
        advice: 'check sasl.username and sasl.password',
        since: 0,
        downMs: 5000,
        failures: 3,
        first: true,
      },
      'consumer group g',
    );
    expect(error.message).toMatch(/^No Kafka broker of bootstrap.servers a:1 accepts the connection/);
    expect(error.message).not.toContain('that Kafka is running');
  });
});

describe('Node TLS errors', () => {
  const nodeError = (code: string, message: string, extra: object = {}): Error =>
    Object.assign(new Error(message), { code, ...extra });

  it('tell an untrusted CA, a host name mismatch, dates, a refused client certificate and a plaintext listener', () => {
    expect(tlsFailureOf(nodeError('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed'), 'h:1', true)?.problem).toBe(
      'tls-untrusted-certificate',
    );
    expect(
      tlsFailureOf(
        nodeError('ERR_TLS_CERT_ALTNAME_INVALID', 'mismatch', { cert: { subjectaltname: 'DNS:other.example' } }),
        '127.0.0.1:9097',
        true,
      ),
    ).toEqual({
      problem: 'tls-host-mismatch',
      broker: '127.0.0.1:9097',
      reason: 'the certificate names DNS:other.example, not 127.0.0.1',
      offered: 'DNS:other.example',
    });
    expect(tlsFailureOf(nodeError('CERT_HAS_EXPIRED', 'expired'), 'h:1', true)?.problem).toBe('tls-certificate-dates');
    expect(tlsFailureOf(nodeError('ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', 'alert'), 'h:1', true)?.problem).toBe(
      'tls-client-certificate',
    );
    expect(tlsFailureOf(nodeError('ECONNRESET', 'socket hang up'), 'h:1', true)?.problem).toBe(
      'tls-to-plaintext-listener',
    );
  });

  it('leave connectivity failures alone', () => {
    expect(tlsFailureOf(nodeError('ECONNREFUSED', 'refused'), 'h:1', false)).toBeUndefined();
    expect(tlsFailureOf(nodeError('ECONNRESET', 'reset'), 'h:1', false)).toBeUndefined();
  });
});

describe('connection failures', () => {
  const authenticationEvent = new KafkaDriverError('Kafka consumer error: authentication failure', -169);
  const allDown = new KafkaDriverError('Kafka consumer error: all broker connections are down', -187);

  it('explain the error events of a client stuck on a security failure with it', () => {
    const failures = new ConnectionFailures({
      'security.protocol': 'sasl_ssl',
      'sasl.mechanisms': 'PLAIN',
      'sasl.username': 'app',
    });
    const heard: KafkaSecurityError[] = [];
    failures.onSecurityError((error) => heard.push(error));
    failures.record({ fac: 'FAIL', message: line('SASL authentication error: Invalid username or password') });
    expect(heard).toHaveLength(1);
    for (const event of [authenticationEvent, allDown]) {
      const explained = failures.explain(event);
      expect(explained).toBeInstanceOf(KafkaSecurityError);
      expect(explained.message).toContain("(mechanism PLAIN, user 'app')");
    }
    // A later failure of another kind ends it: the client is no longer stuck on security.
    failures.record({
      fac: 'FAIL',
      message: '127.0.0.1:9095/bootstrap: Connect to ipv4#127.0.0.1:9095 failed: Connection refused',
    });
    expect(failures.security).toBeUndefined();
    expect(failures.explain(allDown).message).toContain('Connection refused');
  });

  it('explain an authentication failure while the token provider fails', () => {
    const failures = new ConnectionFailures({ 'security.protocol': 'sasl_ssl', 'sasl.mechanisms': 'OAUTHBEARER' });
    failures.tokenFailure(new Error('identity provider down'));
    const explained = failures.explain(authenticationEvent);
    expect(explained).toBeInstanceOf(KafkaSecurityError);
    expect((explained as KafkaSecurityError).problem).toBe('oauthbearer-token');
    expect(explained.message).toContain('the token provider failed: identity provider down');
    failures.tokenRefreshed();
    expect(failures.security).toBeUndefined();
  });

  it('fall back to both likely causes when the certificate cannot be looked at again, and deliver errors in order', async () => {
    const failures = new ConnectionFailures({ 'security.protocol': 'ssl' });
    // Nothing listens on port 1: the closer look finds nothing and the library's words stay.
    failures.record({
      fac: 'FAIL',
      message:
        'ssl://127.0.0.1:1/bootstrap: SSL handshake failed: error:0A000086:SSL routines::certificate verify failed (after 5ms in state SSL_HANDSHAKE)',
    });
    const delivered: string[] = [];
    failures.report(new KafkaDriverError('ssl error', -181), (error) => delivered.push(error.message));
    failures.report(allDown, (error) => delivered.push(error.message));
    await failures.settled();
    expect(delivered).toHaveLength(2);
    expect(delivered[0]).toMatch(
      /not signed by a CA the client trusts: .*certificate verify failed \(.*or does not name 127\.0\.0\.1\)/,
    );
    expect(delivered[1]).toBe(delivered[0]);
  });
});
