/**
 * The Schedules and Tasks pages and actions without a broker: an app without the features gets a page that
 * says how to enable them, and the cancel and task actions are refused in order (read-only 403, no credentials
 * 401) and check their fields (400 naming the field, the action, or the unknown task) before anything is
 * written. What they show and do against the broker is in test/integration/web/scheduling-pages.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { App } from '../../../src/app/app.js';
import { enableRecurringTasks } from '../../../src/scheduling/recurring-tasks.js';
import { type WebUiOptions, resolveUiOptions } from '../../../src/web/ui/ui-options.js';
import type { WebData } from '../../../src/web/ui/web-data.js';
import { createWebUi } from '../../../src/web/ui/web-ui.js';

const TOKEN = 'unit-token-0123456789';
const bearer = { authorization: `Bearer ${TOKEN}` };

function newApp(): App {
  // Nothing here reaches Kafka: an unreachable address proves it.
  return new App({ clientId: 'scheduling-ui', kafka: { 'bootstrap.servers': '127.0.0.1:1' }, logLevel: 'silent' });
}

/** The UI of `app`; the pages and actions under test read only `data.app`. */
function ui(app: App, options: WebUiOptions = { auth: { token: TOKEN } }): ReturnType<typeof createWebUi> {
  return createWebUi({ app } as unknown as WebData, resolveUiOptions(options));
}

function post(path: string, form: Record<string, string>, headers: Record<string, string> = bearer): Request {
  return new Request(`http://ui.local${path}`, { method: 'POST', headers, body: new URLSearchParams(form) });
}

describe('Schedules and Tasks pages without the features', () => {
  it('say how to enable them, and both are in the navigation', async () => {
    const web = ui(newApp());
    const schedules = await web.request('/schedules');
    expect(schedules.status).toBe(200);
    const schedulesPage = await schedules.text();
    expect(schedulesPage).toContain('enableScheduledMessages(app)');
    expect(schedulesPage).toContain('docs/scheduled-messages.md');
    expect(schedulesPage).toContain('href="/tasks"');
    const tasksPage = await (await web.request('/tasks')).text();
    expect(tasksPage).toContain('enableRecurringTasks(app)');
    expect(tasksPage).toContain('docs/recurring-tasks.md');
    expect(tasksPage).toContain('href="/schedules"');
  });

  it('refuse the actions with a reason', async () => {
    const web = ui(newApp());
    const cancel = await web.request(post('/schedules/cancel', { id: 'x' }));
    expect(cancel.status).toBe(400);
    expect(await cancel.text()).toContain('scheduled messages are not enabled');
    const run = await web.request(post('/tasks/command', { task: 'x', action: 'run' }));
    expect(run.status).toBe(400);
    expect(await run.text()).toContain('recurring tasks are not enabled');
  });
});

describe('task and schedule actions', () => {
  const app = newApp();
  enableRecurringTasks(app).schedule('cleanup', '*/5 * * * *', () => undefined);

  it('refuse without credentials (401) and in read-only mode (403), before reading the fields', async () => {
    expect((await ui(app).request(post('/tasks/command', { task: 'cleanup', action: 'run' }, {}))).status).toBe(401);
    expect((await ui(app).request(post('/schedules/cancel', { id: 'x' }, {}))).status).toBe(401);
    const readOnly = ui(app, { auth: { token: TOKEN }, readOnly: true });
    expect((await readOnly.request(post('/tasks/command', { task: 'cleanup', action: 'run' }))).status).toBe(403);
    expect((await readOnly.request(post('/schedules/cancel', { id: 'x' }))).status).toBe(403);
  });

  it('check the task, the action and the id (400 naming the problem)', async () => {
    const web = ui(app);
    const unknown = await web.request(post('/tasks/command', { task: 'nope', action: 'run' }));
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain("no task 'nope' (declared: cleanup)");
    const badAction = await web.request(post('/tasks/command', { task: 'cleanup', action: 'explode' }));
    expect(badAction.status).toBe(400);
    expect(await badAction.text()).toContain('action must be one of run, enable, disable');
    const noTask = await web.request(post('/tasks/command', { action: 'run' }));
    expect(noTask.status).toBe(400);
    expect(await noTask.text()).toContain('task is required');
  });
});
