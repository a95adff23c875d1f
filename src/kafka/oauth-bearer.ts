/**
 * SASL/OAUTHBEARER with tokens the app supplies: a provider function the Kafka clients call when they need a
 * token (at start, and again before the current one expires). Library-neutral: the librdkafka driver turns
 * it into the library's token refresh callback, the protocol client asks it directly.
 */
import type { KafkaSettings } from './types.js';

/** A token for SASL/OAUTHBEARER. */
export interface OAuthBearerToken {
  /** The token as the broker expects it (usually a JWT). Never logged. */
  readonly value: string;
  /**
   * When the token expires, in ms since the epoch. The client asks the provider for a new one before that
   * (librdkafka at about 80 % of the lifetime).
   */
  readonly expiresAt: number;
  /** The principal (user) the token stands for, as the client names it in its own logs. */
  readonly principal: string;
  /** SASL extensions sent with the token (KIP-342), e.g. `{ logicalCluster: 'lkc-123' }`. */
  readonly extensions?: Readonly<Record<string, string>>;
}

/** What a client tells the provider when it asks for a token. */
export interface OAuthBearerRequest {
  /** `sasl.oauthbearer.config` of the client (empty when not set): free text the app may use. */
  readonly config: string;
}

/**
 * Supplies OAUTHBEARER tokens: called when a client starts and before its token expires. Throwing (or
 * rejecting) tells the client it has no token: it reports the failure (`KafkaSecurityError`, problem
 * `oauthbearer-token`) and asks again later.
 */
export type OAuthBearerProvider = (request: OAuthBearerRequest) => OAuthBearerToken | Promise<OAuthBearerToken>;

/** The option every driver takes to authenticate with OAUTHBEARER tokens from the app. */
export interface OAuthBearerOptions {
  /** Used when the client's `sasl.mechanisms` is `OAUTHBEARER`; ignored otherwise. */
  readonly oauthBearerProvider?: OAuthBearerProvider;
}

/** Thrown when a provider returns something that is not a usable token; never shows the token. */
export class OAuthBearerTokenError extends Error {
  /** @param message what is wrong with the token */
  constructor(message: string) {
    super(message);
    this.name = 'OAuthBearerTokenError';
  }
}

/** True when `settings` authenticate with SASL/OAUTHBEARER. */
export function usesOAuthBearer(settings: KafkaSettings): boolean {
  const protocol = String(settings['security.protocol'] ?? 'plaintext').toLowerCase();
  const mechanism = String(settings['sasl.mechanisms'] ?? settings['sasl.mechanism'] ?? '').toUpperCase();
  return protocol.startsWith('sasl') && mechanism === 'OAUTHBEARER';
}

/** Asks `provider` for a token and checks it; throws `OAuthBearerTokenError` naming what is wrong. */
export async function requestToken(provider: OAuthBearerProvider, config: string): Promise<OAuthBearerToken> {
  const token: unknown = await provider({ config });
  if (typeof token !== 'object' || token === null) {
    throw new OAuthBearerTokenError(
      `oauthBearerProvider returned ${token === null ? 'null' : typeof token}, not { value, expiresAt, principal }`,
    );
  }
  const { value, expiresAt, principal, extensions } = token as Record<string, unknown>;
  if (typeof value !== 'string' || value === '') {
    throw new OAuthBearerTokenError('oauthBearerProvider returned a token without a value (a non-empty string)');
  }
  if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt) || expiresAt <= Date.now()) {
    throw new OAuthBearerTokenError(
      `oauthBearerProvider returned a token whose expiresAt (${String(expiresAt)}) is not a time in the future ` +
        '(ms since the epoch)',
    );
  }
  if (typeof principal !== 'string') {
    throw new OAuthBearerTokenError('oauthBearerProvider returned a token without a principal (a string)');
  }
  if (
    extensions !== undefined &&
    (typeof extensions !== 'object' ||
      extensions === null ||
      Object.values(extensions).some((v) => typeof v !== 'string'))
  ) {
    throw new OAuthBearerTokenError('oauthBearerProvider returned extensions that are not an object of strings');
  }
  return {
    value,
    expiresAt,
    principal,
    ...(extensions === undefined ? {} : { extensions: extensions as Readonly<Record<string, string>> }),
  };
}
