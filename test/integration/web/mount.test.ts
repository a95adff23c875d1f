/**
 * The UI mounted under a path in an existing server: node:http (routing by prefix) and Express (app.use with a
 * mount path, which strips it from req.url). Pages, links, assets and actions work under the path; the host's
 * own routes are untouched.
 */
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../../src/app/app.js';
import type { WebTopicNames } from '../../../src/web/options.js';
import { type WebHandler, createWebHandler } from '../../../src/web/ui/web-server.js';
import { installWebTopics, webTestApp } from './support.js';

let topics: WebTopicNames;
let app: App;
const handlers: WebHandler[] = [];
const servers: Server[] = [];

beforeAll(async () => {
  topics = await installWebTopics();
  app = webTestApp(topics);
});

afterAll(async () => {
  for (const server of servers) server.close();
  await Promise.all(handlers.map((h) => h.close()));
});

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
}

async function checkMounted(origin: string): Promise<void> {
  const page = await fetch(`${origin}/karafka/status`);
  expect(page.status).toBe(200);
  const body = await page.text();
  expect(body).toContain('href="/karafka/assets/app.css"');
  expect(body).toContain('href="/karafka/processes"');
  expect((await fetch(`${origin}/karafka/assets/app.js`)).headers.get('content-type')).toContain('javascript');
  expect((await fetch(`${origin}/karafka/assets/chart.umd.js`)).status).toBe(200);
  expect(await (await fetch(`${origin}/karafka/api/metrics`)).json()).toHaveProperty('series');
  const action = await fetch(`${origin}/karafka/commands`, {
    method: 'POST',
    body: new URLSearchParams({ command: 'quiet', processId: '*' }),
  });
  expect(action.status).toBe(401);
  expect(await (await fetch(`${origin}/elsewhere`)).text()).toBe('host');
}

describe('mounting the UI', () => {
  it('serves under a path of a node:http server', async () => {
    const web = createWebHandler(app, { basePath: '/karafka', auth: { token: 'mount-token-123' } });
    handlers.push(web);
    const origin = await listen(
      createServer((req, res) => {
        if (req.url?.startsWith('/karafka')) void web(req, res);
        else res.end('host');
      }),
    );
    await checkMounted(origin);
  });

  it('serves under an Express mount path', async () => {
    const web = createWebHandler(app, { basePath: '/karafka', auth: { token: 'mount-token-123' } });
    handlers.push(web);
    const host = express();
    host.use('/karafka', (req, res) => void web(req, res));
    host.get('/elsewhere', (_req, res) => void res.send('host'));
    await checkMounted(await listen(createServer(host)));
  });
});
