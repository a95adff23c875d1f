/**
 * The `karafka` command line. One file per command lives next to this one; this file only wires them.
 */
import { Command } from 'commander';
import { rdkafkaDrivers } from '../kafka/drivers.js';
import { VERSION } from '../version.js';

/** Builds the `karafka` program (exported for tests, which run it without exiting the process). */
export function buildProgram(): Command {
  const program = new Command('karafka')
    .description('Kafka processing framework for TypeScript and Node.js')
    .version(VERSION, '-v, --version', 'print the karafka-ts version')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('info')
    .description('print versions of karafka-ts, Node.js and the Kafka client')
    .action(() => {
      console.log(`karafka-ts ${VERSION}`);
      console.log(`Node.js ${process.version}`);
      console.log(`Kafka client: ${rdkafkaDrivers.description}`);
    });

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
