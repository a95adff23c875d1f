/**
 * The `karafka` command line. One file per command lives next to this one; this file only wires them.
 */
import { Command } from 'commander';
import { VERSION } from '../version.js';
import { registerInfoCommand } from './info-command.js';
import { registerInstallCommand } from './install-command.js';
import { silenceBuiltInLogger } from './log-level.js';
import { registerProduceCommand } from './produce-command.js';
import { registerSchedulesCommand } from './schedules-command.js';
import { registerServerCommand } from './server-command.js';
import { registerSwarmCommand } from './swarm-command.js';
import { registerTasksCommand } from './tasks-command.js';
import { registerTopicsCommand } from './topics-command.js';
import { registerWebCommand } from './web-command.js';

/** Commands that run the app and log; every other command prints for people, without log lines. */
const LOGGING_COMMANDS: ReadonlySet<string> = new Set(['server', 'swarm', 'swarm-node']);

/** Builds the `karafka` program (exported for tests, which run it without exiting the process). */
export function buildProgram(): Command {
  const program = new Command('karafka')
    .description('Kafka processing framework for TypeScript and Node.js')
    .version(VERSION, '-v, --version', 'print the karafka-ts version')
    .showHelpAfterError()
    .exitOverride()
    .hook('preAction', (_program, command) => {
      // `topics plan` and the like: the command run is a subcommand of `topics`; what counts is the top one.
      let top = command;
      while (top.parent !== null && top.parent !== program) top = top.parent;
      if (!LOGGING_COMMANDS.has(top.name())) silenceBuiltInLogger();
    });

  registerServerCommand(program);
  registerSwarmCommand(program);
  registerInfoCommand(program);
  registerInstallCommand(program);
  registerTopicsCommand(program);
  registerProduceCommand(program);
  registerWebCommand(program);
  registerSchedulesCommand(program);
  registerTasksCommand(program);

  return program;
}

/** Runs the CLI with `argv` (without the node and script entries); resolves with the exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'exitCode' in error && typeof error.exitCode === 'number') {
      return error.exitCode;
    }
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  }
}
