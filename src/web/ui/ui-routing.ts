/**
 * What the UI's route modules share: the hono app, the data access, the options, and how a page is sent.
 */
import type { Context, Hono } from 'hono';
import type { Html, PageContext } from './layout.js';
import type { ResolvedWebUiOptions } from './ui-options.js';
import type { WebData } from './web-data.js';

/** What route handlers share. */
export interface UiRouting {
  readonly app: Hono;
  readonly data: WebData;
  readonly options: ResolvedWebUiOptions;
  /** Builds the page context of a request (user, CSRF token, notice). */
  context(c: Context): Promise<PageContext>;
  /** Sends a page (404 when `page` is undefined). */
  send(c: Context, page: Html | undefined, status?: number): Promise<Response>;
}
