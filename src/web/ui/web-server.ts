/**
 * Serving the UI: `createWebHandler(app, options)` gives a `node:http` request handler to mount in an existing
 * server (node:http, Express, Fastify) under `basePath`; `serveWeb(app, options)` runs one on its own port.
 *
 * ```ts
 * const web = createWebHandler(app, { basePath: '/karafka', auth: { token: process.env.KARAFKA_WEB_TOKEN } });
 * // node:http
 * createServer((req, res) => (req.url?.startsWith('/karafka') ? web(req, res) : other(req, res)));
 * // Express (mount before any body parser)
 * expressApp.use('/karafka', (req, res) => void web(req, res));
 * // Fastify (before its body parsing)
 * fastify.addHook('onRequest', (req, reply, done) => {
 *   if (!req.url.startsWith('/karafka')) return done();
 *   reply.hijack();
 *   void web(req.raw, reply.raw);
 * });
 * ```
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { App } from '../../app/app.js';
import { webOptionsOf } from '../enable-web.js';
import { resolveWebOptions } from '../options.js';
import { type WebUiOptions, resolveUiOptions } from './ui-options.js';
import { WebData } from './web-data.js';
import { createWebUi } from './web-ui.js';

/** A request handler that serves the UI; `close()` releases its Kafka clients. */
export interface WebHandler {
  (request: IncomingMessage, response: ServerResponse): Promise<void>;
  /** The UI's data access (the materialised state it follows, its admin client). */
  readonly data: WebData;
  close(): Promise<void>;
}

/**
 * A handler serving the UI of `app` (its routes, Kafka settings and the internal topics of `enableWeb`, or the
 * default ones) under `options.basePath`. Requests a host framework already routed under a mount path (Express
 * strips it from `url` and keeps `originalUrl`) are served by their full path.
 */
export function createWebHandler(app: App, options: WebUiOptions = {}): WebHandler {
  const ui = resolveUiOptions(options);
  const data = new WebData(app, webOptionsOf(app) ?? resolveWebOptions({}));
  const hono = createWebUi(data, ui);
  const listener = getRequestListener(hono.fetch, { overrideGlobalObjects: false });
  const handler = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const original = (request as IncomingMessage & { originalUrl?: unknown }).originalUrl;
    if (typeof original === 'string') request.url = original;
    await data.start().catch(() => undefined);
    await listener(request, response);
  };
  return Object.assign(handler, { data, close: () => data.close() });
}

/** Options of `serveWeb`. */
export interface ServeWebOptions extends WebUiOptions {
  /** Port (default 3000; 0: any free port). */
  readonly port?: number;
  /** Interface (default 127.0.0.1: set 0.0.0.0 to serve other hosts). */
  readonly host?: string;
}

/** A running UI server. */
export interface RunningWebServer {
  /** `http://host:port/basePath/`. */
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  readonly handler: WebHandler;
  close(): Promise<void>;
}

/** Serves the UI of `app` on its own HTTP server. */
export async function serveWeb(app: App, options: ServeWebOptions = {}): Promise<RunningWebServer> {
  const handler = createWebHandler(app, options);
  await handler.data.start().catch(() => undefined);
  const server = createServer((request, response) => void handler(request, response));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 3000, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : (options.port ?? 3000);
  const base = resolveUiOptions(options).basePath;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${String(port)}${base}/`,
    port,
    server,
    handler,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await handler.close();
    },
  };
}
