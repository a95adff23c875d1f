/**
 * What most scenarios share: a topic, a consumer fleet on it, a steady load, and the waits that say the
 * system made progress (bounded by the scenario's budget, failing at once when a consumer crashed).
 */
import { Admin } from '../../../src/admin/admin.js';
import { uniqueName } from '../../support/kafka.js';
import { ConsumerFleet } from './consumer-fleet.js';
import { analyze } from './ledger.js';
import { LoadProducer, type LoadOptions } from './load-producer.js';
import type { Scenario } from './scenario.js';

/** Options of a `Rig`. */
export interface RigOptions {
  readonly bootstrap: string;
  readonly partitions: number;
  readonly replicationFactor?: number;
  /** Topic configs (e.g. `min.insync.replicas`). */
  readonly topicConfigs?: Readonly<Record<string, string>>;
  /** Environment of every consumer process (see chaos-app.config.ts), besides the topic and group. */
  readonly app?: Readonly<Record<string, string>>;
  /** The steady load, messages per second. */
  readonly rate: number;
  readonly load?: Partial<LoadOptions>;
  /** Acknowledged ids not expected to be processed (dead-lettered, held behind a poison pill). */
  readonly notExpected?: () => ReadonlySet<string>;
}

/** A topic with a consumer fleet and a load, reported through the scenario's ledger. */
export class Rig {
  readonly scenario: Scenario;
  readonly topic: string;
  readonly group: string;
  readonly fleet: ConsumerFleet;
  readonly load: LoadProducer;
  readonly options: RigOptions;

  private constructor(scenario: Scenario, options: RigOptions, topic: string) {
    this.scenario = scenario;
    this.options = options;
    this.topic = topic;
    this.group = uniqueName(`chaos-${scenario.id}-group`);
    this.fleet = new ConsumerFleet(scenario.dir, {
      KAFKA_BOOTSTRAP: options.bootstrap,
      TOPIC: topic,
      GROUP_ID: this.group,
      CLIENT_ID: `chaos-${scenario.id}`,
      ...options.app,
    });
    this.load = new LoadProducer({
      bootstrap: options.bootstrap,
      topic,
      partitions: options.partitions,
      rate: options.rate,
      prefix: `s${scenario.id}`,
      ...options.load,
    });
    scenario.reportWith(() =>
      analyze({
        acks: this.load.acks,
        ledger: this.fleet.ledger.refresh(),
        faults: scenario.faults,
        partitions: options.partitions,
        ...(options.notExpected === undefined ? {} : { notExpected: options.notExpected() }),
      }),
    );
  }

  /** Creates the topic (unless `createTopic` is false: the broker may be down) and the rig. */
  static async create(scenario: Scenario, options: RigOptions, createTopic = true): Promise<Rig> {
    const topic = uniqueName(`chaos-${scenario.id}`);
    if (createTopic) await Rig.createTopic(options, topic);
    return new Rig(scenario, options, topic);
  }

  /** Creates `topic` as the options say. */
  static async createTopic(options: RigOptions, topic: string): Promise<void> {
    const admin = new Admin({ kafka: { 'bootstrap.servers': options.bootstrap } });
    try {
      await admin.createTopic(topic, options.partitions, options.replicationFactor ?? 1, options.topicConfigs ?? {});
    } finally {
      await admin.close();
    }
  }

  /** Every partition number of the topic. */
  get partitions(): number[] {
    return Array.from({ length: this.options.partitions }, (_, p) => p);
  }

  /** Throws when a consumer process exited on its own. */
  readonly healthy = (): void => this.fleet.assertHealthy();

  /** Waits until `count` messages (distinct ids) were processed in all. */
  async waitForProcessed(count: number, timeoutMs: number): Promise<void> {
    await this.scenario.waitFor(
      () => this.fleet.ledger.refresh().processedCount >= count,
      () => `${String(count)} messages processed (now ${String(this.fleet.ledger.processedCount)})`,
      { timeoutMs, abortIf: this.healthy },
    );
  }

