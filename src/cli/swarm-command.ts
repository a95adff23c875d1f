/**
 * `karafka swarm`: a supervisor that runs `swarm.nodes` node processes of the config file, each one a
 * `karafka swarm-node` (hidden) started with `child_process.fork` of this CLI, so every node loads the same
 * config itself. Route filters work as for `karafka server` and are passed on to every node.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { findConfigFile, loadApp } from '../app/load-app.js';
import { runSwarmNode } from '../swarm/node-runner.js';
import { Supervisor } from '../swarm/supervisor.js';
import { useLogLevel } from './log-level.js';
import { filterArguments, selectedSubscriptionGroups, selectionFrom, withRouteFilters } from './route-filters.js';
import { type ServerFlags, withLogLevel } from './server-command.js';

type Flags = ServerFlags;

/** The `karafka` executable (it raises the libuv pool before any module loads, for nodes too). */
const CLI_ENTRY = fileURLToPath(new URL('../../bin/karafka.cjs', import.meta.url));

function positiveInteger(option: string): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`${option} takes a positive integer, got '${value}'`);
    return parsed;
  };
}

/** Registers `swarm` and the hidden `swarm-node` on `program`. */
export function registerSwarmCommand(program: Command): void {
  const swarm = program
    .command('swarm')
    .description(
      'run swarm.nodes processes of the config file under a supervisor that restarts them ' +
        '(INT, TERM, QUIT stop; TSTP quiets; TTIN dumps every node)',
    )
    .option('-c, --config <path>', 'config file (default: ./karafka.config.{ts,mts,mjs,js})');
  withRouteFilters(withLogLevel(swarm)).action(async (flags: Flags) => {
    // Nodes inherit the variable, so they log at this level too.
    if (flags.logLevel !== undefined) useLogLevel(flags.logLevel);
    const configFile = findConfigFile(process.cwd(), flags.config);
    const app = await loadApp(configFile);
    const selection = selectionFrom(flags);
    // Refuse bad filters or an empty selection here, once, rather than in every node over and over.
    selectedSubscriptionGroups(app, selection, configFile);
    const nodeArguments = (nodeNumber: number): string[] => [
      'swarm-node',
      '--node',
      String(nodeNumber),
      '--liveness-interval',
      String(app.settings.swarm.livenessInterval),
      '--config',
      configFile,
      ...filterArguments(selection),
    ];
    const supervisor = new Supervisor(app, {
      launch: (nodeNumber) =>
        fork(CLI_ENTRY, nodeArguments(nodeNumber), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
    });
    await supervisor.run();
  });

  const node = program
    .command('swarm-node', { hidden: true })
    .description('one node of `karafka swarm` (started by the supervisor)')
    .requiredOption('--node <number>', 'node number', positiveInteger('--node'))
    .requiredOption('--liveness-interval <ms>', 'report period', positiveInteger('--liveness-interval'))
    .option('-c, --config <path>', 'config file');
  withRouteFilters(node).action(async (flags: Flags & { node: number; livenessInterval: number }) => {
    await runSwarmNode({
      configFile: findConfigFile(process.cwd(), flags.config),
      nodeNumber: flags.node,
      livenessInterval: flags.livenessInterval,
      selection: selectionFrom(flags),
    });
  });
}
