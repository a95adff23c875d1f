/**
 * A listener without its fetch loop, for unit tests of the processing core on the in-memory driver: one
 * subscription group's scheduler and rebalance handler over a `FakeConsumer`, a real jobs queue and worker
 * pool, and a `pump()` that does what one turn of the fetch loop does (apply seeks, poll, distribute, report
 * ends of partitions). Tests drive time with fake timers (`vi.useFakeTimers()`) where backoff is involved.
 */
import { vi } from 'vitest';
import { App } from '../../../src/app/app.js';
import type { Settings } from '../../../src/config/settings.js';
import type { EventName } from '../../../src/instrumentation/events.js';
import { runsOfPoll } from '../../../src/kafka/fetched-runs.js';
import type { KafkaMessage } from '../../../src/kafka/types.js';
import { RebalanceHandler } from '../../../src/connection/rebalance-handler.js';
import { JobsQueue } from '../../../src/processing/jobs-queue.js';
import type { PartitionCoordinator } from '../../../src/processing/partition-coordinator.js';
import { PartitionScheduler } from '../../../src/processing/partition-scheduler.js';
import { WorkersPool } from '../../../src/processing/workers-pool.js';
import type { SubscriptionGroup } from '../../../src/routing/subscription-group.js';
import type { TopicOptions } from '../../../src/routing/topic-options.js';
import type { FakeCluster } from '../../support/fake-kafka.js';
import { type FakeConsumer } from '../../support/fake-kafka.js';

/** An event the harness recorded. */
export interface RecordedEvent {
  readonly name: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

/** What a harness is built from. */
export interface HarnessOptions {
  /** The cluster (its topics filled beforehand). */
  readonly cluster: FakeCluster;
  /** Routes of the app (one subscription group is run: the first). */
  readonly routes: Record<string, TopicOptions>;
  readonly settings?: Partial<Settings> & Record<string, unknown>;
  /** Worker slots (default 1). */
  readonly concurrency?: number;
}

/** One subscription group of an app, run by hand. */
export class PartitionHarness {
  readonly cluster: FakeCluster;
  readonly app: App;
  readonly subscriptionGroup: SubscriptionGroup;
  readonly queue = new JobsQueue();
  readonly pool: WorkersPool;
  readonly scheduler: PartitionScheduler;
  readonly rebalances: RebalanceHandler;
  readonly driver: FakeConsumer;
  readonly events: RecordedEvent[] = [];
  readonly criticalErrors: unknown[] = [];
  /** Whether `revoked()` hooks run (the listener says: while running). */
  runHooks = true;

  private constructor(options: HarnessOptions) {
    this.cluster = options.cluster;
    this.app = new App(
      { clientId: 'fake', logLevel: 'silent', ...options.settings },
      { drivers: options.cluster.drivers(), logLifecycle: false },
    );
    this.app.routes.draw((r) => {
      for (const [name, topicOptions] of Object.entries(options.routes)) r.topic(name, topicOptions);
    });
    this.app.monitor.subscribeAll((name, payload) => {
      this.events.push({ name, payload: payload });
    });
    this.subscriptionGroup = this.app.routes.activeSubscriptionGroups()[0]!;
    this.pool = new WorkersPool(this.queue, options.concurrency ?? 1, this.app.monitor);
    this.scheduler = new PartitionScheduler({
      subscriptionGroup: this.subscriptionGroup,
      settings: this.app.settings,
      monitor: this.app.monitor,
      logger: this.app.logger,
      jobsQueue: this.queue,
      workers: this.pool,
      driver: () => this.driver,
      producer: () => this.app.producer,
      onCriticalError: (error) => this.criticalErrors.push(error),
    });
    this.rebalances = new RebalanceHandler({
      scheduler: this.scheduler,
      monitor: this.app.monitor,
      subscriptionGroup: this.subscriptionGroup,
      driver: () => this.driver,
      runHooks: () => this.runHooks,
      onAssigned: () => undefined,
    });
    this.driver = options.cluster.drivers().consumer({
      settings: this.subscriptionGroup.kafkaSettings('fake'),
      onRebalance: (event) => this.rebalances.handle(event),
    }) as FakeConsumer;
  }

  /** Builds the harness and subscribes: every partition of the routed topics is assigned. */
  static async start(options: HarnessOptions): Promise<PartitionHarness> {
    const harness = new PartitionHarness(options);
    harness.driver.subscribe(harness.subscriptionGroup.topics.map((t) => t.name));
    await harness.driver.subscribed;
    return harness;
  }

  /** The coordinator of a partition. */
  partition(topic: string, partition = 0): PartitionCoordinator {
    const coordinator = this.scheduler.get(topic, partition);
    if (coordinator === undefined) throw new Error(`${topic}/${String(partition)} is not assigned`);
    return coordinator;
  }

  /** One turn of the fetch loop: apply pending seeks, poll, hand the messages and ends over. */
  async pump(maxMessages = 1_000): Promise<PollSummary> {
    for (const coordinator of this.scheduler.pendingSeeks()) {
      const offset = coordinator.pendingSeek!;
      await this.driver.seek({ topic: coordinator.topic.name, partition: coordinator.partition, offset });
      this.scheduler.seekApplied(coordinator, offset);
    }
    const result = await this.driver.poll(maxMessages, 0);
    this.scheduler.distribute(runsOfPoll(result));
    for (const eof of result.eofs) {
      const coordinator = this.scheduler.get(eof.topic, eof.partition);
      if (coordinator !== undefined) this.scheduler.eof(coordinator, eof.offset);
    }
    return { messages: result.messages, eofs: result.eofs.length };
  }

  /** Waits until no job is queued or running. */
  async drain(): Promise<void> {
    while (this.pool.busy > 0 || this.queue.statistics.enqueued > 0) await this.pool.idle();
  }

  /** Pumps and drains until a turn brings nothing and runs nothing (held partitions stay held). */
  async settle(maxTurns = 100): Promise<void> {
    for (let turn = 0; turn < maxTurns; turn += 1) {
      const ran = this.events.length;
      const polled = await this.pump();
      await this.drain();
      if (polled.messages.length === 0 && polled.eofs === 0 && this.events.length === ran) return;
    }
    throw new Error(`still busy after ${String(maxTurns)} turns`);
  }

  /** Lets `ms` pass (fake timers), then settles. */
  async advance(ms: number): Promise<void> {
    await vi.advanceTimersByTimeAsync(ms);
    await this.settle();
  }

  /** Recorded events named `name` (or starting with it, for a name ending with a dot). */
  named(name: EventName | `${string}.`): RecordedEvent[] {
    return this.events.filter((e) => (name.endsWith('.') ? e.name.startsWith(name) : e.name === name));
  }

  /** Types of the recorded `error.occurred` events. */
  get errorTypes(): string[] {
    return this.named('error.occurred').map((e) => String(e.payload.type));
  }
}

/** What one `pump()` brought. */
export interface PollSummary {
  readonly messages: readonly KafkaMessage[];
  readonly eofs: number;
}
