/**
 * Reports what one listener's Kafka client goes through, readably: an outage once when it begins (naming
 * `bootstrap.servers` and why), a reminder per interval and the recovery; missing topics by name with the way
 * to create them; every other client error once, then as one summary per interval with a count.
 */
import type { ListenerPayload } from '../instrumentation/events.js';
import type { Monitor } from '../instrumentation/monitor.js';
import type { ConsumerDriver } from '../kafka/consumer-driver.js';
import { type KafkaDriverError, KafkaErrorCodes } from '../kafka/driver-error.js';
import { BrokersUnreachableError } from '../kafka/health/brokers-unreachable-error.js';
import { ClientHealth } from '../kafka/health/client-health.js';
import { MissingTopicsError } from './missing-topics-error.js';

/** How long a metadata request for missing topics waits. */
const METADATA_TIMEOUT_MS = 5_000;
/** How often missing topics, client error summaries and outage reminders are reported at most. */
const REPORT_INTERVAL_MS = 30_000;

/** What a reporter needs. */
export interface ClientReporterOptions {
  readonly monitor: Monitor;
  readonly driver: ConsumerDriver;
  readonly payload: () => ListenerPayload;
  readonly bootstrapServers: string;
  /** The subscribed topics. */
  readonly topics: readonly string[];
  /** `topic.metadata.refresh.interval.ms` of the client: how soon a new topic is seen. */
  readonly metadataRefreshMs: number;
}

/** Error and outage reporting of one listener client. */
export class ClientReporter {
  readonly #options: ClientReporterOptions;
  readonly #health: ClientHealth;
  #missingCheck: Promise<void> | undefined;
  #missingReportedAt = -Infinity;

  /** @param options the client and where reports go */
  constructor(options: ClientReporterOptions) {
    this.#options = options;
    const { monitor, payload, bootstrapServers } = options;
    this.#health = new ClientHealth({
      bootstrapServers,
      probe: (timeoutMs) => options.driver.probe(timeoutMs),
      reportIntervalMs: REPORT_INTERVAL_MS,
      onError: ({ error, repeated, intervalMs }) =>
        monitor.instrument('error.occurred', {
          type: 'connection.client.error',
          error,
          ...payload(),
          ...(repeated > 0 ? { repeated, intervalMs } : {}),
        }),
      onUnreachable: (report) => {
        const listener = payload();
        monitor.instrument('connection.client.unreachable', { ...listener, ...report });
        monitor.instrument('error.occurred', {
          type: 'connection.client.unreachable',
          error: new BrokersUnreachableError(report, `consumer group ${listener.consumerGroup}`),
          ...listener,
          downMs: report.downMs,
        });
      },
      onReachable: (report) => monitor.instrument('connection.client.reachable', { ...payload(), ...report }),
    });
  }

  /** Since when no broker answers (ms since the epoch), or undefined. */
  get unreachableSince(): number | undefined {
    return this.#health.unreachableSince;
  }

  /** Checks at once that a broker answers. */
  start(): void {
    this.#health.start();
  }

  /** One error the client raised (outside any call, or a poll's topic-level error). */
  error(error: KafkaDriverError): void {
    if (error.code === KafkaErrorCodes.unknownTopicOrPartition || error.code === KafkaErrorCodes.unknownTopic) {
      this.#missingCheck ??= this.#checkMissingTopics(error).finally(() => {
        this.#missingCheck = undefined;
      });
      return;
    }
    this.#health.error(error);
  }

  /** The cluster answered (data fetched, a rebalance). */
  contact(): void {
    this.#health.contact();
  }

  /** Stops probing; resolves once no request of the reporter is in flight. */
  async stop(): Promise<void> {
    await this.#health.stop();
    await this.#missingCheck;
  }

  /** Names the subscribed topics that do not exist (once per interval). */
  async #checkMissingTopics(error: KafkaDriverError): Promise<void> {
    if (Date.now() - this.#missingReportedAt < REPORT_INTERVAL_MS) return;
    const { monitor, payload, driver, topics, metadataRefreshMs } = this.#options;
    let missing: string[];
    try {
      missing = await driver.missingTopics(topics, METADATA_TIMEOUT_MS);
    } catch {
      this.#health.error(error);
      return;
    }
    if (missing.length === 0) return;
    this.#missingReportedAt = Date.now();
    const listener = payload();
    monitor.instrument('connection.topics.missing', { ...listener, topics: missing });
    monitor.instrument('error.occurred', {
      type: 'connection.topics.missing',
      error: new MissingTopicsError(missing, listener.consumerGroup, metadataRefreshMs),
      ...listener,
      topics: missing,
    });
  }
}
