/**
 * `npm run kafka:start [-- --nodes 3] [--fresh]`, `npm run kafka:stop`, `npm run kafka:status [-- --nodes 3]`,
 * `npm run kafka:jars`.
 */
import { parseArgs } from 'node:util';
import { kafkaStatus, startKafka, stopKafka } from './cluster.js';
import { ensureJars } from './jars.js';
import { KAFKA_VERSION } from './settings.js';

const usage = `Usage: tsx tools/kafka/cli.ts <start|stop|status|jars> [--nodes 1|3] [--fresh]

  start    start a local KRaft Kafka ${KAFKA_VERSION} (single node on KAFKA_PORT, default 9092; or
           three nodes from KAFKA_CLUSTER_PORT, default 19092) and wait until it serves requests. The
           single node also serves secured listeners on the next ports: SSL with client certificates
           (KAFKA_PORT+2), SASL_SSL with PLAIN and SCRAM (+3), SASL_SSL with OAUTHBEARER (+4) and SSL with
           a certificate for another host name (+5); its CA, client certificate and SASL user are
           generated on first use into .kafka/run/single/secrets/
  stop     stop every local Kafka node (SIGTERM, then SIGKILL after 20 s)
  status   say whether Kafka runs, its address, its listeners and its log file
  jars     only fetch the Kafka jars from Maven into the cache folder`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { nodes: { type: 'string', default: '1' }, fresh: { type: 'boolean', default: false } },
  });
  const command = positionals[0];
  if (positionals.length !== 1) {
    console.error(usage);
    return 1;
  }
  if (values.nodes !== '1' && values.nodes !== '3') {
    console.error(`--nodes must be 1 or 3, not '${values.nodes}'`);
    return 1;
  }
  const nodes = values.nodes === '3' ? 3 : 1;
  switch (command) {
    case 'start':
      await startKafka(nodes, { fresh: values.fresh });
      return 0;
    case 'stop':
      await stopKafka();
      return 0;
    case 'status': {
      const statuses = kafkaStatus(nodes);
      for (const s of statuses) {
        const state = s.running ? `running (pid ${String(s.pid)})` : 'not running';
        console.log(`node ${String(s.id)}: ${state}, address ${s.address}, log ${s.log}`);
        if (s.listeners.length > 1) console.log(`  listeners: ${s.listeners.join(', ')}`);
        if (s.secrets !== undefined) console.log(`  CA file, client certificate and credentials: ${s.secrets}`);
      }
      return statuses.every((s) => s.running) ? 0 : 3;
    }
    case 'jars':
      ensureJars();
      return 0;
    default:
      console.error(`Unknown command '${String(command)}'.\n${usage}`);
      return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
