/**
 * The Schedules and Tasks pages in a real browser (Debian's Chromium) against the real broker and a running app
 * that enabled scheduled messages and recurring tasks: a pending schedule shows and is cancelled from the UI
 * (pending() no longer has it and it is never delivered), a task shows and "Run now" and "Disable" from the UI
 * reach the leader (the task runs, its run shows in the log; the task is disabled); without credentials the
 * actions are refused, read-only mode hides and refuses them, and an app without the features says how to
 * enable them. With KARAFKA_WEB_SCREENSHOTS set, both pages are saved to docs/images/web-ui/ for docs/web-ui.md.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { App } from '../../../src/app/app.js';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import { Embedded } from '../../../src/server/embedded.js';
import { type RecurringTasks, enableRecurringTasks } from '../../../src/scheduling/recurring-tasks.js';
import { type ScheduledMessages, enableScheduledMessages } from '../../../src/scheduling/scheduled-messages.js';
import type { RunTrigger } from '../../../src/scheduling/task-records.js';
import type { RunningWebServer } from '../../../src/web/ui/web-server.js';
import { createTopic, uniqueName } from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';
import { TOKEN, launchBrowser, logIn, openPage, screenshot } from './browser.js';
import { installWebTopics, serveTestUi, webTestApp } from './support.js';

const XSS_KEY = '"><img src=x onerror=alert(1)>';
/** Time enough for the test to cancel the schedule from the browser before it is due. */
const CANCEL_AHEAD_MS = 40_000;

let browser: Browser;
let app: App;
let plainApp: App;
let embedded: Embedded;
let ui: RunningWebServer;
let readOnlyUi: RunningWebServer;
let plainUi: RunningWebServer;
let schedules: ScheduledMessages;
let tasks: RecurringTasks;
let target: string;
const delivered: string[] = [];
const runs: RunTrigger[] = [];
const dispatched: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  const topics = await installWebTopics();
  target = await createTopic(uniqueName('ui-scheduled-target'), 1);
  class TargetConsumer extends BaseConsumer {
    override consume(): void {
      for (const m of this.messages) delivered.push(m.rawPayload?.toString() ?? '');
    }
  }
  app = webTestApp(topics);
  app.routes.draw((r) => r.topic(target, { consumer: TargetConsumer }));
  schedules = enableScheduledMessages(app, { topic: uniqueName('ui-schedules'), partitions: 1 });
  tasks = enableRecurringTasks(app, { topic: uniqueName('ui-tasks'), logTopic: uniqueName('ui-tasks-log') });
  // Yearly: within the test it runs only when asked to.
  tasks.schedule('yearly-report', '0 0 1 1 *', ({ trigger }) => {
    runs.push(trigger);
  });
  for (const topic of [schedules.topic, tasks.topics.tasks, tasks.topics.log]) {
    await createTopic(topic.name, topic.partitions, { ...topic.configs });
  }
  app.monitor.subscribe('schedules.dispatched', ({ ids }) => dispatched.push(...ids));
  embedded = new Embedded(app);
  await embedded.start();
  ui = await serveTestUi(app, { auth: { token: TOKEN } });
  readOnlyUi = await serveTestUi(app, { auth: { token: TOKEN }, readOnly: true });
  plainApp = webTestApp(topics);
  plainUi = await serveTestUi(plainApp, { auth: { token: TOKEN } });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([ui?.close(), readOnlyUi?.close(), plainUi?.close(), embedded?.stop()]);
  await Promise.all([app?.closeProducer(), plainApp?.closeProducer()]);
});

