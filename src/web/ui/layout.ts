/**
 * The page shell and the small pieces every page uses. Everything goes through hono's `html` template, which
 * escapes every interpolated string: keys, headers, payloads and error texts are attacker-controlled. No page
 * carries inline script or style (the content security policy forbids both); the one script is a static file.
 */
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

/** Rendered HTML (escaped where it came from data). */
export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** What every page knows about the request. */
export interface PageContext {
  /** The UI's base path (`` or `/karafka`). */
  readonly base: string;
  /** The authenticated user, if any. */
  readonly user: string | undefined;
  /** True when actions are shown: not read-only, and the user is authenticated. */
  readonly canAct: boolean;
  readonly readOnly: boolean;
  /** Whether any authentication is configured (without one, actions are refused). */
  readonly authConfigured: boolean;
  /** The CSRF token forms carry. */
  readonly csrf: string;
  /** Payloads larger than this are shown truncated. */
  readonly maxPayloadView: number;
  /** A one-line notice (after an action). */
  readonly notice: string | undefined;
}

const NAV: readonly [string, string][] = [
  ['', 'Dashboard'],
  ['/processes', 'Processes'],
  ['/jobs', 'Jobs'],
  ['/health', 'Health'],
  ['/routing', 'Routing'],
  ['/explorer', 'Explorer'],
  ['/dlq', 'Dead letters'],
  ['/errors', 'Errors'],
  ['/cluster', 'Cluster'],
  ['/schedules', 'Schedules'],
  ['/tasks', 'Tasks'],
  ['/commands', 'Commands'],
  ['/status', 'Status'],
];

/** A URL of the UI: base path + `path`, with query parameters encoded. */
export function url(
  ctx: PageContext,
  path: string,
  query: Readonly<Record<string, string | number | undefined>> = {},
): string {
  const params = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return `${ctx.base}${path}${params.length === 0 ? '' : `?${params.join('&')}`}`;
}

/** One path segment, encoded. */
export const seg = (value: string | number): string => encodeURIComponent(String(value));

/** The page shell. */
export function layout(ctx: PageContext, active: string, title: string, body: Html): Html {
  const authLine = ctx.readOnly
    ? html`<span class="tag">read-only</span>`
    : ctx.user !== undefined
      ? html`<span class="tag">signed in as ${ctx.user}</span>`
      : ctx.authConfigured
        ? html`<a href="${url(ctx, '/login')}">Log in to act</a>`
        : html`<span class="tag" title="configure auth to enable actions">actions off: no auth configured</span>`;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} - karafka-ts web</title>
        <link rel="stylesheet" href="${url(ctx, '/assets/app.css')}" />
        <script src="${url(ctx, '/assets/chart.umd.js')}" defer></script>
        <script src="${url(ctx, '/assets/app.js')}" defer></script>
      </head>
      <body data-base="${ctx.base}">
        <header>
          <span class="brand">karafka-ts</span>
          <nav>
            ${NAV.map(([path, name]) => html`<a href="${url(ctx, path === '' ? '/' : path)}" class="${active === name ? 'active' : ''}">${name}</a>`)}
          </nav>
          <span class="auth">${authLine}</span>
        </header>
        <main>
          ${ctx.notice === undefined ? '' : html`<p class="notice" id="notice">${ctx.notice}</p>`}
          <h1>${title}</h1>
          ${body}
        </main>
      </body>
    </html>`;
}

/** A form that posts an action (with the CSRF token), or nothing when the user may not act. */
export function actionForm(
  ctx: PageContext,
  path: string,
  fields: Readonly<Record<string, string | number>>,
  label: string,
  extra: Html | string = '',
): Html | string {
  if (!ctx.canAct) return '';
  return html`<form method="post" action="${url(ctx, path)}" class="action">
    <input type="hidden" name="_csrf" value="${ctx.csrf}" />
    ${Object.entries(fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${String(value)}" />`)}
    ${extra}<button type="submit" data-action="${label}">${label}</button>
  </form>`;
}

/** A table. */
export function table(headers: readonly string[], rows: readonly Html[], empty = 'Nothing to show.'): Html {
  if (rows.length === 0) return html`<p class="empty">${empty}</p>`;
  return html`<table>
    <thead>
      <tr>
        ${headers.map((h) => html`<th>${h}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}

/** A status badge. */
export function badge(text: string, kind: 'ok' | 'warn' | 'bad' | 'info' = 'info'): Html {
  return html`<span class="badge ${kind}">${text}</span>`;
}

/** `1 234`. */
export function num(value: number | undefined): string {
  return value === undefined || Number.isNaN(value) ? '-' : value.toLocaleString('en-US');
}

/** `12.3 MB`. */
export function bytes(value: number | undefined): string {
  if (value === undefined) return '-';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = value;
  let unit = 0;
  while (v >= 1024 && unit < units.length - 1) {
    v /= 1024;
    unit += 1;
  }
  return `${v.toFixed(unit === 0 ? 0 : 1)} ${units[unit]!}`;
}

/** `3 s`, `2 min`, `1 h`. */
export function duration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '-';
  if (ms < 1_000) return `${String(Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

/** `12 s ago`. */
export function ago(time: number | undefined): string {
  return time === undefined ? '-' : `${duration(Math.max(0, Date.now() - time))} ago`;
}

/** An ISO time. */
export function time(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '-' : new Date(value).toISOString();
}

/** Summary cards. */
export function cards(items: readonly (readonly [string, string | number])[]): Html {
  return html`<div class="cards">
    ${items.map(
      ([label, value]) =>
        html`<div class="card">
          <div class="value">${String(value)}</div>
          <div class="label">${label}</div>
        </div>`,
    )}
  </div>`;
}
