/**
 * `karafka server`: runs the app of the config file in this process until a signal stops it.
 */
import type { Command } from 'commander';
import { findConfigFile, loadApp } from '../app/load-app.js';
import type { LogLevel } from '../instrumentation/logger.js';
import { Server } from '../server/server.js';
import { parseLogLevel, useLogLevel } from './log-level.js';
import { type RouteFilterFlags, selectedSubscriptionGroups, selectionFrom, withRouteFilters } from './route-filters.js';

/** Options of `karafka server`. */
export type ServerFlags = RouteFilterFlags & {
  /** Config file (default: ./karafka.config.{ts,mts,mjs,js}). */
  config?: string;
  /** Level of the built-in logger (over the `logLevel` setting). */
  logLevel?: LogLevel;
};

/** Adds `--log-level` (server and swarm). */
export function withLogLevel(command: Command): Command {
  return command.option(
    '--log-level <level>',
    'level of the built-in logger, over the logLevel setting (fatal, error, warn, info, debug, trace, silent)',
    parseLogLevel,
  );
}

/** Registers `server` on `program`. */
export function registerServerCommand(program: Command): void {
  const command = program
    .command('server')
    .description('run the consumers of the config file until INT, TERM or QUIT (TSTP quiets, TTIN dumps)')
    .option('-c, --config <path>', 'config file (default: ./karafka.config.{ts,mts,mjs,js})');
  withRouteFilters(withLogLevel(command)).action(async (flags: ServerFlags) => {
    if (flags.logLevel !== undefined) useLogLevel(flags.logLevel);
    const file = findConfigFile(process.cwd(), flags.config);
    const app = await loadApp(file);
    const selection = selectionFrom(flags);
    // Bad filters stop here, before the server starts (and would log its stop).
    selectedSubscriptionGroups(app, selection, file);
    const server = new Server(app, { executionMode: 'standalone', selection });
    await server.run();
  });
}
