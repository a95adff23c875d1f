/**
 * The app's OAUTHBEARER token provider as librdkafka's token refresh callback (`oauthbearer_token_refresh_cb`,
 * which the binding runs on its background thread's behalf and accepts as an async function).
 */
import { requestToken, usesOAuthBearer, type OAuthBearerProvider } from '../oauth-bearer.js';
import type { KafkaSettings } from '../types.js';
import type { ConnectionFailures } from './connection-failures.js';

/** What the binding expects from the callback's promise. */
interface LibraryToken {
  readonly tokenValue: string;
  /** Expiry, ms since the epoch. */
  readonly lifetime: number;
  readonly principal: string;
  readonly extensions?: Readonly<Record<string, string>>;
}

/** Client properties plus the callbacks the binding reads from them (functions are callbacks to it). */
export type LibrarySettings = Record<string, string | number | boolean | ((...args: never[]) => unknown)>;

/**
 * `settings` with the token refresh callback added when they ask for OAUTHBEARER and a provider is given.
 * Provider failures are recorded in `failures` (and re-thrown, which tells librdkafka to ask again later).
 */
export function withTokenRefresh(
  settings: KafkaSettings,
  provider: OAuthBearerProvider | undefined,
  failures: ConnectionFailures,
): LibrarySettings {
  if (provider === undefined || !usesOAuthBearer(settings)) return { ...settings };
  const refresh = async (config: string): Promise<LibraryToken> => {
    try {
      const token = await requestToken(provider, typeof config === 'string' ? config : '');
      failures.tokenRefreshed();
      return {
        tokenValue: token.value,
        lifetime: token.expiresAt,
        principal: token.principal,
        ...(token.extensions === undefined ? {} : { extensions: token.extensions }),
      };
    } catch (error) {
      failures.tokenFailure(error);
      throw error;
    }
  };
  return { ...settings, oauthbearer_token_refresh_cb: refresh };
}

/**
 * True when the settings got a token refresh callback: the binding then emits `error` events when it fails,
 * which need a listener (the failure itself reaches the app through `ConnectionFailures`).
 */
export function hasTokenRefresh(settings: LibrarySettings): boolean {
  return typeof settings.oauthbearer_token_refresh_cb === 'function';
}
