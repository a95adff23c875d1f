/**
 * The web UI in a real browser (Debian's Chromium) against the real broker and a running app: every page loads
 * with the app's data, the app appears on the dashboard, a produced message is found in the explorer by
 * offset, attacker-controlled keys, headers, payloads and error texts render as text (no dialog opens), actions
 * need credentials and a CSRF token, pause and quiet from the UI reach the process, a dead letter is
 * republished to its source, and read-only mode hides and refuses every action. With KARAFKA_WEB_SCREENSHOTS
 * set, the main pages are saved to docs/images/web-ui/ for docs/web-ui.md.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../../src/app/app.js';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import { webProcessOf } from '../../../src/web/enable-web.js';
import type { WebTopicNames } from '../../../src/web/options.js';
import type { RunningWebServer } from '../../../src/web/ui/web-server.js';
import { Embedded } from '../../../src/server/embedded.js';
import { createTopic, produceMessages, uniqueName } from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';
import { TOKEN, launchBrowser, logIn, openPage, screenshot } from './browser.js';
import { installWebTopics, serveTestUi, waitForProcess, webTestApp } from './support.js';

const XSS_SCRIPT = '<script>alert(1)</script>';
const XSS_IMG = '"><img src=x onerror=alert(1)>';

let browser: Browser;
let topics: WebTopicNames;
let app: App;
let embedded: Embedded;
let ui: RunningWebServer;
let readOnlyUi: RunningWebServer;
let processId: string;
let ordersTopic: string;
let dlqTopic: string;
const consumed: { offset: number; payload: string; republished: boolean }[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  topics = await installWebTopics();
  ordersTopic = await createTopic(uniqueName('web-ui-orders'), 2);
  dlqTopic = await createTopic(uniqueName('web-ui-orders-dlq'), 1);
  class OrdersConsumer extends BaseConsumer {
    override consume(): void {
      for (const m of this.messages) {
        const payload = m.rawPayload?.toString() ?? '';
        const republished = m.headers.republished_from !== undefined;
        if (payload === 'poison' && !republished) throw new Error(`poisoned ${XSS_SCRIPT} ${XSS_IMG}`);
        consumed.push({ offset: m.offset, payload, republished });
      }
    }
  }
  app = webTestApp(topics);
  app.routes.draw((r) =>
    // One message per batch: the poison message is dead-lettered alone whatever one fetch brings. In a batch
    // with the message before it, nothing would be marked when it throws, so the batch's first message would go
    // to the dead letter topic first (as in Karafka), and the counts below would depend on the fetch.
    r.topic(ordersTopic, {
      consumer: OrdersConsumer,
      maxMessages: 1,
      deadLetterQueue: { topic: dlqTopic, maxRetries: 0 },
    }),
  );
  embedded = new Embedded(app);
  await embedded.start();
  processId = webProcessOf(embedded.server!)!.processId;
  ui = await serveTestUi(app, { auth: { token: TOKEN } });
  readOnlyUi = await serveTestUi(app, { auth: { token: TOKEN }, readOnly: true });
  await produceMessages(ordersTopic, 20, {
    partition: 0,
    payload: (i) => JSON.stringify({ order: i, items: ['book', 'pen'] }),
    key: (i) => `customer-${String(i % 4)}`,
  });
  await produceMessages(ordersTopic, 1, {
    partition: 1,
    key: () => XSS_IMG,
    payload: () => `${XSS_SCRIPT}${XSS_IMG}`,
    headers: () => [{ key: XSS_IMG, value: Buffer.from(XSS_SCRIPT) }],
  });
  await produceMessages(ordersTopic, 1, { partition: 1, payload: () => 'poison' });
  await waitUntil(() => consumed.length === 21, { description: 'the orders consumed (the poison one dead-lettered)' });
  await waitForProcess(
    ui,
    (p) => p.report.id === processId && p.report.counters.messages >= 21 && p.report.counters.deadLetters === 1,
    'the app materialised with its dead letter',
  );
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([ui?.close(), readOnlyUi?.close(), embedded?.stop()]);
});

describe('web UI in Chromium', () => {
  it('shows the running app on the dashboard, with its charts', async () => {
    const { page, pageErrors } = await openPage(browser);
    await page.goto(ui.url);
    await page.waitForSelector(`#processes a:text-is("${processId}")`);
    await page.waitForSelector('canvas[data-chart][data-drawn=true]');
    expect(await page.locator('canvas[data-drawn=true]').count()).toBe(6);
    expect(pageErrors).toEqual([]);
    await screenshot(page, 'dashboard');
    await page.context().close();
  });

  it('loads every page with the app data', async () => {
    const { page, pageErrors, dialogs } = await openPage(browser);
    const pages: [string, string, string][] = [
      ['processes', 'processes', processId],
      [`processes/${encodeURIComponent(processId)}`, 'process', ordersTopic],
      ['jobs', 'jobs', 'running'],
      ['health', 'health', `${ordersTopic}/0`],
      ['routing', 'routing', ordersTopic],
      ['explorer', 'explorer', ordersTopic],
      [`explorer/${ordersTopic}`, 'topic', 'Search payloads'],
      [`explorer/${ordersTopic}/0`, 'partition', 'customer-3'],
      ['dlq', 'dlq', dlqTopic],
      [`dlq/${dlqTopic}/0`, 'dlq-messages', 'poison'],
      ['errors', 'errors', 'consumer.consume.error'],
      ['cluster', 'cluster', ordersTopic],
      ['commands', 'commands', 'No command'],
      ['status', 'status', 'Materialiser writing'],
    ];
    for (const [route, name, expected] of pages) {
      const response = await page.goto(`${ui.url}${route}`);
      expect(response?.status(), route).toBe(200);
      expect(response?.headers()['content-security-policy'], route).toContain("script-src 'self'");
      await expect.poll(() => page.textContent('main'), { message: route }).toContain(expected);
      if (
        ['processes', 'process', 'health', 'explorer', 'dlq-messages', 'errors', 'status', 'routing'].includes(name)
      ) {
        await screenshot(page, name);
      }
    }
    expect(pageErrors).toEqual([]);
    expect(dialogs).toEqual([]);
    await page.context().close();
  });

  it('finds a produced message in the explorer by offset and shows it as JSON, text and hex', async () => {
    const [report] = await produceMessages(ordersTopic, 1, {
      partition: 0,
      payload: () => '{"found":"by offset"}',
      key: () => 'k-42',
    });
    const { page } = await openPage(browser);
    await page.goto(`${ui.url}explorer/${ordersTopic}/0?offset=${String(report!.offset)}`);
    await page.click(`tr[data-offset="${String(report!.offset)}"] a`);
    expect(await page.textContent('pre[data-view=payload]')).toBe('{\n  "found": "by offset"\n}');
    expect(await page.textContent('pre[data-view=key]')).toBe('k-42');
    await screenshot(page, 'message');
    await page.goto(`${page.url()}?as=hex`);
    expect(await page.textContent('pre[data-view=payload]')).toContain('7b 22 66 6f 75 6e 64 22');
    const download = await page.request.get(`${ui.url}explorer/${ordersTopic}/0/${String(report!.offset)}/download`);
    expect(download.headers()['content-disposition']).toContain('attachment');
    expect(await download.text()).toBe('{"found":"by offset"}');
    await page.context().close();
  });

  it('renders attacker-controlled keys, headers, payloads and error texts as text: no script runs, no dialog opens', async () => {
    const { page, dialogs, pageErrors } = await openPage(browser);
    await page.goto(`${ui.url}explorer/${ordersTopic}/1`);
    expect(await page.textContent('main')).toContain(XSS_SCRIPT);
    await page.click('tr[data-offset="0"] a');
    expect(await page.textContent('pre[data-view=key]')).toBe(XSS_IMG);
    expect(await page.textContent('pre[data-view=payload]')).toBe(`${XSS_SCRIPT}${XSS_IMG}`);
    expect(await page.textContent('main table')).toContain(XSS_IMG);
    await page.goto(
      `${ui.url}explorer/${ordersTopic}/search?partition=1&from=0&count=10&q=${encodeURIComponent('<script>')}`,
    );
    expect(await page.textContent('main'), (await page.textContent('main')) ?? '').toContain('1 match');
    await page.goto(`${ui.url}errors`);
    await page.click('main table a');
    expect(await page.textContent('pre[data-view=message]')).toBe(`poisoned ${XSS_SCRIPT} ${XSS_IMG}`);
    await page.goto(`${ui.url}dlq/${dlqTopic}/0`);
    expect(await page.textContent('main')).toContain(XSS_IMG);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('main script').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('refuses actions without credentials, with a wrong token, and without the CSRF token', async () => {
    const before = (await ui.handler.data.commands()).length;
    const { page } = await openPage(browser);
    await page.goto(`${ui.url}processes/${encodeURIComponent(processId)}`);
    expect(await page.locator('button[data-action=Quiet]').count()).toBe(0);
    expect(await page.textContent('header')).toContain('Log in to act');
    const form = { command: 'quiet', processId };
    const anonymous = await page.request.post(`${ui.url}commands`, { form });
    expect(anonymous.status()).toBe(401);
    const wrongToken = await page.request.post(`${ui.url}commands`, {
      form,
      headers: { authorization: 'Bearer wrong-token-123' },
    });
    expect(wrongToken.status()).toBe(401);
    await logIn(page, ui.url);
    // Logged in, but without the form's CSRF token (what a forged cross-site form would send).
    const forged = await page.request.post(`${ui.url}commands`, { form });
    expect(forged.status()).toBe(403);
    const crossSite = await page.request.post(`${ui.url}commands`, {
      form: { ...form, _csrf: 'x' },
      headers: { origin: 'http://evil.example' },
    });
    expect(crossSite.status()).toBe(403);
    expect((await ui.handler.data.commands()).length).toBe(before);
    expect(app.status.current).toBe('running');
    await page.context().close();
  });

  it('pauses a partition from the UI: nothing is consumed until it is resumed', async () => {
    const { page } = await openPage(browser);
    await logIn(page, ui.url);
    await page.goto(`${ui.url}processes/${encodeURIComponent(processId)}`);
    const row = page.locator(`tr[data-partition="${ordersTopic}/0"]`);
    await Promise.all([page.waitForURL(/notice=/), row.locator('button[data-action=Pause]').click()]);
    expect(await page.textContent('#notice')).toContain('Sent partition.pause');
    await waitForProcess(
      ui,
      (p) => p.report.id === processId && p.report.partitions.some((x) => x.partition === 0 && x.paused),
      'partition 0 paused',
    );
    const count = consumed.length;
    await produceMessages(ordersTopic, 3, { partition: 0, payload: (i) => `while-paused-${String(i)}` });
    await page.goto(`${ui.url}processes/${encodeURIComponent(processId)}`);
    await expect.poll(() => row.textContent()).toContain('paused');
    await screenshot(page, 'process-paused');
    // The three messages wait: the report after them still shows the partition paused and nothing consumed.
    const reported = Date.now();
    await waitForProcess(
      ui,
      (p) => p.report.id === processId && p.report.dispatchedAt > reported + 500,
      'a later report',
    );
    expect(consumed.length).toBe(count);
    await Promise.all([page.waitForURL(/notice=/), row.locator('button[data-action=Resume]').click()]);
    await waitUntil(() => consumed.filter((c) => c.payload.startsWith('while-paused-')).length === 3, {
      description: 'the messages consumed after the resume',
    });
    await page.goto(`${ui.url}commands`);
    await expect.poll(() => page.locator('[data-result=done]').count()).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'commands');
    await page.context().close();
  });

  it('republishes a dead letter to its source topic', async () => {
    const { page } = await openPage(browser);
    await logIn(page, ui.url);
    await page.goto(`${ui.url}dlq/${dlqTopic}/0/0`);
    expect(await page.textContent('main')).toContain(ordersTopic);
    await screenshot(page, 'dead-letter');
    await Promise.all([page.waitForURL(/notice=/), page.click('button[data-action=Republish]')]);
    expect(await page.textContent('#notice')).toContain(`to ${ordersTopic}/1@`);
    await waitUntil(() => consumed.find((c) => c.payload === 'poison' && c.republished), {
      description: 'the republished message consumed from its source',
    });
    await page.context().close();
  });

  it('read-only mode hides and refuses every action', async () => {
    const { page } = await openPage(browser);
    await page.request.post(`${readOnlyUi.url}login`, { form: { token: TOKEN } });
    for (const route of [
      `processes/${encodeURIComponent(processId)}`,
      'processes',
      `dlq/${dlqTopic}/0`,
      `dlq/${dlqTopic}/0/0`,
    ]) {
      await page.goto(`${readOnlyUi.url}${route}`);
      expect(await page.locator('form.action').count(), route).toBe(0);
      expect(await page.textContent('header')).toContain('read-only');
    }
    const bearer = { authorization: `Bearer ${TOKEN}` };
    const command = await page.request.post(`${readOnlyUi.url}commands`, {
      form: { command: 'quiet', processId },
      headers: bearer,
    });
    expect(command.status()).toBe(403);
    const republish = await page.request.post(`${readOnlyUi.url}dlq/republish`, {
      form: { topic: dlqTopic, partition: '0', offset: '0' },
      headers: bearer,
    });
    expect(republish.status()).toBe(403);
    expect(app.status.current).toBe('running');
    await page.context().close();
  });

  it('quiets the process from the UI: its state reaches quiet', async () => {
    const { page } = await openPage(browser);
    await logIn(page, ui.url);
    await page.goto(`${ui.url}processes/${encodeURIComponent(processId)}`);
    await Promise.all([page.waitForURL(/notice=/), page.click('button[data-action=Quiet]')]);
    await app.status.waitFor('quiet');
    await waitForProcess(
      ui,
      (p) => p.report.id === processId && p.report.state === 'quiet',
      'the process reported quiet',
    );
    await page.goto(`${ui.url}processes/${encodeURIComponent(processId)}`);
    expect(await page.getAttribute('[data-state]', 'data-state')).toBe('quiet');
    await page.context().close();
  });
});
