/**
 * Reporting of one server to the web UI: every `trackingInterval` (and at once when the app changes state)
 * a report goes to the reports topic, and every `error.occurred` to the errors topic, through a
 * fire-and-forget producer: nothing waits for a broker, and a report that cannot be queued is dropped.
 */
import type { Server } from '../../server/server.js';
import type { ResolvedWebOptions } from '../options.js';
import type { ProcessReport } from '../report.js';
import type { FireAndForgetProducer } from '../web-clients.js';
import { Activity } from './activity.js';
import { errorReport } from './error-report.js';
import { PartitionStatistics } from './partition-statistics.js';
import { ReportBuilder } from './report-builder.js';

/** At most this many errors are sent per tracking interval; the rest are counted, not sent. */
const MAX_ERRORS_PER_INTERVAL = 100;

/** Reports one server. */
export class Reporter {
  readonly #server: Server;
  readonly #options: ResolvedWebOptions;
  readonly #producer: FireAndForgetProducer;
  readonly #statistics = new PartitionStatistics();
  readonly #activity = new Activity();
  readonly #builder: ReportBuilder;
  readonly #subscriptions: (() => void)[] = [];
  #timer: NodeJS.Timeout | undefined;
  #errorsThisInterval = 0;
  /** Reports sent so far. */
  sent = 0;

  /** @param server the server reported on; @param producer where reports and errors go */
  constructor(server: Server, options: ResolvedWebOptions, producer: FireAndForgetProducer) {
    this.#server = server;
    this.#options = options;
    this.#producer = producer;
    this.#builder = new ReportBuilder(server, this.#statistics, this.#activity);
  }

  /** This process's id in reports (`hostname:pid:server`). */
  get processId(): string {
    return this.#builder.id;
  }

  /** Starts listening to the app's events and reporting. */
  start(): void {
    const monitor = this.#server.app.monitor;
    this.#subscriptions.push(
      this.#statistics.attach(monitor),
      this.#activity.attach(monitor),
      monitor.subscribe('error.occurred', (payload) => this.#sendError(payload)),
      monitor.subscribeAll((event) => {
        // A new app state shows at once (quiet, stopping...), not at the next interval.
        if (event.startsWith('app.') && event !== 'app.stopping.waiting' && event !== 'app.terminated') this.report();
      }),
    );
    this.#timer = setInterval(() => this.report(), this.#options.trackingInterval).unref();
  }

  /** Builds and sends a report now. */
  report(): ProcessReport {
    this.#errorsThisInterval = 0;
    const report = this.#builder.build();
    if (
      this.#producer.send({
        topic: this.#options.topics.reports,
        key: report.id,
        value: Buffer.from(JSON.stringify(report)),
      })
    ) {
      this.sent += 1;
    }
    return report;
  }

  /** Stops reporting after a last report (the app's final state). */
  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    for (const unsubscribe of this.#subscriptions.splice(0)) unsubscribe();
    this.report();
  }

  #sendError(payload: Parameters<typeof errorReport>[0]): void {
    if (this.#errorsThisInterval >= MAX_ERRORS_PER_INTERVAL) return;
    this.#errorsThisInterval += 1;
    const report = errorReport(payload, this.#builder.id, this.#server.app.settings.clientId);
    this.#producer.send({
      topic: this.#options.topics.errors,
      key: report.processId,
      value: Buffer.from(JSON.stringify(report)),
    });
  }
}
