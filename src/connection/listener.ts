/**
 * A listener: one Kafka connection for one subscription group, and its fetch loop.
 *
 * Loop: poll a batch (up to the group's `maxMessages`, waiting at most `maxWaitTime`) -> hand messages to
 * their partitions -> partitions with nothing in flight get a job at once. The loop never waits for jobs, so
 * a slow partition does not hold up the others; per-partition buffers are bounded (see PartitionScheduler).
 * A fetch-loop error is reported, the client is recreated after `listenerResetBackoff`, and the loop goes on.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Settings } from '../config/settings.js';
import type { Logger } from '../instrumentation/logger.js';
import type { WorkersControl } from '../consumer/consumer-context.js';
import type { ListenerPayload } from '../instrumentation/events.js';
import type { Monitor } from '../instrumentation/monitor.js';
import { StatisticsDecorator } from '../instrumentation/statistics-decorator.js';
import type { ConsumerDriver } from '../kafka/consumer-driver.js';
import type { KafkaDrivers } from '../kafka/drivers.js';
import { countOfRuns, runsOfPoll } from '../kafka/fetched-runs.js';
import type { JobsQueue } from '../processing/jobs-queue.js';
import type { PartitionCoordinator } from '../processing/partition-coordinator.js';
import type { Producer } from '../producer/producer.js';
import { PartitionScheduler } from '../processing/partition-scheduler.js';
import type { SwarmNodePosition } from '../routing/direct-assignment-feature.js';
import type { SubscriptionGroup } from '../routing/subscription-group.js';
import { ForwardStateMachine } from '../state-machine.js';
import { ClientReporter } from './client-reporter.js';
import { directAssignmentOf } from './direct-assignment.js';
import { PartitionCommands } from './partition-commands.js';
import { RebalanceHandler } from './rebalance-handler.js';
import { PollSizer } from './poll-sizer.js';

/** Listener states, in order. */
export const LISTENER_STATES = ['pending', 'starting', 'running', 'quieting', 'quiet', 'stopping', 'stopped'] as const;

/** A listener state. */
export type ListenerState = (typeof LISTENER_STATES)[number];

/** What a listener needs. */
export interface ListenerOptions {
  readonly subscriptionGroup: SubscriptionGroup;
  readonly settings: Settings;
  readonly drivers: KafkaDrivers;
  readonly monitor: Monitor;
  readonly logger: Logger;
  readonly jobsQueue: JobsQueue;
  readonly workers: WorkersControl;
  /** The app's producer (built on first use). */
  readonly producer: () => Producer;
  /** A partition's transactional producer, when the app has them (setting `transactionalProducers`). */
  readonly transactionalProducer?: ((coordinator: PartitionCoordinator) => Producer) | undefined;
  /** Called when a consumer threw a critical error: the server stops. */
  readonly onCriticalError: (error: unknown) => void;
  /** This process's place in a swarm (directly assigned partitions are shared out by it); undefined outside one. */
  readonly swarmNode?: SwarmNodePosition;
}

/** What `dump()` reports about a listener. */
export interface ListenerDump {
  readonly id: string;
  readonly state: ListenerState;
  readonly partitions: readonly {
    readonly partition: string;
    readonly buffered: number;
    readonly job: string | undefined;
    readonly revoked: boolean;
    readonly fetchPaused: boolean;
    /** Paused (by the consumer, a strategy or a command); `heldUntil` says until when. */
    readonly paused: boolean;
    /** No job starts before this time (ms since the epoch; 0: not held; Infinity: until resumed). */
    readonly heldUntil: number;
  }[];
}

let sequence = 0;

/** Longest wait of one poll, in ms (a lower `maxWaitTime` shortens it further). */
const POLL_SLICE_MS = 100;

