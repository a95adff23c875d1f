/**
 * The UI's security decisions: who is authenticated (host hook, bearer token, session cookie, basic auth) and
 * which state-changing requests pass the CSRF check.
 */
import { describe, expect, it } from 'vitest';
import { CSRF_COOKIE, SESSION_COOKIE, authenticate, csrfAllowed, sessionValue } from '../../../src/web/ui/security.js';
import { normalizeBasePath, resolveUiOptions } from '../../../src/web/ui/ui-options.js';

const request = (headers: Record<string, string>): Request =>
  new Request('http://ui.local/commands', { method: 'POST', headers });

describe('authentication', () => {
  const options = resolveUiOptions({ auth: { token: 'secret-token', basic: { username: 'ops', password: 'pw' } } });

  it('accepts the bearer token, the session cookie of the token and basic credentials; refuses the rest', async () => {
    expect(await authenticate(request({ authorization: 'Bearer secret-token' }), options)).toBe('token');
    expect(await authenticate(request({ cookie: `${SESSION_COOKIE}=${sessionValue('secret-token')}` }), options)).toBe(
      'token',
    );
    expect(
      await authenticate(request({ authorization: `Basic ${Buffer.from('ops:pw').toString('base64')}` }), options),
    ).toBe('ops');
    expect(await authenticate(request({ authorization: 'Bearer wrong' }), options)).toBeUndefined();
    expect(
      await authenticate(request({ authorization: `Basic ${Buffer.from('ops:nope').toString('base64')}` }), options),
    ).toBeUndefined();
    expect(await authenticate(request({ cookie: `${SESSION_COOKIE}=secret-token` }), options)).toBeUndefined();
    expect(await authenticate(request({}), options)).toBeUndefined();
  });

  it('asks the host first', async () => {
    const hosted = resolveUiOptions({
      auth: { authorize: (r) => (r.headers.get('x-user') === 'ann' ? 'ann' : false) },
    });
    expect(await authenticate(request({ 'x-user': 'ann' }), hosted)).toBe('ann');
    expect(await authenticate(request({ 'x-user': 'bob' }), hosted)).toBeUndefined();
  });

  it('refuses weak tokens and odd base paths with messages naming them', () => {
    expect(() => resolveUiOptions({ auth: { token: 'short' } })).toThrow(/auth.token/);
    expect(() => normalizeBasePath('karafka')).toThrow(/basePath/);
    expect(normalizeBasePath('/karafka/')).toBe('/karafka');
    expect(normalizeBasePath('/')).toBe('');
  });
});

describe('CSRF', () => {
  it('needs the cookie token in the form, and refuses other sites', () => {
    const cookie = `${CSRF_COOKIE}=abc123abc123abc123abc123`;
    expect(csrfAllowed(request({ cookie }), 'abc123abc123abc123abc123')).toBe(true);
    expect(csrfAllowed(request({ cookie }), 'other')).toBe(false);
    expect(csrfAllowed(request({ cookie }), undefined)).toBe(false);
    expect(csrfAllowed(request({}), 'abc123abc123abc123abc123')).toBe(false);
    expect(csrfAllowed(request({ cookie, 'sec-fetch-site': 'cross-site' }), 'abc123abc123abc123abc123')).toBe(false);
    expect(
      csrfAllowed(request({ cookie, origin: 'http://evil.example', host: 'ui.local' }), 'abc123abc123abc123abc123'),
    ).toBe(false);
    expect(
      csrfAllowed(request({ cookie, origin: 'http://ui.local', host: 'ui.local' }), 'abc123abc123abc123abc123'),
    ).toBe(true);
  });

  it('lets bearer-token API clients through without a form token (no ambient credentials)', () => {
    expect(csrfAllowed(request({ authorization: 'Bearer x' }), undefined)).toBe(true);
    expect(csrfAllowed(request({ authorization: 'Bearer x', 'sec-fetch-site': 'cross-site' }), undefined)).toBe(false);
  });
});
