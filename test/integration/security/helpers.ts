/**
 * Settings for the test broker's secured listeners (see tools/kafka: SSL with client certificates, SASL_SSL
 * with PLAIN and SCRAM, SASL_SSL with OAUTHBEARER, and SSL with a certificate for another host), unsecured
 * JWTs for the OAUTHBEARER listener, and a bound for waits that must not hang.
 */
import { inject } from 'vitest';
import type { OAuthBearerToken } from '../../../src/kafka/oauth-bearer.js';
import type { KafkaSettings } from '../../../src/kafka/types.js';
import type { SecureKafka } from '../../../tools/kafka/cluster.js';

/** The broker's secured listeners and secrets; fails clearly when the running broker lacks them. */
export function secureKafka(): SecureKafka {
  const secure = inject('secureKafka');
  if (secure === null) {
    throw new Error(
      'The running test broker serves no secured listeners (it was started before they existed, or with ' +
        'another configuration): restart it with npm run kafka:stop && npm run kafka:start',
    );
  }
  return secure;
}

/** Ways to connect to the test broker securely. */
export type SecureWay =
  'SCRAM-SHA-256' | 'SCRAM-SHA-512' | 'PLAIN' | 'mTLS (PEM files)' | 'mTLS (PKCS#12 keystore)' | 'OAUTHBEARER';

/** Client settings for one way to connect (OAUTHBEARER also needs `oauthBearerProvider`). */
export function secureSettings(way: SecureWay): KafkaSettings {
  const secure = secureKafka();
  const { secrets } = secure;
  switch (way) {
    case 'SCRAM-SHA-256':
    case 'SCRAM-SHA-512':
    case 'PLAIN':
      return {
        'bootstrap.servers': secure.saslSsl,
        'security.protocol': 'sasl_ssl',
        'ssl.ca.location': secrets.caFile,
        'sasl.mechanisms': way,
        'sasl.username': secrets.username,
        'sasl.password': secrets.password,
      };
    case 'mTLS (PEM files)':
      return {
        'bootstrap.servers': secure.ssl,
        'security.protocol': 'ssl',
        'ssl.ca.location': secrets.caFile,
        'ssl.certificate.location': secrets.clientCertFile,
        'ssl.key.location': secrets.clientKeyFile,
      };
    case 'mTLS (PKCS#12 keystore)':
      return {
        'bootstrap.servers': secure.ssl,
        'security.protocol': 'ssl',
        'ssl.ca.location': secrets.caFile,
        'ssl.keystore.location': secrets.clientKeystoreFile,
        'ssl.keystore.password': secrets.clientKeystorePassword,
      };
    case 'OAUTHBEARER':
      return {
        'bootstrap.servers': secure.oauthBearer,
        'security.protocol': 'sasl_ssl',
        'ssl.ca.location': secrets.caFile,
        'sasl.mechanisms': 'OAUTHBEARER',
      };
  }
}

/**
 * An unsecured JWT (`alg: none`) for `subject`, valid for `lifetimeMs`: what Kafka's unsecured validator (the
 * broker's OAUTHBEARER listener) accepts. Real deployments get signed tokens from an identity provider.
 */
export function unsecuredJwt(subject: string, lifetimeMs = 3_600_000): OAuthBearerToken {
  const now = Date.now();
  const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const expiresAt = now + lifetimeMs;
  const claims = { sub: subject, iat: Math.floor(now / 1000), exp: Math.floor(expiresAt / 1000) };
  return { value: `${part({ alg: 'none' })}.${part(claims)}.`, expiresAt, principal: subject };
}

/**
 * `work`, or a rejection naming `what` when it has not settled after `boundMs`: a bound against hanging
 * (far above how long the work takes), not a speed check.
 */
export async function settlesWithin<T>(work: Promise<T>, boundMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${String(boundMs)} ms`)), boundMs);
  });
  try {
    return await Promise.race([work, bound]);
  } finally {
    clearTimeout(timer);
  }
}
