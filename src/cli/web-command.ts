/**
 * `karafka web [serve]|install|migrate|reset|uninstall`: the web UI's internal topics (idempotent, like
 * `karafka topics`) and the UI server. The topics and UI options come from the config file's
 * `enableWeb(app, options)` (the defaults when it does not call it); flags override where to serve.
 */
import type { Command } from 'commander';
import { Admin } from '../admin/admin.js';
import { findConfigFile, loadApp } from '../app/load-app.js';
import type { App } from '../app/app.js';
import { webOptionsOf } from '../web/enable-web.js';
import { resolveWebOptions } from '../web/options.js';
import { serveWeb } from '../web/ui/web-server.js';
import type { WebUiOptions } from '../web/ui/ui-options.js';
import { webTopics } from '../web/web-topics.js';
import { applyChanges, readExistingTopics } from './topics/cluster-topics.js';
import type { DeclaredTopic } from './topics/declared-topics.js';
import { planTopics } from './topics/plan.js';
import { changeLine, summaryLine, warningLine, type ReportedChange } from './topics/render.js';

/** What each topics subcommand does. */
const SUBCOMMANDS = {
  install: 'create the internal topics of the web UI that do not exist',
  migrate: 'create missing internal topics and align their configs',
  reset: 'delete the internal topics (state, history, commands, errors) and create them again',
  uninstall: 'delete the internal topics of the web UI',
} as const;

/** A `karafka web` topics subcommand. */
export type WebTopicsSubcommand = keyof typeof SUBCOMMANDS;

/** Options of `karafka web` subcommands. */
export interface WebFlags {
  readonly config?: string;
  readonly port?: string;
  readonly host?: string;
  readonly basePath?: string;
  readonly readOnly?: boolean;
}

type Print = (line: string) => void;

async function declared(app: App, admin: Admin): Promise<DeclaredTopic[]> {
  const options = webOptionsOf(app) ?? resolveWebOptions({});
  const brokers = (await admin.clusterInfo()).brokers.length;
  const replicationFactor = options.replicationFactor ?? Math.max(1, Math.min(3, brokers));
  return webTopics(options.topics, replicationFactor);
}

/** Runs a topics subcommand for the app of the config file; resolves with the number of changes made. */
export async function runWebTopicsCommand(
  subcommand: WebTopicsSubcommand,
  flags: WebFlags,
  print: Print = (line) => console.log(line),
): Promise<number> {
  const app = await loadApp(findConfigFile(process.cwd(), flags.config));
  const admin = new Admin({ kafka: app.settings.kafka, oauthBearerProvider: app.settings.oauthBearerProvider });
  try {
    const topics = await declared(app, admin);
    const existing = await readExistingTopics(admin, topics);
    const done: ReportedChange[] = [];
    if (subcommand === 'uninstall' || subcommand === 'reset') {
      for (const topic of topics) {
        if (!existing.has(topic.name)) continue;
        await admin.deleteTopic(topic.name);
        const change = { kind: 'delete', name: topic.name } as const;
        print(changeLine(change, 'done'));
        done.push(change);
      }
    }
    if (subcommand !== 'uninstall') {
      const plan = planTopics(topics, subcommand === 'reset' ? new Map() : existing);
      if (subcommand === 'migrate') for (const warning of plan.warnings) print(warningLine(warning));
      const changes = plan.changes.filter((c) => subcommand === 'migrate' || c.kind === 'create');
      await applyChanges(admin, changes, (change) => {
        print(changeLine(change, 'done'));
        done.push(change);
      });
    }
    print(summaryLine(done, 'done'));
    return done.length;
  } finally {
    await admin.close();
  }
}

function port(value: string | undefined): number {
  if (value === undefined) return 3000;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65_535) {
    throw new Error(`--port must be a port number from 0 to 65535 (got '${value}')`);
  }
  return parsed;
}

/** Serves the UI until SIGINT or SIGTERM. */
export async function runWebServeCommand(flags: WebFlags, print: Print = (line) => console.log(line)): Promise<void> {
  const app = await loadApp(findConfigFile(process.cwd(), flags.config));
  const configured: WebUiOptions = webUiOptionsOf(app);
  const server = await serveWeb(app, {
    ...configured,
    port: port(flags.port),
    ...(flags.host === undefined ? {} : { host: flags.host }),
    ...(flags.basePath === undefined ? {} : { basePath: flags.basePath }),
    ...(flags.readOnly === true ? { readOnly: true } : {}),
  });
  print(
    `karafka web UI on ${server.url}${flags.readOnly === true || configured.readOnly === true ? ' (read-only)' : ''}`,
  );
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
}

/** UI options given to `enableWeb(app, { ui })`. */
function webUiOptionsOf(app: App): WebUiOptions {
  return webOptionsOf(app)?.ui ?? {};
}

/** Registers `web` and its subcommands on `program`. */
export function registerWebCommand(program: Command): void {
  const web = program.command('web').description('the web UI: serve it, or manage its internal topics');
  web
    .command('serve', { isDefault: true })
    .description('serve the web UI (the default subcommand)')
    .option('-c, --config <path>', 'config file (default: ./karafka.config.{ts,mts,mjs,js})')
    .option('-p, --port <port>', 'port to listen on (default 3000)')
    .option('--host <host>', 'interface to listen on (default 127.0.0.1)')
    .option('--base-path <path>', 'path to serve the UI under (default /)')
    .option('--read-only', 'hide and refuse every action')
    .action(async (flags: WebFlags) => runWebServeCommand(flags));
  for (const [name, description] of Object.entries(SUBCOMMANDS) as [WebTopicsSubcommand, string][]) {
    web
      .command(name)
      .description(description)
      .option('-c, --config <path>', 'config file (default: ./karafka.config.{ts,mts,mjs,js})')
      .action(async (flags: WebFlags) => {
        await runWebTopicsCommand(name, flags);
      });
  }
}
