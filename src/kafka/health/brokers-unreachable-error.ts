/**
 * The error reported while no broker can be reached: it names the addresses, how long it lasted and why.
 */
import type { UnreachableReport } from './broker-reachability.js';

/** No broker of `bootstrap.servers` answers; the client keeps retrying. */
export class BrokersUnreachableError extends Error {
  /** The addresses the client starts from. */
  readonly bootstrapServers: string;
  /** How long no broker answered, in ms. */
  readonly downMs: number;
  /** The last connection failure, as the client described it. */
  readonly reason: string;

  /** @param report the outage; @param client which client (e.g. `consumer of group orders`) */
  constructor(report: UnreachableReport, client: string) {
    const seconds = Math.round(report.downMs / 1000);
    // A refused connection (TLS or SASL) carries its own advice in the reason: the brokers are not down.
    const refused = report.advice !== undefined;
    super(
      report.first
        ? refused
          ? `No Kafka broker of bootstrap.servers ${report.bootstrapServers} accepts the connection (${client}): ` +
            `${report.reason} Retrying.`
          : `Cannot reach any Kafka broker of bootstrap.servers ${report.bootstrapServers} (${client}): ` +
            `${report.reason}. Retrying until one answers: check bootstrap.servers and that Kafka is running.`
        : `Still no Kafka broker ${refused ? 'accepts the connection' : 'reachable'} at bootstrap.servers ` +
            `${report.bootstrapServers} (${client}) after ${String(seconds)} s, ${String(report.failures)} failed ` +
            `attempts since the last report: ${report.reason}`,
    );
    this.name = 'BrokersUnreachableError';
    this.bootstrapServers = report.bootstrapServers;
    this.downMs = report.downMs;
    this.reason = report.reason;
  }
}
