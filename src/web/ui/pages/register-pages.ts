/**
 * The page routes: each parses and checks its parameters (a bad one gets a 400 naming it) and renders its page.
 */
import type { Context } from 'hono';
import type { UiRouting } from '../ui-routing.js';
import { BadParameter, intParam } from '../params.js';
import { dashboardPage } from './dashboard.js';
import { dlqPage, sourceBlock, sourceCells } from './dlq.js';
import { messagePage, partitionPage, searchPage, topicPage, topicsPage } from './explorer.js';
import { healthPage } from './health.js';
import { clusterPage, errorPage, errorsPage, jobsPage, routingPage } from './overview-pages.js';
import { processPage, processesPage } from './processes.js';
import { commandsPage } from './commands.js';
import { schedulesPage } from './schedules.js';
import { tasksPage } from './tasks.js';
import { statusPage } from './status.js';

function required(value: number | undefined, name: string): number {
  if (value === undefined) throw new BadParameter(`${name} is required`);
  return value;
}

/** A path parameter (present whenever its route matched). */
function param(c: Context, name: string): string {
  const value: string | undefined = c.req.param(name);
  if (value === undefined) throw new BadParameter(`${name} is required`);
  return value;
}

/** A `datetime-local` value (UTC) as ms since the epoch. */
function timeParam(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const t = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
  if (Number.isNaN(t)) throw new BadParameter('time must be a date and time such as 2026-01-31T12:00:00');
  return t;
}

/** Registers every page on the UI. */
export function registerPages(ui: UiRouting): void {
  const { app, data, options } = ui;
  const base = options.basePath;
  const get = (path: string, render: (c: Context) => Promise<Parameters<UiRouting['send']>[1]>): void => {
    app.get(`${base}${path}`, async (c) => {
      try {
        return await ui.send(c, await render(c));
      } catch (error) {
        if (error instanceof BadParameter) return c.text(`Bad request: ${error.message}`, 400);
        throw error;
      }
    });
  };
  const ctx = (c: Context): ReturnType<UiRouting['context']> => ui.context(c);

  get('/', async (c) => dashboardPage(await ctx(c), data, c.req.query('range')));
  if (base !== '') get('', async (c) => dashboardPage(await ctx(c), data, c.req.query('range')));
  get('/processes', async (c) => processesPage(await ctx(c), data));
  get('/processes/:id', async (c) => processPage(await ctx(c), data, param(c, 'id')));
  get('/jobs', async (c) => jobsPage(await ctx(c), data));
  get('/health', async (c) => healthPage(await ctx(c), data));
  get('/routing', async (c) => routingPage(await ctx(c), data.app));
  get('/explorer', async (c) => topicsPage(await ctx(c), data, c.req.query('internal') === '1'));
  get('/explorer/:topic', async (c) => topicPage(await ctx(c), data, param(c, 'topic')));
  get('/explorer/:topic/search', async (c) =>
    searchPage(
      await ctx(c),
      data,
      param(c, 'topic'),
      required(intParam(c.req.query('partition'), 'partition'), 'partition'),
      intParam(c.req.query('from'), 'from') ?? 0,
      intParam(c.req.query('count'), 'count') ?? 1_000,
      c.req.query('q') ?? '',
    ),
  );
  get('/explorer/:topic/:partition', async (c) =>
    partitionPage(
      await ctx(c),
      data,
      param(c, 'topic'),
      required(intParam(param(c, 'partition'), 'partition'), 'partition'),
      {
        offset: intParam(c.req.query('offset'), 'offset'),
        at: timeParam(c.req.query('time')),
      },
    ),
  );
  get('/explorer/:topic/:partition/:offset', async (c) =>
    messagePage(
      await ctx(c),
      data,
      param(c, 'topic'),
      required(intParam(param(c, 'partition'), 'partition'), 'partition'),
      required(intParam(param(c, 'offset'), 'offset'), 'offset'),
      c.req.query('as'),
    ),
  );
  app.get(`${base}/explorer/:topic/:partition/:offset/download`, async (c) => {
    let partition: number;
    let offset: number;
    try {
      partition = required(intParam(param(c, 'partition'), 'partition'), 'partition');
      offset = required(intParam(param(c, 'offset'), 'offset'), 'offset');
    } catch (error) {
      return c.text(`Bad request: ${(error as Error).message}`, 400);
    }
    const topic = param(c, 'topic');
    const [message] = await data.admin.readTopic(topic, partition, 1, offset);
    if (message === undefined || message.offset !== offset) return c.text('No such message', 404);
    const name = `${topic.replace(/[^A-Za-z0-9._-]/g, '_')}-${String(partition)}-${String(offset)}.bin`;
    return c.body(new Uint8Array(message.value ?? Buffer.alloc(0)), 200, {
      'content-type': 'application/octet-stream',
      'content-disposition': `attachment; filename="${name}"`,
    });
  });
  get('/dlq', async (c) => dlqPage(await ctx(c), data, options.dlqPattern));
  get('/dlq/:topic', async (c) => topicPage(await ctx(c), data, param(c, 'topic'), 'Dead letters'));
  get('/dlq/:topic/:partition', async (c) => {
    const context = await ctx(c);
    return partitionPage(
      context,
      data,
      param(c, 'topic'),
      required(intParam(param(c, 'partition'), 'partition'), 'partition'),
      { offset: intParam(c.req.query('offset'), 'offset'), at: timeParam(c.req.query('time')) },
      'Dead letters',
      sourceCells(context),
    );
  });
  get('/dlq/:topic/:partition/:offset', async (c) => {
    const context = await ctx(c);
    return messagePage(
      context,
      data,
      param(c, 'topic'),
      required(intParam(param(c, 'partition'), 'partition'), 'partition'),
      required(intParam(param(c, 'offset'), 'offset'), 'offset'),
      c.req.query('as'),
      'Dead letters',
      (message) => sourceBlock(context, message),
    );
  });
  get('/errors', async (c) => errorsPage(await ctx(c), data));
  get('/errors/:offset', async (c) =>
    errorPage(await ctx(c), data, required(intParam(param(c, 'offset'), 'offset'), 'offset')),
  );
  get('/cluster', async (c) => clusterPage(await ctx(c), data));
  get('/commands', async (c) => commandsPage(await ctx(c), data));
  get('/schedules', async (c) => schedulesPage(await ctx(c), data.app));
  get('/tasks', async (c) => tasksPage(await ctx(c), data.app));
  get('/status', async (c) => statusPage(await ctx(c), data));
}
