/**
 * What a listener does when the group changes its assignment. The client applies the change only after
 * `handle()` resolves, so a clean revocation can finish the partition's running job, store its offset and
 * commit before another member gets the partition: no message is processed by both.
 *
 * - assign: fresh coordinators (a regained partition gets a new consumer instance).
 * - revoke (clean): stop fetching the partition's data, drop queued jobs, wait for the running jobs (which may
 *   still mark offsets), commit, then run `revoked()` hooks (while running) and forget the partitions. A
 *   partition of a long-running job is released at once instead (its job's marks are refused from then on, its
 *   `signal` aborts); its `revoked()` runs once its job ended, without holding the rebalance.
 * - revoke (lost): marking is refused at once; `revoked()` hooks run after running jobs finish; nothing waits.
 */
import type { Monitor } from '../instrumentation/monitor.js';
import type { ConsumerDriver } from '../kafka/consumer-driver.js';
import type { RebalanceEvent, TopicPartition } from '../kafka/types.js';
import type { PartitionCoordinator } from '../processing/partition-coordinator.js';
import type { PartitionScheduler } from '../processing/partition-scheduler.js';
import type { SubscriptionGroup } from '../routing/subscription-group.js';

/** What the handler needs from its listener. */
export interface RebalanceHandlerOptions {
  readonly scheduler: PartitionScheduler;
  readonly monitor: Monitor;
  readonly subscriptionGroup: SubscriptionGroup;
  readonly driver: () => ConsumerDriver | undefined;
  /** Whether `revoked()` hooks run now (not while quiet or stopping). */
  readonly runHooks: () => boolean;
  /** Called after partitions were assigned. */
  readonly onAssigned: () => void;
}

/** Applies rebalance events to a listener's partitions. */
export class RebalanceHandler {
  readonly #options: RebalanceHandlerOptions;
  readonly #abandoned: Promise<void>;
  #abandon: () => void = () => undefined;

  /** @param options the listener's scheduler and services */
  constructor(options: RebalanceHandlerOptions) {
    this.#options = options;
    this.#abandoned = new Promise((resolve) => {
      this.#abandon = resolve;
    });
  }

  /** Handles one event; resolves when the client may apply it. */
  async handle(event: RebalanceEvent): Promise<void> {
    // Cooperative protocols call every member on every rebalance, often with nothing for this one: such a
    // call changes nothing here, and publishing it would report a rebalance to a group it did not affect.
    if (event.partitions.length === 0) return;
    const { monitor, subscriptionGroup: sg, scheduler } = this.#options;
    const base = { consumerGroup: sg.consumerGroup, subscriptionGroup: sg.name, partitions: event.partitions };
    if (event.kind === 'assign') {
      monitor.instrument('rebalance.partitions_assign', base);
      this.#reportUnrouted(event.partitions);
      scheduler.assign(event.partitions);
      this.#options.onAssigned();
      monitor.instrument('rebalance.partitions_assigned', base);
      return;
    }
    const payload = { ...base, lost: event.lost };
    monitor.instrument('rebalance.partitions_revoke', payload);
    const coordinators = this.#coordinatorsOf(event.partitions);
    if (event.lost) this.#lose(coordinators);
    else await this.#revoke(coordinators);
    monitor.instrument('rebalance.partitions_revoked', payload);
  }

  /**
   * A topic no route resolves (librdkafka matched a pattern subscription that the route's JavaScript expression
   * does not): its partitions stay assigned to this member but are never consumed, so it is reported.
   */
  #reportUnrouted(partitions: readonly TopicPartition[]): void {
    const { monitor, subscriptionGroup: sg } = this.#options;
    const unrouted = [...new Set(partitions.map((p) => p.topic).filter((topic) => sg.topic(topic) === undefined))];
    if (unrouted.length === 0) return;
    monitor.instrument('error.occurred', {
      type: 'rebalance.topic.unrouted',
      error: new Error(
        `Topics ${unrouted.join(', ')} were assigned to subscription group ${sg.id} but no route matches them: their ` +
          `partitions are not consumed (check the pattern routes' expressions: see docs/routing-patterns.md)`,
      ),
      consumerGroup: sg.consumerGroup,
    });
  }

  /** Every assigned partition counts as lost (the client is being recreated); nothing waits for running jobs. */
  dropAll(): void {
    this.#lose(this.#options.scheduler.coordinators.filter((c) => c.isOwned));
  }

  /** Forceful shutdown: stop waiting for jobs inside rebalances, so the client can close. */
  abandonWaits(): void {
    this.#abandon();
  }

  /** Coordinators of these partitions that are still owned (one already lost stays lost). */
  #coordinatorsOf(partitions: readonly TopicPartition[]): PartitionCoordinator[] {
    return partitions
      .map(({ topic, partition }) => this.#options.scheduler.get(topic, partition))
      .filter((c): c is PartitionCoordinator => c !== undefined && c.isOwned);
  }

  #lose(coordinators: readonly PartitionCoordinator[]): void {
    for (const c of coordinators) c.ownership.lose();
    this.#options.scheduler.cancelPending(coordinators);
    void this.#finish(coordinators);
  }

  async #revoke(coordinators: readonly PartitionCoordinator[]): Promise<void> {
    const { scheduler, monitor } = this.#options;
    for (const c of coordinators) c.ownership.beginRevoke();
    scheduler.cancelPending(coordinators);
    const released = coordinators.filter((c) => c.strategy.longRunning);
    const waited = coordinators.filter((c) => !c.strategy.longRunning);
    for (const c of released) c.ownership.finishRevoke();
    const settled = await this.#race(Promise.all(waited.map((c) => c.idle())));
    if (settled && coordinators.length > 0) {
      try {
        await this.#options.driver()?.commit();
      } catch (error) {
        monitor.instrument('error.occurred', {
          type: 'rebalance.commit.error',
          error,
          consumerGroup: this.#options.subscriptionGroup.consumerGroup,
        });
      }
    }
    // A partition assigned again meanwhile was lost by its coordinator; the others are released now.
    for (const c of waited) if (c.ownership.state === 'revoking') c.ownership.finishRevoke();
    void this.#finish(released);
    await this.#race(this.#finish(waited));
  }

  /** Runs `revoked()` hooks (after running jobs) when hooks run now, then forgets the partitions. */
  async #finish(coordinators: readonly PartitionCoordinator[]): Promise<void> {
    const { scheduler } = this.#options;
    if (this.#options.runHooks()) await scheduler.runLifecycle('revoked', coordinators);
    else await Promise.all(coordinators.map((c) => c.idle()));
    for (const c of coordinators) scheduler.remove(c);
  }

  /** Resolves true when `work` settled, false when the waits were abandoned first. */
  async #race(work: Promise<unknown>): Promise<boolean> {
    return Promise.race([work.then(() => true), this.#abandoned.then(() => false)]);
  }
}
