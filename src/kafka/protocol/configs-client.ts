/**
 * A minimal Kafka protocol client for the two admin calls librdkafka's Node binding does not expose:
 * DescribeConfigs and IncrementalAlterConfigs, for topics. Topic configs can be read and changed through any
 * broker, so it keeps one connection to the first bootstrap broker that answers, negotiates API versions
 * (ApiVersions) and authenticates with SASL PLAIN, SCRAM or OAUTHBEARER (tokens from the app's provider) when
 * the settings ask for it. A connection that cannot be secured or authenticated fails with a
 * `KafkaSecurityError` naming the broker, the problem and the settings to check.
 */
import { KafkaDriverError } from '../driver-error.js';
import { requestToken, type OAuthBearerProvider } from '../oauth-bearer.js';
import { KafkaSecurityError, type SecurityFailure } from '../security/security-error.js';
import { speaksTls } from '../security/tls-diagnosis.js';
import type { ConfigChange, ConfigEntry } from '../admin-driver.js';
import type { KafkaSettings } from '../types.js';
import {
  ApiKey,
  apiVersionsRequest,
  describeConfigsRequest,
  incrementalAlterConfigsRequest,
  pickVersion,
  readApiVersions,
  readDescribeConfigs,
  readIncrementalAlterConfigs,
  readSaslAuthenticate,
  readSaslHandshake,
  saslAuthenticateRequest,
  saslHandshakeRequest,
  type ApiVersionRanges,
  type ResourceResult,
} from './apis.js';
import { BrokerConnection } from './connection.js';
import { brokerErrorName } from './error-names.js';
import { OAUTHBEARER_ABORT, oauthBearerMessage, plainMessage, ScramError, ScramExchange } from './sasl.js';
import { protocolSettings, type BrokerAddress, type ProtocolSettings, type SaslCredentials } from './settings.js';
import type { Reader } from './wire.js';

interface Session {
  readonly connection: BrokerConnection;
  readonly versions: ApiVersionRanges;
}

/** Reads and changes topic configs over Kafka's wire protocol. */
export class TopicConfigsClient {
  readonly #kafkaSettings: KafkaSettings;
  readonly #provider: OAuthBearerProvider | undefined;
  #settings: ProtocolSettings | undefined;
  #session: Promise<Session> | undefined;
  #closed = false;

  /**
   * @param settings librdkafka properties; parsed at first use, so unsupported security settings fail there
   * @param provider the app's OAUTHBEARER token provider, for `sasl.mechanisms` OAUTHBEARER
   */
  constructor(settings: KafkaSettings, provider?: OAuthBearerProvider) {
    this.#kafkaSettings = settings;
    this.#provider = provider;
  }

  /** Configs of each topic, in the order asked. */
  async describe(
    topics: readonly string[],
    names: readonly string[] | undefined,
    timeoutMs: number,
  ): Promise<{ topic: string; configs: ConfigEntry[] }[]> {
    const deadline = Date.now() + timeoutMs;
    const session = await this.#connect(deadline);
    const version = this.#version(session, ApiKey.describeConfigs, 'DescribeConfigs');
    const reader = await session.connection.request(
      describeConfigsRequest(version, topics, names),
      remaining(deadline),
    );
    const results = readDescribeConfigs(reader, version);
    return topics.map((topic) => {
      const result = results.find((r) => r.name === topic);
      if (result === undefined) {
        throw new KafkaDriverError(`Describing configs of topic ${topic}: the broker did not answer for it`, -1);
      }
      throwOnError(result, `Describing configs of topic ${topic}`);
      return { topic, configs: result.configs };
    });
  }

  /** Applies `changes` to one topic's configs (or only validates them). */
  async alter(
    topic: string,
    changes: readonly ConfigChange[],
    validateOnly: boolean,
    timeoutMs: number,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const session = await this.#connect(deadline);
    const version = this.#version(session, ApiKey.incrementalAlterConfigs, 'IncrementalAlterConfigs');
    const reader = await session.connection.request(
      incrementalAlterConfigsRequest(version, topic, changes, validateOnly),
      remaining(deadline),
    );
    for (const result of readIncrementalAlterConfigs(reader)) {
      throwOnError(result, `Altering configs of topic ${topic}`);
    }
  }

  /** Closes the connection. Safe to call more than once. */
  async close(): Promise<void> {
    this.#closed = true;
    const session = this.#session;
    this.#session = undefined;
    if (session !== undefined) (await session.catch(() => undefined))?.connection.close();
  }