  /** Waits until each of `partitions` processed a message after `time`. */
  async waitForProgress(partitions: readonly number[], time: number, timeoutMs: number): Promise<void> {
    const waiting = (): number[] => partitions.filter((p) => this.fleet.ledger.processedAfter(p, time).length === 0);
    await this.scenario.waitFor(
      () => waiting().length === 0 || (this.fleet.ledger.refresh(), waiting().length === 0),
      () => `partitions ${waiting().join(',')} to process a message after ${new Date(time).toISOString()}`,
      { timeoutMs, abortIf: this.healthy },
    );
  }

  /**
   * Waits until the group is stable: every running consumer process holds partitions, and together they hold
   * each partition exactly once.
   */
  async waitForStableGroup(timeoutMs: number): Promise<void> {
    const holdings = (): number[][] => this.fleet.running.map((m) => this.fleet.ledger.refresh().partitionsOf(m.pid));
    await this.scenario.waitFor(
      () => {
        const held = holdings();
        const all = held.flat().sort((a, b) => a - b);
        return held.every((h) => h.length > 0) && all.join(',') === this.partitions.join(',');
      },
      () =>
        `a stable group: each process holding partitions, each partition held once (now ${JSON.stringify(holdings())})`,
      { timeoutMs, abortIf: this.healthy },
    );
  }

  /**
   * Waits until the group committed, on every partition, at least the end offset the partition has now: a
   * fault injected after this redoes only work of the uncommitted window.
   */
  async waitForCommitted(timeoutMs: number): Promise<void> {
    const admin = new Admin({ kafka: { 'bootstrap.servers': this.options.bootstrap }, timeout: 10_000 });
    try {
      // The end offsets are read inside the wait: right after a failover the cluster may not answer yet.
      let ends: Record<number, { high: number }> | undefined;
      let committed: Record<number, { offset: number }> = {};
      await this.scenario.waitFor(
        async () => {
          ends ??= await admin.readWatermarkOffsets(this.topic);
          const lags = await admin.readLagsWithOffsets({ [this.group]: [this.topic] });
          committed = lags[this.group]?.[this.topic] ?? {};
          return this.partitions.every((p) => (committed[p]?.offset ?? -1) >= ends![p]!.high);
        },
        () =>
          `group ${this.group} to commit the end offsets ${JSON.stringify(ends)} (committed: ${JSON.stringify(committed)})`,
        { timeoutMs, abortIf: this.healthy },
      );
    } finally {
      await admin.close();
    }
  }

  /**
   * Stops the load, waits until everything it made was acknowledged, then until every acknowledged id
   * (but those not expected) was processed. Resolves false when time ran out first (the ledger then
   * reports what is lost).
   */
  async drainAndSettle(timeoutMs: number): Promise<boolean> {
    await this.load.drain(Math.min(timeoutMs, this.scenario.remaining()));
    const notExpected = this.options.notExpected?.() ?? new Set<string>();
    return this.scenario.settle(
      () => {
        const ledger = this.fleet.ledger.refresh();
        for (const id of this.load.acks.keys()) if (!ledger.hasProcessed(id) && !notExpected.has(id)) return false;
        return true;
      },
      { timeoutMs, abortIf: this.healthy },
    );
  }

  /** SIGTERMs every consumer process; throws unless each exits 0 within `timeoutMs`. */
  async stopConsumers(timeoutMs = 30_000): Promise<void> {
    const exits = await this.fleet.stopAll(timeoutMs);
    const bad = exits.filter((e) => e.stuck || e.exit.code !== 0);
    if (bad.length > 0) {
      throw new Error(
        `Consumer processes did not stop cleanly on SIGTERM: ${bad
          .map((b) => `${b.name} ${b.stuck ? `still running after ${String(timeoutMs)} ms` : JSON.stringify(b.exit)}`)
          .join('; ')}`,
      );
    }
  }

  /** A note on what the producer went through: how many sends were retried, and the last failure. */
  producerNote(): string {
    const last = this.load.lastError;
    return `producer: ${String(this.load.retries)} sends retried${last === undefined ? '' : ` (last failure: ${last.message.split('\n')[0] ?? ''})`}`;
  }

  /** Closes the load's producer. */
  async close(): Promise<void> {
    await this.load.close();
  }
}
