/**
 * The app: validated settings, routes, the monitor, the logger and the lifecycle status. A user's
 * `karafka.config.ts` builds one and exports it:
 *
 * ```ts
 * import { App } from 'karafka-ts';
 * import { EventsConsumer } from './consumers/events-consumer.js';
 *
 * const app = new App({ clientId: 'shop', kafka: { 'bootstrap.servers': '127.0.0.1:9092' } });
 * app.routes.draw((r) => r.topic('events', { consumer: EventsConsumer }));
 * export default app;
 * ```
 */
import { type Settings, type SettingsInput, parseSettings } from '../config/settings.js';
import { type Logger, createLogger, effectiveLogFormat, effectiveLogLevel } from '../instrumentation/logger.js';
import { LoggerListener } from '../instrumentation/logger-listener.js';
import { Monitor } from '../instrumentation/monitor.js';
import { type KafkaDrivers, rdkafkaDrivers } from '../kafka/drivers.js';
import { withOAuthBearer } from '../kafka/oauth-bearer-drivers.js';
import { Producer } from '../producer/producer.js';
import { TransactionalProducerPool } from '../producer/transactional-producer-pool.js';
import { Routes } from '../routing/routes.js';
import { AppStatus } from './app-status.js';

/** Ways to build an app beyond its settings (mostly for tests). */
export interface AppOptions {
  /** Kafka drivers to use (default: librdkafka). Tests of pure logic pass an in-memory fake. */
  readonly drivers?: KafkaDrivers;
  /** Whether the built-in logger listener logs the lifecycle (default true). */
  readonly logLifecycle?: boolean;
  /**
   * The app's producer (e.g. a transactional one: `new Producer({ kafka: { ..., 'transactional.id': 'x' } })`).
   * Its events are relayed to the app's monitor (and so to the app's logger). Default: one built on first use
   * from the app's `kafka` settings, reporting to the app's monitor. For a transactional producer per
   * partition, use the `transactionalProducers` setting instead (docs/transactions.md).
   */
  readonly producer?: Producer;
}

/** A karafka-ts application. */
export class App {
  /** Validated settings, defaults applied. */
  readonly settings: Settings;
  /** The routing table: `app.routes.draw((r) => ...)`. */
  readonly routes: Routes;
  /** Where every event is published. */
  readonly monitor = new Monitor();
  /**
   * The app's logger: the `logger` setting, or pino at `KARAFKA_LOG_LEVEL` (else `logLevel`) writing
   * `KARAFKA_LOG_FORMAT` (else `logFormat`) lines.
   */
  readonly logger: Logger;
  /** Lifecycle state, forward only. */
  readonly status: AppStatus;
  /** Kafka drivers the app's clients are made with. */
  readonly drivers: KafkaDrivers;
  #producer: Producer | undefined;
  #transactionalProducers: TransactionalProducerPool | undefined;

  /** Validates `settings` (throws a `ConfigurationError` naming each bad key) and builds the app. */
  constructor(settings: SettingsInput = {}, options: AppOptions = {}) {
    this.status = new AppStatus(this.monitor);
    this.settings = parseSettings(settings);
    this.logger =
      this.settings.logger ??
      createLogger(
        this.settings.clientId,
        effectiveLogLevel(this.settings.logLevel),
        effectiveLogFormat(this.settings.logFormat),
      );
    if (options.logLifecycle ?? true) new LoggerListener(this.logger).attach(this.monitor);
    this.drivers = withOAuthBearer(options.drivers ?? rdkafkaDrivers, this.settings.oauthBearerProvider);
    this.#producer = options.producer;
    if (this.#producer !== undefined && this.#producer.monitor !== this.monitor) {
      this.#producer.monitor.relayTo(this.monitor);
    }
    this.routes = new Routes(() => this.settings);
    this.status.transition('initialized');
  }

  /** The app's producer (consumers reach it as `this.producer`); built on first use, connected lazily. */
  get producer(): Producer {
    this.#producer ??= new Producer({
      kafka: this.settings.kafka,
      id: `${this.settings.clientId}-producer`,
      monitor: this.monitor,
      drivers: this.drivers,
    });
    return this.#producer;
  }

  /**
   * Replaces the app's producer from now on (`undefined`: the default one, built on first use); returns the one
   * it replaces, if one was given or built. The testing toolkit installs an in-memory producer this way.
   */
  useProducer(producer: Producer | undefined): Producer | undefined {
    const previous = this.#producer;
    this.#producer = producer;
    return previous;
  }

  /**
   * The transactional producers per partition (setting `transactionalProducers`), or `undefined` when not
   * set. Each reports to the app's monitor and runs the app producer's middleware (`app.producer.middleware`,
   * tracing's included) before its own; consumers reach their partition's one as `this.producer`.
   */
  get transactionalProducers(): TransactionalProducerPool | undefined {
    const pool = this.settings.transactionalProducers;
    if (pool === undefined) return undefined;
    this.#transactionalProducers ??= new TransactionalProducerPool({
      idPrefix: pool.idPrefix,
      maxProducers: pool.maxProducers,
      create: (transactionalId) =>
        new Producer({
          kafka: { ...this.settings.kafka, ...pool.kafka, 'transactional.id': transactionalId },
          id: transactionalId,
          monitor: this.monitor,
          drivers: this.drivers,
          // The app producer's chain as it is when each message is sent (middleware added later applies too).
          middleware: [(message) => this.#producer?.middleware.run(message) ?? message],
        }),
      onCloseError: (error, transactionalId) =>
        this.monitor.instrument('error.occurred', {
          type: 'producer.close.error',
          error,
          producerId: transactionalId,
        }),
    });
    return this.#transactionalProducers;
  }

  /** Closes the producer and the transactional producers, those that were built (the server does it last). */
  async closeProducer(): Promise<void> {
    await Promise.all([this.#producer?.close(), this.#transactionalProducers?.close()]);
  }
}
