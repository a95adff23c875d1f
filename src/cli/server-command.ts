/**
 * `karafka server`: runs the app of the config file in this process until a signal stops it.
 */
import type { Command } from 'commander';
import { findConfigFile, loadApp } from '../app/load-app.js';
import type { RouteSelection } from '../routing/routes.js';
import { Server } from '../server/server.js';
import { collectNames } from './list-option.js';

interface ServerFlags {
  config?: string;
  consumerGroups?: string[];
  subscriptionGroups?: string[];
  topics?: string[];
  excludeConsumerGroups?: string[];
  excludeSubscriptionGroups?: string[];
  excludeTopics?: string[];
}

/** Adds the route filter options shared by `server` and `swarm`. */
export function withRouteFilters(command: Command): Command {
  return command
    .option(
      '--consumer-groups <names>',
      'run only these consumer groups (comma-separated)',
      collectNames('--consumer-groups'),
    )
    .option(
      '--subscription-groups <names>',
      'run only these subscription groups',
      collectNames('--subscription-groups'),
    )
    .option('--topics <names>', 'run only these topics', collectNames('--topics'))
    .option(
      '--exclude-consumer-groups <names>',
      'skip these consumer groups',
      collectNames('--exclude-consumer-groups'),
    )
    .option(
      '--exclude-subscription-groups <names>',
      'skip these subscription groups',
      collectNames('--exclude-subscription-groups'),
    )
    .option('--exclude-topics <names>', 'skip these topics', collectNames('--exclude-topics'));
}

/** The route selection the flags describe. */
export function selectionFrom(flags: ServerFlags): RouteSelection {
  return {
    ...(flags.consumerGroups ? { consumerGroups: flags.consumerGroups } : {}),
    ...(flags.subscriptionGroups ? { subscriptionGroups: flags.subscriptionGroups } : {}),
    ...(flags.topics ? { topics: flags.topics } : {}),
    ...(flags.excludeConsumerGroups ? { excludeConsumerGroups: flags.excludeConsumerGroups } : {}),
    ...(flags.excludeSubscriptionGroups ? { excludeSubscriptionGroups: flags.excludeSubscriptionGroups } : {}),
    ...(flags.excludeTopics ? { excludeTopics: flags.excludeTopics } : {}),
  };
}

/** Registers `server` on `program`. */
export function registerServerCommand(program: Command): void {
  const command = program
    .command('server')
    .description('run the consumers of the config file until INT, TERM or QUIT (TSTP quiets, TTIN dumps)')
    .option('-c, --config <path>', 'config file (default: ./karafka.config.{ts,mts,mjs,js})');
  withRouteFilters(command).action(async (flags: ServerFlags) => {
    const app = await loadApp(findConfigFile(process.cwd(), flags.config));
    const server = new Server(app, { executionMode: 'standalone', selection: selectionFrom(flags) });
    await server.run();
  });
}
