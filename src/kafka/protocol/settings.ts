/**
 * Turns librdkafka client properties into what the protocol client needs: broker addresses, TLS options and
 * SASL credentials. Only the subset of security settings the protocol client implements is accepted; anything
 * else fails with a message naming the setting.
 */
import { readFileSync } from 'node:fs';
import type { ConnectionOptions as TlsOptions } from 'node:tls';
import type { OAuthBearerProvider } from '../oauth-bearer.js';
import type { KafkaSettings } from '../types.js';

/** A broker's host and port. */
export interface BrokerAddress {
  readonly host: string;
  readonly port: number;
}

/** SASL mechanisms the protocol client implements. */
export type SaslMechanism = 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512' | 'OAUTHBEARER';

/** SASL credentials: a user and password, or (OAUTHBEARER) the app's token provider. */
export type SaslCredentials =
  | {
      readonly mechanism: 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512';
      readonly username: string;
      readonly password: string;
    }
  | {
      readonly mechanism: 'OAUTHBEARER';
      readonly provider: OAuthBearerProvider;
      /** `sasl.oauthbearer.config`, handed to the provider. */
      readonly config: string;
    };

/** How to reach and authenticate to the cluster. */
export interface ProtocolSettings {
  readonly brokers: readonly BrokerAddress[];
  readonly clientId: string;
  /** TLS options when `security.protocol` is `ssl` or `sasl_ssl`. */
  readonly tls?: TlsOptions;
  /** SASL credentials when `security.protocol` is `sasl_plaintext` or `sasl_ssl`. */
  readonly sasl?: SaslCredentials;
}

/** Thrown for settings the protocol client cannot honour. */
export class UnsupportedSettingError extends Error {
  /** @param message which setting and why */
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedSettingError';
  }
}

function text(settings: KafkaSettings, key: string): string | undefined {
  const value = settings[key];
  return value === undefined ? undefined : String(value);
}

/** Parses `host:port,host:port` (an optional `PROTOCOL://` prefix and IPv6 `[addr]:port` allowed). */
export function parseBrokers(list: string): BrokerAddress[] {
  return list
    .split(',')
    .map((entry) => entry.trim().replace(/^[A-Za-z_]+:\/\//, ''))
    .filter((entry) => entry.length > 0)
    .map((entry) => {
      const match = /^\[(.+)\]:(\d+)$/.exec(entry) ?? /^([^:]+):(\d+)$/.exec(entry);
      if (match === null) return { host: entry.replace(/^\[|\]$/g, ''), port: 9092 };
      return { host: match[1]!, port: Number(match[2]) };
    });
}

function readFile(location: string, key: string): Buffer {
  try {
    return readFileSync(location);
  } catch (error) {
    throw new UnsupportedSettingError(
      `Cannot read ${key} '${location}': ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function readPem(settings: KafkaSettings, pemKey: string, locationKey: string): string | Buffer | undefined {
  const pem = text(settings, pemKey);
  if (pem !== undefined) return pem;
  const location = text(settings, locationKey);
  if (location === undefined || location === 'probe') return undefined;
  return readFile(location, locationKey);
}

/** Node TLS options from librdkafka's `ssl.*` settings (CA, client certificate and key, verification). */
export function tlsOptions(settings: KafkaSettings): TlsOptions {
  for (const key of ['ssl.engine.location', 'ssl.providers', 'ssl_engine_callback_data']) {
    if (settings[key] !== undefined) {
      throw new UnsupportedSettingError(`${key} is not supported by the configs protocol client`);
    }
  }
  const options: TlsOptions = {};
  const ca = readPem(settings, 'ssl.ca.pem', 'ssl.ca.location');
  if (ca !== undefined) options.ca = ca;
  const cert = readPem(settings, 'ssl.certificate.pem', 'ssl.certificate.location');
  if (cert !== undefined) options.cert = cert;
  const key = readPem(settings, 'ssl.key.pem', 'ssl.key.location');
  if (key !== undefined) options.key = key;
  const passphrase = text(settings, 'ssl.key.password');
  if (passphrase !== undefined) options.passphrase = passphrase;
  const keystore = text(settings, 'ssl.keystore.location');
  if (keystore !== undefined) {
    options.pfx = readFile(keystore, 'ssl.keystore.location');
    const password = text(settings, 'ssl.keystore.password');
    if (password !== undefined) options.passphrase = password;
  }
  if (text(settings, 'enable.ssl.certificate.verification') === 'false') options.rejectUnauthorized = false;
  if (text(settings, 'ssl.endpoint.identification.algorithm')?.toLowerCase() === 'none') {
    options.checkServerIdentity = () => undefined;
  }
  return options;
}

function saslCredentials(settings: KafkaSettings, provider: OAuthBearerProvider | undefined): SaslCredentials {
  const mechanism = (text(settings, 'sasl.mechanism') ?? text(settings, 'sasl.mechanisms') ?? 'GSSAPI').toUpperCase();
  if (mechanism === 'OAUTHBEARER') {
    if (provider === undefined) {
      throw new UnsupportedSettingError(
        'sasl.mechanisms OAUTHBEARER: the topic configs protocol client (describeConfigs/alterConfigs) gets its ' +
          "tokens from the app's oauthBearerProvider only; librdkafka's own token sources " +
          '(sasl.oauthbearer.method=oidc, enable.sasl.oauthbearer.unsecure.jwt) are not available to it',
      );
    }
    return { mechanism, provider, config: text(settings, 'sasl.oauthbearer.config') ?? '' };
  }
  if (mechanism !== 'PLAIN' && mechanism !== 'SCRAM-SHA-256' && mechanism !== 'SCRAM-SHA-512') {
    throw new UnsupportedSettingError(
      `sasl.mechanism ${mechanism} is not supported by the configs protocol client (describeConfigs/alterConfigs); ` +
        'supported: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER (with oauthBearerProvider)',
    );
  }
  const username = text(settings, 'sasl.username');
  const password = text(settings, 'sasl.password');
  if (username === undefined || password === undefined) {
    throw new UnsupportedSettingError(`sasl.mechanism ${mechanism} needs sasl.username and sasl.password`);
  }
  return { mechanism, username, password };
}

/** Reads the protocol client's settings from librdkafka properties (and the app's OAUTHBEARER provider). */
export function protocolSettings(settings: KafkaSettings, provider?: OAuthBearerProvider): ProtocolSettings {
  const list = text(settings, 'bootstrap.servers') ?? text(settings, 'metadata.broker.list');
  if (list === undefined || list.trim() === '') {
    throw new UnsupportedSettingError('bootstrap.servers is required');
  }
  const brokers = parseBrokers(list);
  const clientId = text(settings, 'client.id') ?? 'karafka-ts-admin';
  const protocol = (text(settings, 'security.protocol') ?? 'plaintext').toLowerCase();
  switch (protocol) {
    case 'plaintext':
      return { brokers, clientId };
    case 'ssl':
      return { brokers, clientId, tls: tlsOptions(settings) };
    case 'sasl_plaintext':
      return { brokers, clientId, sasl: saslCredentials(settings, provider) };
    case 'sasl_ssl':
      return { brokers, clientId, tls: tlsOptions(settings), sasl: saslCredentials(settings, provider) };
    default:
      throw new UnsupportedSettingError(
        `security.protocol '${protocol}' is not one of plaintext, ssl, sasl_plaintext, sasl_ssl`,
      );
  }
}