/** One connection, one fetch loop. */
export class Listener {
  readonly id: string;
  readonly subscriptionGroup: SubscriptionGroup;
  readonly #options: ListenerOptions;
  readonly #state: ForwardStateMachine<ListenerState>;
  readonly #scheduler: PartitionScheduler;
  readonly #rebalances: RebalanceHandler;
  #driver: ConsumerDriver | undefined;
  /** Reports the current client's errors and outages. */
  #reporter: ClientReporter | undefined;
  #loop: Promise<void> | undefined;
  #starting: Promise<void> | undefined;
  #quieting: Promise<void> | undefined;
  #stopping: Promise<void> | undefined;
  #pausedWhileQuiet = false;
  /** librdkafka's `max.poll.interval.ms` of this connection (its default: 300 000). */
  readonly #maxPollInterval: number;
  readonly #statistics = new StatisticsDecorator();
  readonly #pollSizer: PollSizer;
  /** Pause, resume and seek commands from outside (the web UI), carried out between two polls. */
  readonly #commands: PartitionCommands;

  /** @param options the subscription group and shared services */
  constructor(options: ListenerOptions) {
    sequence += 1;
    this.#options = options;
    this.subscriptionGroup = options.subscriptionGroup;
    this.id = `${options.subscriptionGroup.id}#${String(sequence)}`;
    const maxPollInterval = Number(
      options.subscriptionGroup.kafkaSettings(options.settings.clientId)['max.poll.interval.ms'],
    );
    this.#maxPollInterval = Number.isFinite(maxPollInterval) && maxPollInterval > 0 ? maxPollInterval : 300_000;
    this.#state = new ForwardStateMachine(LISTENER_STATES, (state) =>
      options.monitor.instrument(`connection.listener.${state}`, this.#payload()),
    );
    this.#pollSizer = new PollSizer(options.subscriptionGroup.maxMessages);
    this.#scheduler = new PartitionScheduler({ ...options, driver: () => this.#driver });
    this.#commands = new PartitionCommands(this.#scheduler, () => {
      const reset = options.subscriptionGroup.kafkaSettings(options.settings.clientId)['auto.offset.reset'];
      return ['earliest', 'smallest', 'beginning'].includes(String(reset)) ? 'earliest' : 'latest';
    });
    this.#rebalances = new RebalanceHandler({
      scheduler: this.#scheduler,
      monitor: options.monitor,
      subscriptionGroup: options.subscriptionGroup,
      driver: () => this.#driver,
      runHooks: () => this.#state.is('running'),
      onAssigned: () => {
        this.#pausedWhileQuiet = false;
      },
    });
    options.monitor.instrument('connection.listener.pending', this.#payload());
  }

  /** The current state. */
  get state(): ListenerState {
    return this.#state.current;
  }

  /** True once stopped. */
  get stopped(): boolean {
    return this.#state.is('stopped');
  }

  /** Resolves once the listener stopped. */
  whenStopped(): Promise<void> {
    return this.#state.waitFor('stopped');
  }

  /** Connects, subscribes and starts the fetch loop; resolves when running. */
  start(): Promise<void> {
    this.#starting ??= this.#start();
    return this.#starting;
  }

  async #start(): Promise<void> {
    this.#state.transition('starting');
    this.#driver = await this.#connect();
    this.#state.transition('running');
    this.#loop = this.#fetchLoop();
  }

  /** Stops taking work, lets running jobs finish, runs `shutdown()` hooks; stays in the group. */
  quiet(): Promise<void> {
    this.#quieting ??= this.#quiet();
    return this.#quieting;
  }

  async #quiet(): Promise<void> {
    await this.#starting?.catch(() => undefined);
    if (!this.#state.is('running')) return;
    this.#state.transition('quieting');
    this.#commands.cancelAll();
    this.#scheduler.stopAcceptingWork();
    this.#pauseAll();
    await this.#scheduler.runLifecycle('shutdown', this.#scheduler.coordinators);
    this.#state.transition('quiet');
  }

  /** Quiets (if not yet), stops the fetch loop, commits and leaves the group. Safe to call again. */
  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    await this.quiet();
    this.#state.transition('stopping');
    await this.#loop;
    await this.#reporter?.stop();
    await this.#driver?.close().catch((error: unknown) => this.#report('connection.client.close.error', error));
    this.#state.transition('stopped');
  }

  /** Forceful path: abandons waits and closes the client without committing, bounded by the caller. */
  async terminate(): Promise<void> {
    this.#rebalances.abandonWaits();
    this.#state.transition('stopping');
    await this.#reporter?.stop();
    await this.#driver?.forceClose().catch((error: unknown) => this.#report('connection.client.close.error', error));
    this.#state.transition('stopped');
  }

  /** State, partitions, buffers and jobs, for the TTIN dump and forceful-shutdown reports. */
  dump(): ListenerDump {
    return {
      id: this.id,
      state: this.state,
      partitions: this.#scheduler.coordinators.map((c) => ({
        partition: c.id,
        buffered: c.bufferedMessages,
        job: c.job?.description,
        revoked: !c.isOwned,
        fetchPaused: c.fetchPaused,
        paused: c.paused,
        heldUntil: c.heldUntil,
      })),
    };
  }

  /** True while this listener's member owns `topic`/`partition`. */
  owns(topic: string, partition: number): boolean {
    return this.#scheduler.get(topic, partition)?.isOwned === true;
  }

  /**
   * Partition commands from outside (the web UI), carried out between two polls (see `PartitionCommands`);
   * each resolves false when the partition is not owned here or the listener does not run.
   */
  get commands(): Pick<PartitionCommands, 'apply' | 'pause' | 'resume' | 'seek'> {
    return this.#commands;
  }

  async #connect(): Promise<ConsumerDriver> {
    const { subscriptionGroup: sg, settings, drivers, monitor } = this.#options;
    const kafka = sg.kafkaSettings(settings.clientId);
    // The driver reports to the reporter, which probes through the driver: the driver's callbacks run only
    // once it is connected, after both exist.
    const driver = drivers.consumer({
      settings: kafka,
      onRebalance: (event) => {
        reporter.contact();
        return this.#rebalances.handle(event);
      },
      onError: (error) => reporter.error(error),
      onStatistics: (statistics) => {
        this.#scheduler.statisticsEmitted(statistics);
        monitor.instrument('statistics.emitted', {
          consumerGroup: sg.consumerGroup,
          subscriptionGroup: sg.name,
          clientName: this.id,
          statistics: this.#statistics.decorate(statistics),
        });
      },
    });
    const reporter = new ClientReporter({
      monitor,
      driver,
      payload: () => this.#payload(),
      bootstrapServers: String(kafka['bootstrap.servers'] ?? ''),
      topics: sg.namedTopics,
      metadataRefreshMs: Number(kafka['topic.metadata.refresh.interval.ms'] ?? 300_000),
    });
    await driver.connect();
    if (sg.directlyAssigned) await this.#assignDirectly(driver);
    else driver.subscribe(sg.subscriptions);
    this.#reporter = reporter;
    reporter.start();
    return driver;
  }

  /**
   * Directly assigned partitions: no group, no rebalance events. Each starts from the group's committed offset
   * (else the initial offset); the partitions stay this listener's until it closes (commit, then unassign).
   */
  async #assignDirectly(driver: ConsumerDriver): Promise<void> {
    const { subscriptionGroup: sg, swarmNode } = this.#options;
    let partitions;
    try {
      partitions = await directAssignmentOf(sg, driver, swarmNode);
    } catch (error) {
      await driver.forceClose().catch(() => undefined);
      throw error;
    }
    this.#scheduler.assign(partitions);
    this.#pausedWhileQuiet = false;
    driver.assign(partitions.map((p) => ({ ...p, offset: -1001 })));
  }

  async #fetchLoop(): Promise<void> {
    const { monitor } = this.#options;
    monitor.instrument('connection.listener.before_fetch_loop', this.#payload());
    while (this.#state.is('running', 'quieting', 'quiet')) {
      const driver = this.#driver;
      if (driver === undefined) break;
      try {
        if (!this.#scheduler.acceptingWork) this.#pauseAll();
        else if (await this.#overdue()) continue;
        else {
          await this.#commands.runQueued(driver);
          await this.#applySeeks(driver);
        }
        monitor.instrument('connection.listener.fetch_loop', this.#payload());
        const started = performance.now();
        const result = await driver.poll(this.#pollSizer.size, this.#pollTimeout());
        const time = performance.now() - started;
        const runs = runsOfPoll(result);
        const count = countOfRuns(runs);
        this.#pollSizer.record(count, time, this.#scheduler.bufferedMessages);
        monitor.instrument('connection.listener.fetch_loop.received', { ...this.#payload(), messages: count, time });
        if (count > 0) this.#reporter?.contact();
        this.#scheduler.distribute(runs);
        for (const eof of result.eofs) {
          const coordinator = this.#scheduler.get(eof.topic, eof.partition);
          if (coordinator !== undefined) this.#scheduler.eof(coordinator, eof.offset);
        }
      } catch (error) {
        if (!this.#state.is('running', 'quieting', 'quiet')) break;
        this.#report('connection.listener.fetch_loop.error', error);
        await this.#reset();
      }
    }
  }

  /**
   * How long one poll may wait for its first message. A poll cannot be interrupted and the client cannot close
   * while one runs, so waits are cut into short slices: a stop never waits long for the poll in flight.
   */
  #pollTimeout(): number {
    return Math.min(this.subscriptionGroup.maxWaitTime, POLL_SLICE_MS);
  }

  /**
   * Seeks asked for by consumers (or by retries that rewind) are applied here, between polls, so no poll in
   * flight can return data from before a seek; data of a seeking partition is dropped until then.
   */
  async #applySeeks(driver: ConsumerDriver): Promise<void> {
    for (const coordinator of this.#scheduler.pendingSeeks()) {
      const offset = coordinator.pendingSeek!;
      try {
        await driver.seek({ topic: coordinator.topic.name, partition: coordinator.partition, offset }, 10_000);
      } catch (error) {
        this.#report('consumer.seek.error', error);
        continue;
      }
      this.#scheduler.seekApplied(coordinator, offset);
    }
  }

  /**
   * A job running longer than `max.poll.interval.ms` means this member no longer processes its partitions in
   * time: like a Kafka consumer that stopped polling, it loses every partition (marking is refused, `isRevoked`
   * turns true) and rejoins the group with a new client, so other members can take the work over.
   */
  async #overdue(): Promise<boolean> {
    const coordinator = this.#scheduler.overdue(this.#maxPollInterval);
    if (coordinator === undefined) return false;
    this.#report(
      'connection.listener.max_poll_interval.error',
      new Error(
        `${coordinator.job?.description ?? coordinator.id} ran longer than max.poll.interval.ms (${String(this.#maxPollInterval)} ms): this member gives up its partitions and rejoins the group`,
      ),
    );
    await this.#reset();
    return true;
  }

  /**
   * Recreates the client (after a fetch-loop error, or when a job overran max.poll.interval.ms): every
   * partition counts as lost; running jobs finish on their own and can no longer mark offsets.
   */
  async #reset(): Promise<void> {
    const { monitor, settings } = this.#options;
    monitor.instrument('connection.client.reset', this.#payload());
    const old = this.#driver;
    this.#driver = undefined;
    this.#rebalances.dropAll();
    await this.#reporter?.stop();
    this.#reporter = undefined;
    await old?.forceClose().catch((error: unknown) => this.#report('connection.client.close.error', error));
    while (this.#state.is('running', 'quieting', 'quiet')) {
      await delay(settings.listenerResetBackoff);
      if (!this.#state.is('running', 'quieting', 'quiet')) return;
      try {
        this.#driver = await this.#connect();
        this.#pausedWhileQuiet = false;
        return;
      } catch (error) {
        this.#report('connection.listener.fetch_loop.error', error);
      }
    }
  }

  /** While quiet, fetching is paused for every assigned partition (membership is kept by polling). */
  #pauseAll(): void {
    const driver = this.#driver;
    if (driver === undefined || this.#pausedWhileQuiet) return;
    try {
      driver.pause(driver.assignment());
      this.#pausedWhileQuiet = true;
    } catch (error) {
      this.#report('connection.client.pause.error', error);
    }
  }

  #report(type: string, error: unknown): void {
    this.#options.monitor.instrument('error.occurred', { type, error, ...this.#payload() });
  }

  #payload(): ListenerPayload {
    return {
      listenerId: this.id,
      subscriptionGroup: this.subscriptionGroup.name,
      consumerGroup: this.subscriptionGroup.consumerGroup,
    };
  }
}
