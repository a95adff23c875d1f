/**
 * Runs this process as swarm node N: reports to the supervisor from the first moment, loads the app from the
 * config file like `karafka server` does, and runs it in `swarm` execution mode with the node's own static
 * membership id. When the supervisor dies, the node stops gracefully and exits with code 3.
 */
import { findConfigFile, loadApp } from '../app/load-app.js';
import { processContext } from '../instrumentation/process-context.js';
import { Server, type ServerOptions } from '../server/server.js';
import { ORPHANED_EXIT_CODE, SwarmNode } from './node.js';
import { withNodeInstanceId } from './static-membership.js';

/** What a node needs to know (the supervisor passes it on the command line). */
export interface SwarmNodeOptions {
  /** The config file (the supervisor's, resolved). */
  readonly configFile: string;
  /** 1..`swarm.nodes`. */
  readonly nodeNumber: number;
  /** How often to report, in ms (the supervisor's `swarm.livenessInterval`). */
  readonly livenessInterval: number;
  /** Which routes to run. */
  readonly selection?: ServerOptions['selection'];
  /** How the process exits (default `process.exit`). */
  readonly exit?: (code: number) => void;
}

/** Extra time an orphaned node gives its own stop (beyond shutdownTimeout and forcefulShutdownWait), in ms. */
const ORPHAN_BACKSTOP_MARGIN_MS = 2_000;

/** Runs the node until its app terminates; exits with 3 if the supervisor died meanwhile. */
export async function runSwarmNode(options: SwarmNodeOptions): Promise<void> {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  processContext.setTag('mode', 'swarm');
  processContext.setTag('node', options.nodeNumber);
  // Filled in once the app is loaded; an orphan before that exits at once.
  const running: { server?: Server; stopBound?: number } = {};
  const node = new SwarmNode(options.nodeNumber, options.livenessInterval);
  node.start(() => {
    if (running.server === undefined || running.stopBound === undefined) {
      exit(ORPHANED_EXIT_CODE);
      return;
    }
    // Leave the group cleanly if possible; never outlive the supervisor by more than a bounded stop.
    setTimeout(() => exit(ORPHANED_EXIT_CODE), running.stopBound).unref();
    void running.server.stop();
  });

  const app = await loadApp(findConfigFile(process.cwd(), options.configFile));
  node.attach(app);
  const server = new Server(app, {
    executionMode: 'swarm',
    ...(options.selection === undefined ? {} : { selection: options.selection }),
    consumerSettings: (client) => withNodeInstanceId(client, options.nodeNumber),
    swarmNode: options.nodeNumber,
    exit: (code) => exit(node.orphaned ? ORPHANED_EXIT_CODE : code),
  });
  running.server = server;
  running.stopBound = app.settings.shutdownTimeout + app.settings.forcefulShutdownWait + ORPHAN_BACKSTOP_MARGIN_MS;
  if (node.orphaned) {
    exit(ORPHANED_EXIT_CODE);
    return;
  }
  try {
    await server.run();
  } finally {
    node.close();
  }
  if (node.orphaned) exit(ORPHANED_EXIT_CODE);
}
