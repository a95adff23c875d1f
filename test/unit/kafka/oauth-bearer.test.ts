/**
 * The OAUTHBEARER token hook: checking what a provider returns, the librdkafka refresh callback made from it,
 * the drivers that pass it on, and the protocol client's use of it.
 */
import { describe, expect, it } from 'vitest';
import type { KafkaDrivers } from '../../../src/kafka/drivers.js';
import { OAuthBearerTokenError, requestToken, usesOAuthBearer } from '../../../src/kafka/oauth-bearer.js';
import { withOAuthBearer } from '../../../src/kafka/oauth-bearer-drivers.js';
import { oauthBearerMessage } from '../../../src/kafka/protocol/sasl.js';
import { protocolSettings, UnsupportedSettingError } from '../../../src/kafka/protocol/settings.js';
import { ConnectionFailures } from '../../../src/kafka/rdkafka/connection-failures.js';
import { withTokenRefresh } from '../../../src/kafka/rdkafka/oauth-bearer.js';

const oauth = { 'security.protocol': 'sasl_ssl', 'sasl.mechanisms': 'OAUTHBEARER', 'bootstrap.servers': 'a:1' };
const token = { value: 'header.claims.', expiresAt: Date.now() + 60_000, principal: 'app' };

describe('OAUTHBEARER tokens from the app', () => {
  it('is used only with SASL OAUTHBEARER', () => {
    expect(usesOAuthBearer(oauth)).toBe(true);
    expect(usesOAuthBearer({ ...oauth, 'security.protocol': 'ssl' })).toBe(false);
    expect(usesOAuthBearer({ ...oauth, 'sasl.mechanisms': 'PLAIN' })).toBe(false);
  });

  it('checks what the provider returns, naming what is wrong and never the token', async () => {
    expect(await requestToken(() => token, '')).toEqual(token);
    expect(await requestToken(({ config }) => Promise.resolve({ ...token, principal: config }), 'me')).toMatchObject({
      principal: 'me',
    });
    await expect(requestToken(() => ({ ...token, value: '' }), '')).rejects.toThrow(/without a value/);
    await expect(requestToken(() => ({ ...token, expiresAt: Date.now() - 1 }), '')).rejects.toThrow(
      /expiresAt .* is not a time in the future/,
    );
    await expect(requestToken(() => null as never, '')).rejects.toBeInstanceOf(OAuthBearerTokenError);
    await expect(requestToken(() => ({ ...token, extensions: { a: 1 } }) as never, '')).rejects.toThrow(
      /extensions that are not an object of strings/,
    );
    const error = await requestToken(() => ({ ...token, expiresAt: 0, value: 'SECRET-TOKEN' }), '').then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/expiresAt/);
    expect(error?.message).not.toContain('SECRET-TOKEN');
  });

  it('becomes the library refresh callback, which reports provider failures', async () => {
    const failures = new ConnectionFailures(oauth);
    const settings = withTokenRefresh(oauth, () => ({ ...token, extensions: { cluster: 'c1' } }), failures);
    const refresh = settings.oauthbearer_token_refresh_cb as (config: string) => Promise<unknown>;
    expect(await refresh('')).toEqual({
      tokenValue: token.value,
      lifetime: token.expiresAt,
      principal: 'app',
      extensions: { cluster: 'c1' },
    });
    const failing = withTokenRefresh(
      oauth,
      () => {
        throw new Error('idp down');
      },
      failures,
    );
    await expect((failing.oauthbearer_token_refresh_cb as (config: string) => Promise<unknown>)('')).rejects.toThrow(
      'idp down',
    );
    expect(failures.security?.problem).toBe('oauthbearer-token');
    // Without OAUTHBEARER (or without a provider) the settings stay as they are.
    expect(withTokenRefresh({ ...oauth, 'sasl.mechanisms': 'PLAIN' }, () => token, failures)).toEqual({
      ...oauth,
      'sasl.mechanisms': 'PLAIN',
    });
  });

  it('reaches every driver a wrapped family creates', () => {
    const seen: unknown[] = [];
    const drivers = {
      description: 'fake',
      features: [],
      consumer: (options: unknown) => seen.push(options),
      producer: (options: unknown) => seen.push(options),
      admin: (options: unknown) => seen.push(options),
    } as unknown as KafkaDrivers;
    const provider = (): typeof token => token;
    const wrapped = withOAuthBearer(drivers, provider);
    wrapped.consumer({ settings: {} });
    wrapped.producer({ settings: {} });
    wrapped.admin({ settings: {} });
    expect(seen).toEqual([
      { oauthBearerProvider: provider, settings: {} },
      { oauthBearerProvider: provider, settings: {} },
      { oauthBearerProvider: provider, settings: {} },
    ]);
    expect(withOAuthBearer(drivers, undefined)).toBe(drivers);
  });

  it('is what the protocol client authenticates with (and it says so when there is none)', () => {
    const provider = (): typeof token => token;
    expect(protocolSettings(oauth, provider).sasl).toEqual({ mechanism: 'OAUTHBEARER', provider, config: '' });
    expect(() => protocolSettings(oauth)).toThrow(UnsupportedSettingError);
    expect(() => protocolSettings(oauth)).toThrow(/gets its tokens from the app's oauthBearerProvider only/);
    expect(oauthBearerMessage('t0k3n', { cluster: 'c1' }).toString('utf8')).toBe(
      'n,,\u0001auth=Bearer t0k3n\u0001cluster=c1\u0001\u0001',
    );
  });
});