describe('Schedules and Tasks pages in Chromium', () => {
  it('lists a pending schedule and cancels it from the UI: it leaves pending() and is never delivered', async () => {
    const at = Date.now() + CANCEL_AHEAD_MS;
    await schedules.schedule({
      id: 'ui-cancel-me',
      at,
      message: { topic: target, key: XSS_KEY, payload: 'cancelled' },
    });
    // Due after the cancelled one: once it is delivered, the cancelled one would have been.
    await schedules.schedule({ id: 'ui-control', at: at + 2_000, message: { topic: target, payload: 'control' } });

    const { page, dialogs, pageErrors } = await openPage(browser);
    await page.goto(`${ui.url}schedules`);
    const row = page.locator('tr[data-schedule="ui-cancel-me"]');
    expect(await row.textContent()).toContain(target);
    expect(await row.textContent()).toContain(XSS_KEY);
    expect(await page.locator('main tbody tr').count()).toBe(2);
    // Sorted by time: the earlier schedule first.
    expect(await page.locator('main tbody tr').first().getAttribute('data-schedule')).toBe('ui-cancel-me');
    // Not signed in: no button, and the action is refused.
    expect(await page.locator('button[data-action=Cancel]').count()).toBe(0);
    const anonymous = await page.request.post(`${ui.url}schedules/cancel`, { form: { id: 'ui-cancel-me' } });
    expect(anonymous.status()).toBe(401);
    await logIn(page, ui.url);
    const forged = await page.request.post(`${ui.url}schedules/cancel`, { form: { id: 'ui-cancel-me' } });
    expect(forged.status()).toBe(403);
    expect((await schedules.pending()).map((p) => p.id)).toEqual(['ui-cancel-me', 'ui-control']);

    await page.goto(`${ui.url}schedules`);
    await screenshot(page, 'schedules');
    await Promise.all([page.waitForURL(/notice=/), row.locator('button[data-action=Cancel]').click()]);
    expect(await page.textContent('#notice')).toContain('Cancelled schedule ui-cancel-me');
    expect((await schedules.pending()).map((p) => p.id)).toEqual(['ui-control']);
    await page.goto(`${ui.url}schedules`);
    expect(await page.locator('tr[data-schedule="ui-cancel-me"]').count()).toBe(0);
    expect(await page.locator('tr[data-schedule="ui-control"]').count()).toBe(1);

    await waitUntil(() => delivered.includes('control'), {
      timeoutMs: CANCEL_AHEAD_MS + 60_000,
      description: 'the later schedule delivered',
    });
    expect(delivered).toEqual(['control']);
    expect(dispatched).not.toContain('ui-cancel-me');
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  }, 180_000);

  it('lists a task and runs it now, then disables it, from the UI', async () => {
    const { page, pageErrors } = await openPage(browser);
    await page.goto(`${ui.url}tasks`);
    const row = page.locator('tr[data-task="yearly-report"]');
    expect(await row.textContent()).toContain('0 0 1 1 *');
    expect(await row.locator('[data-enabled]').getAttribute('data-enabled')).toBe('true');
    expect(await row.textContent()).toContain(`${String(new Date().getUTCFullYear() + 1)}-01-01T00:00:00.000Z`);
    expect(await page.locator('button[data-action="Run now"]').count()).toBe(0);
    const anonymous = await page.request.post(`${ui.url}tasks/command`, {
      form: { task: 'yearly-report', action: 'run' },
    });
    expect(anonymous.status()).toBe(401);

    await logIn(page, ui.url);
    await page.goto(`${ui.url}tasks`);
    await Promise.all([page.waitForURL(/notice=/), row.locator('button[data-action="Run now"]').click()]);
    expect(await page.textContent('#notice')).toContain('run now of task yearly-report');
    await waitUntil(() => runs.includes('command'), { timeoutMs: 60_000, description: 'the task run by the command' });
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.locator('tr[data-log-task="yearly-report"][data-log-status="finished"]').count();
        },
        { timeout: 60_000, message: 'the finished run in the log' },
      )
      .toBe(1);
    expect(await row.locator('[data-last-run]').getAttribute('data-last-run')).toBe('finished');
    await screenshot(page, 'tasks');

    await Promise.all([page.waitForURL(/notice=/), row.locator('button[data-action=Disable]').click()]);
    await waitUntil(async () => (await tasks.states())[0]?.enabled === false, {
      timeoutMs: 60_000,
      description: 'the task disabled by the leader',
    });
    await page.goto(`${ui.url}tasks`);
    expect(await row.locator('[data-enabled]').getAttribute('data-enabled')).toBe('false');
    expect(await row.locator('button[data-action=Enable]').count()).toBe(1);
    expect(await page.locator('tr[data-log-task="yearly-report"][data-log-status="disabled"]').count()).toBe(1);
    expect(runs).toEqual(['command']);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  }, 180_000);

  it('read-only mode hides and refuses the schedule and task actions', async () => {
    const { page } = await openPage(browser);
    await page.request.post(`${readOnlyUi.url}login`, { form: { token: TOKEN } });
    for (const route of ['schedules', 'tasks']) {
      await page.goto(`${readOnlyUi.url}${route}`);
      expect(await page.textContent('header')).toContain('read-only');
      expect(await page.locator('form.action').count(), route).toBe(0);
    }
    const bearer = { authorization: `Bearer ${TOKEN}` };
    const cancel = await page.request.post(`${readOnlyUi.url}schedules/cancel`, {
      form: { id: 'ui-control' },
      headers: bearer,
    });
    expect(cancel.status()).toBe(403);
    const run = await page.request.post(`${readOnlyUi.url}tasks/command`, {
      form: { task: 'yearly-report', action: 'run' },
      headers: bearer,
    });
    expect(run.status()).toBe(403);
    await page.context().close();
  });

  it('says how to enable the features when the app did not', async () => {
    const { page } = await openPage(browser);
    await page.goto(`${plainUi.url}schedules`);
    expect(await page.textContent('#not-enabled')).toContain('enableScheduledMessages(app)');
    await page.goto(`${plainUi.url}tasks`);
    expect(await page.textContent('#not-enabled')).toContain('enableRecurringTasks(app)');
    expect(await page.textContent('nav')).toContain('Schedules');
    const bearer = { authorization: `Bearer ${TOKEN}` };
    const run = await page.request.post(`${plainUi.url}tasks/command`, {
      form: { task: 'yearly-report', action: 'run' },
      headers: bearer,
    });
    expect(run.status()).toBe(400);
    await page.context().close();
  });
});