  #version(session: Session, apiKey: number, name: string): number {
    const version = pickVersion(apiKey, session.versions);
    if (version === undefined) {
      const range = session.versions.get(apiKey);
      throw new KafkaDriverError(
        `The broker does not support a version of ${name} this client speaks (broker: ${range ? range.join('-') : 'none'})`,
        35,
      );
    }
    return version;
  }

  async #connect(deadline: number): Promise<Session> {
    if (this.#closed) throw new KafkaDriverError('The admin client is closed', -197);
    const current = this.#session;
    if (current !== undefined) {
      const session = await current.catch(() => undefined);
      if (session !== undefined && !session.connection.closed) return session;
    }
    const opening = this.#open(deadline);
    this.#session = opening;
    opening.catch(() => {
      if (this.#session === opening) this.#session = undefined;
    });
    return opening;
  }

  async #open(deadline: number): Promise<Session> {
    this.#settings ??= protocolSettings(this.#kafkaSettings, this.#provider);
    const settings = this.#settings;
    let lastError: unknown;
    for (const address of settings.brokers) {
      let connection: BrokerConnection | undefined;
      try {
        connection = await BrokerConnection.open(address, {
          clientId: settings.clientId,
          timeoutMs: remaining(deadline),
          ...(settings.tls === undefined ? {} : { tls: settings.tls }),
        });
        const { errorCode, versions } = readApiVersions(
          await firstAnswer(connection, address, settings, remaining(deadline)),
        );
        if (errorCode !== 0) throw brokerError(errorCode, null, 'Negotiating API versions');
        if (settings.sasl !== undefined) {
          await authenticate(connection, versions, settings.sasl, deadline, `${address.host}:${String(address.port)}`);
        }
        return { connection, versions };
      } catch (error) {
        connection?.close();
        lastError = error;
        // Wrong credentials or TLS settings fail the same way on every broker: no use trying the others.
        if (error instanceof KafkaSecurityError) break;
      }
    }
    throw lastError instanceof Error ? lastError : new KafkaDriverError('No bootstrap broker answered', -195);
  }
}

/**
 * The ApiVersions answer. A plaintext connection that the broker closes at this first request is checked for
 * a TLS listener (the usual cause), which is then said plainly.
 */
async function firstAnswer(
  connection: BrokerConnection,
  address: BrokerAddress,
  settings: ProtocolSettings,
  timeoutMs: number,
): Promise<Reader> {
  try {
    return await connection.request(apiVersionsRequest(), timeoutMs);
  } catch (error) {
    const broker = `${address.host}:${String(address.port)}`;
    if (settings.tls === undefined && error instanceof KafkaDriverError && (await speaksTls(broker))) {
      throw new KafkaSecurityError(
        {
          problem: 'plaintext-to-tls-listener',
          broker,
          reason: 'it closed the connection at the first request, and it answers a TLS handshake',
        },
        { cause: error },
      );
    }
    throw error;
  }
}

async function authenticate(
  connection: BrokerConnection,
  versions: ApiVersionRanges,
  sasl: SaslCredentials,
  deadline: number,
  broker: string,
): Promise<void> {
  const who = sasl.mechanism === 'OAUTHBEARER' ? {} : { username: sasl.username };
  const failure = (problem: SecurityFailure['problem'], reason: string, offered?: string): KafkaSecurityError =>
    new KafkaSecurityError({
      problem,
      broker,
      reason,
      mechanism: sasl.mechanism,
      ...who,
      ...(offered === undefined ? {} : { offered }),
    });
  const handshake = readSaslHandshake(
    await connection.request(saslHandshakeRequest(sasl.mechanism), remaining(deadline)),
  );
  if (handshake.errorCode !== 0) {
    throw failure(
      'sasl-mechanism',
      `${brokerErrorName(handshake.errorCode)}: the listener offers ${handshake.mechanisms.join(', ')}`,
      handshake.mechanisms.join(', '),
    );
  }
  const version = pickVersion(ApiKey.saslAuthenticate, versions) ?? 0;
  const round = async (bytes: Buffer): Promise<Buffer> => {
    const response = readSaslAuthenticate(
      await connection.request(saslAuthenticateRequest(version, bytes), remaining(deadline)),
      version,
    );
    if (response.errorCode !== 0) {
      throw failure('sasl-authentication', response.errorMessage || brokerErrorName(response.errorCode));
    }
    return response.bytes;
  };
  switch (sasl.mechanism) {
    case 'PLAIN':
      await round(plainMessage(sasl.username, sasl.password));
      return;
    case 'OAUTHBEARER': {
      let token;
      try {
        token = await requestToken(sasl.provider, sasl.config);
      } catch (error) {
        throw new KafkaSecurityError(
          {
            problem: 'oauthbearer-token',
            broker,
            reason: `the token provider failed: ${error instanceof Error ? error.message : String(error)}`,
          },
          { cause: error },
        );
      }
      const challenge = await round(oauthBearerMessage(token.value, token.extensions));
      // A refused token comes back as a challenge (the broker's JSON); answering ^A ends with the error.
      if (challenge.length > 0) {
        const ended = await round(OAUTHBEARER_ABORT).then(
          () => '',
          (error: unknown) => (error instanceof KafkaSecurityError ? ` (${error.reason})` : ''),
        );
        throw failure('sasl-authentication', `${challenge.toString('utf8')}${ended}`);
      }
      return;
    }
    default: {
      const exchange = new ScramExchange(sasl.mechanism, sasl.username, sasl.password);
      try {
        const serverFirst = await round(exchange.clientFirst());
        const serverFinal = await round(exchange.clientFinal(serverFirst));
        exchange.verifyServerFinal(serverFinal);
      } catch (error) {
        if (error instanceof ScramError) throw failure('sasl-authentication', error.message);
        throw error;
      }
    }
  }
}

function remaining(deadline: number): number {
  return Math.max(1, deadline - Date.now());
}

function brokerError(code: number, message: string | null, context: string): KafkaDriverError {
  return new KafkaDriverError(`${context}: ${message || brokerErrorName(code)} (error code ${String(code)})`, code);
}

function throwOnError(result: ResourceResult, context: string): void {
  if (result.errorCode !== 0) throw brokerError(result.errorCode, result.errorMessage, context);
}
