/**
 * The parts a `PartitionScheduler` is built of, wired together: client operations, pauses and seeks, the
 * executor with each partition's consumer context, the consume runner with its decisions, periodic ticks and
 * inline insights. The scheduler gives back how a partition is scheduled and how a tick job is queued.
 */
import type { Settings } from '../config/settings.js';
import type { WorkersControl } from '../consumer/consumer-context.js';
import type { Logger } from '../instrumentation/logger.js';
import type { Monitor } from '../instrumentation/monitor.js';
import type { ConsumerDriver } from '../kafka/consumer-driver.js';
import type { Producer } from '../producer/producer.js';
import type { SubscriptionGroup } from '../routing/subscription-group.js';
import { ConsumeRunner } from './consume-runner.js';
import { DeadLetterDispatcher } from './dead-letter-queue.js';
import { DecisionRunner } from './decision-runner.js';
import { Executor } from './executor.js';
import type { JobsQueue } from './jobs-queue.js';
import { createPartitionContext } from './partition-context.js';
import type { PartitionCoordinator } from './partition-coordinator.js';
import { PartitionFlow } from './partition-flow.js';
import { PartitionInsightsStore } from './partition-insights.js';
import { PartitionOperations } from './partition-operations.js';
import { PeriodicTicks, type PeriodicTicksOptions } from './periodic-ticks.js';

/** What the scheduler needs from its listener and the server. */
export interface PartitionSchedulerOptions {
  readonly subscriptionGroup: SubscriptionGroup;
  readonly settings: Settings;
  readonly monitor: Monitor;
  readonly logger: Logger;
  readonly jobsQueue: JobsQueue;
  readonly workers: WorkersControl;
  /** The listener's current client (it changes after a reset). */
  readonly driver: () => ConsumerDriver | undefined;
  /** The app's producer. */
  readonly producer: () => Producer;
  /** A partition's transactional producer, when the app has them (setting `transactionalProducers`). */
  readonly transactionalProducer?: ((coordinator: PartitionCoordinator) => Producer) | undefined;
  /** Called when a consumer threw one of the settings' `criticalErrors`: the server stops. */
  readonly onCriticalError: (error: unknown) => void;
  /** Whether periodic ticks come by themselves (default true; the testing toolkit runs them on demand). */
  readonly tickTimer?: boolean;
}

/** What the parts call back into the scheduler for. */
export interface SchedulerHooks {
  /** Queues the partition's next jobs if it may run them now. */
  readonly schedule: (coordinator: PartitionCoordinator) => void;
  /** Queues a tick job of the partition. */
  readonly enqueueTick: PeriodicTicksOptions['enqueue'];
}

/** The scheduler's parts. */
export interface SchedulerParts {
  readonly operations: PartitionOperations;
  readonly flow: PartitionFlow;
  readonly executor: Executor;
  readonly consumeRunner: ConsumeRunner;
  readonly ticks: PeriodicTicks;
  /** The partitions' latest statistics figures, kept only when a topic has inline insights. */
  readonly insights: PartitionInsightsStore | undefined;
}

/** Builds and wires the parts of one listener's scheduler. */
export function buildSchedulerParts(options: PartitionSchedulerOptions, hooks: SchedulerHooks): SchedulerParts {
  const { monitor } = options;
  const operations = new PartitionOperations({ driver: options.driver, monitor, settings: options.settings });
  const flow = new PartitionFlow(monitor, operations, hooks.schedule);
  const deadLetters = new DeadLetterDispatcher(options.producer, monitor);
  const decisions = new DecisionRunner({
    monitor,
    operations,
    flow,
    deadLetters,
    onCriticalError: options.onCriticalError,
  });
  const wantsInsights = options.subscriptionGroup.topics.some((t) => t.inlineInsights);
  const insights = wantsInsights ? new PartitionInsightsStore() : undefined;
  const contextServices = { ...options, operations, flow, deadLetters, insights };
  const executor = new Executor(monitor, (c, index) => createPartitionContext(c, contextServices, index));
  const consumeRunner = new ConsumeRunner(monitor, executor, decisions);
  const ticks = new PeriodicTicks({
    enqueue: hooks.enqueueTick,
    run: (c) => executor.tick(c),
    timer: options.tickTimer,
  });
  return { operations, flow, executor, consumeRunner, ticks, insights };
}
