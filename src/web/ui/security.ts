/**
 * Security of the UI: response headers (a strict content security policy: scripts and styles from the UI's own
 * files only, nothing inline), who the user is (the host's hook, a token, basic auth), and protection of
 * actions against cross-site request forgery (a token in a SameSite=Strict cookie that each form carries
 * back, and requests from other sites refused).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ResolvedWebUiOptions } from './ui-options.js';

/** Headers of every response. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'cache-control': 'no-store',
};

/** The cookie holding the CSRF token forms carry back. */
export const CSRF_COOKIE = 'karafka_web_csrf';
/** The cookie of a session opened with the token on the login page. */
export const SESSION_COOKIE = 'karafka_web_session';

/** Compares two strings in constant time. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** A fresh CSRF token. */
export function newCsrfToken(): string {
  return randomBytes(24).toString('base64url');
}

/** The session cookie's value for a token (never the token itself). */
export function sessionValue(token: string): string {
  return createHmac('sha256', token).update('karafka-ts web session').digest('base64url');
}

/** Cookies of a request. */
export function cookies(request: Request): Map<string, string> {
  const result = new Map<string, string>();
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    try {
      result.set(name, decodeURIComponent(part.slice(eq + 1).trim()));
    } catch {
      // A cookie that is not URI-encoded is not ours.
    }
  }
  return result;
}

/** Who made the request: a user name, or undefined when not authenticated. */
export async function authenticate(request: Request, options: ResolvedWebUiOptions): Promise<string | undefined> {
  const { auth } = options;
  if (auth.authorize !== undefined) {
    const verdict = await auth.authorize(request);
    if (typeof verdict === 'string' && verdict !== '') return verdict;
    if (verdict === true) return 'user';
  }
  const header = request.headers.get('authorization') ?? '';
  if (auth.token !== undefined) {
    if (header.startsWith('Bearer ') && safeEqual(header.slice(7), auth.token)) return 'token';
    const session = cookies(request).get(SESSION_COOKIE);
    if (session !== undefined && safeEqual(session, sessionValue(auth.token))) return 'token';
  }
  if (auth.basic !== undefined && header.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      const username = decoded.slice(0, colon);
      const password = decoded.slice(colon + 1);
      const userOk = safeEqual(username, auth.basic.username);
      const passwordOk = safeEqual(password, auth.basic.password);
      if (userOk && passwordOk) return username;
    }
  }
  return undefined;
}

/** True when some authentication is configured. */
export function authConfigured(options: ResolvedWebUiOptions): boolean {
  const { auth } = options;
  return auth.authorize !== undefined || auth.token !== undefined || auth.basic !== undefined;
}

/**
 * Whether a state-changing request may pass the CSRF check: it comes from this site (Sec-Fetch-Site or Origin,
 * when the browser sends them) and carries the token of its CSRF cookie. API clients that authenticate with a
 * bearer token (no ambient credentials a browser would add) need no CSRF token.
 */
export function csrfAllowed(request: Request, formToken: string | undefined): boolean {
  const fetchSite = request.headers.get('sec-fetch-site');
  if (fetchSite !== null && fetchSite !== 'same-origin' && fetchSite !== 'none') return false;
  const origin = request.headers.get('origin');
  if (origin !== null && origin !== 'null') {
    const host = request.headers.get('host');
    try {
      if (host === null || new URL(origin).host !== host) return false;
    } catch {
      return false;
    }
  }
  if ((request.headers.get('authorization') ?? '').startsWith('Bearer ')) return true;
  const cookie = cookies(request).get(CSRF_COOKIE);
  return cookie !== undefined && formToken !== undefined && safeEqual(cookie, formToken);
}
