/**
 * The web UI as an HTTP application (hono): pages, the charts' JSON, static files, login and actions. Every
 * response carries the security headers; every action checks read-only mode, authentication and CSRF, in
 * that order, before anything reaches Kafka.
 */
import { Hono } from 'hono';
import { html } from 'hono/html';
import { asset } from './assets.js';
import { layout, url } from './layout.js';
import { registerActions } from './actions.js';
import { registerPages } from './pages/register-pages.js';
import {
  CSRF_COOKIE,
  SECURITY_HEADERS,
  SESSION_COOKIE,
  authConfigured,
  authenticate,
  cookies,
  csrfAllowed,
  newCsrfToken,
  safeEqual,
  sessionValue,
} from './security.js';
import type { ResolvedWebUiOptions } from './ui-options.js';
import type { UiRouting } from './ui-routing.js';
import type { WebData } from './web-data.js';

function cookie(name: string, value: string, path: string, maxAge?: number): string {
  return `${name}=${encodeURIComponent(value)}; Path=${path || '/'}; HttpOnly; SameSite=Strict${maxAge === undefined ? '' : `; Max-Age=${String(maxAge)}`}`;
}

/** Builds the UI. */
export function createWebUi(data: WebData, options: ResolvedWebUiOptions): Hono {
  const base = options.basePath;
  const app = new Hono();
  const csrfTokens = new WeakMap<Request, string>();

  app.use('*', async (c, next) => {
    const jar = cookies(c.req.raw);
    let token = jar.get(CSRF_COOKIE);
    if (token === undefined || token.length < 20) {
      token = newCsrfToken();
      c.header('set-cookie', cookie(CSRF_COOKIE, token, base), { append: true });
    }
    csrfTokens.set(c.req.raw, token);
    if (
      options.auth.pages === true &&
      !c.req.path.startsWith(`${base}/login`) &&
      !c.req.path.startsWith(`${base}/assets/`)
    ) {
      const user = await authenticate(c.req.raw, options);
      if (user === undefined) {
        if (options.auth.basic !== undefined)
          c.header('www-authenticate', 'Basic realm="karafka-ts web", charset="UTF-8"');
        return c.text('Authentication required', 401);
      }
    }
    await next();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      if (name === 'cache-control' && c.res.headers.has(name)) continue;
      c.res.headers.set(name, value);
    }
  });

  const routing: UiRouting = {
    app,
    data,
    options,
    async context(c) {
      const user = await authenticate(c.req.raw, options);
      const notice = c.req.query('notice');
      return {
        base,
        user,
        canAct: !options.readOnly && user !== undefined,
        readOnly: options.readOnly,
        authConfigured: authConfigured(options),
        csrf: csrfTokens.get(c.req.raw) ?? '',
        maxPayloadView: options.maxPayloadView,
        notice: notice === undefined || notice === '' ? undefined : notice.slice(0, 500),
      };
    },
    async send(c, page, status = 200) {
      if (page === undefined) {
        const ctx = await routing.context(c);
        return c.html(await layout(ctx, '', 'Not found', html`<p>Nothing here.</p>`), 404);
      }
      return c.html(await page, status as 200);
    },
  };

  app.get(`${base}/assets/:name`, (c) => {
    const file = asset(c.req.param('name'));
    if (file === undefined) return c.text('Not found', 404);
    return c.body(file.body, 200, { 'content-type': file.contentType, 'cache-control': 'public, max-age=3600' });
  });

  app.get(`${base}/login`, async (c) => {
    const ctx = await routing.context(c);
    const body =
      options.auth.token === undefined
        ? html`<p>
            ${authConfigured(options) ? 'This UI authenticates through basic auth or the host application.' : 'No authentication is configured: set auth.token, auth.basic or auth.authorize.'}
          </p>`
        : html`<form method="post" action="${url(ctx, '/login')}" class="inline">
            <input type="hidden" name="_csrf" value="${ctx.csrf}" /><label
              >Token <input type="password" name="token" autocomplete="current-password" required /></label
            ><button type="submit">Log in</button>
          </form>`;
    return c.html(await layout(ctx, '', 'Log in', body));
  });

  app.post(`${base}/login`, async (c) => {
    const form = await c.req.parseBody();
    const token = typeof form.token === 'string' ? form.token : '';
    const csrf = typeof form._csrf === 'string' ? form._csrf : undefined;
    if (!csrfAllowed(c.req.raw, csrf)) return c.text('Refused: the request failed the CSRF check', 403);
    if (options.auth.token === undefined || !safeEqual(token, options.auth.token)) {
      return c.text('Wrong token', 401);
    }
    c.header('set-cookie', cookie(SESSION_COOKIE, sessionValue(options.auth.token), base, 12 * 3600), { append: true });
    return c.redirect(`${base}/`, 303);
  });

  app.get(`${base}/api/metrics`, (c) =>
    c.json(data.metrics ?? { series: { hour: [], day: [], week: [] }, topicLags: {} }),
  );

  registerPages(routing);
  registerActions(routing);
  app.notFound(async (c) => routing.send(c, undefined));
  app.onError(async (error, c) => {
    const ctx = await routing.context(c);
    return c.html(await layout(ctx, '', 'Error', html`<p>The page failed: ${error.message}</p>`), 500);
  });
  return app;
}
