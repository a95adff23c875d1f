/**
 * Partition commands from outside the app (the web UI): pause, resume and seek one partition of a listener.
 * They are queued and carried out by the listener's fetch loop between two polls (its safe point), through the
 * scheduler's named operations; a command resolves true once done, false when the partition is not owned by
 * this member or the listener stopped taking work.
 */
import type { ConsumerDriver } from '../kafka/consumer-driver.js';
import type { PartitionCoordinator } from '../processing/partition-coordinator.js';
import type { PartitionScheduler } from '../processing/partition-scheduler.js';

/** Where a seek command moves a partition: an offset, a time, or either end. */
export type PartitionSeekTarget = number | Date | 'earliest' | 'latest';

/** A command for one partition. */
export type PartitionCommand =
  | { readonly kind: 'pause'; readonly timeoutMs: number }
  | { readonly kind: 'resume' }
  | { readonly kind: 'seek'; readonly target: PartitionSeekTarget };

interface QueuedCommand {
  readonly run: (driver: ConsumerDriver) => Promise<void>;
  readonly cancel: () => void;
}

/** Commands queued for one listener. */
export class PartitionCommands {
  readonly #scheduler: PartitionScheduler;
  /** Where a partition that never had data starts: `earliest` or `latest` (the group's `auto.offset.reset`). */
  readonly #resetTo: () => 'earliest' | 'latest';
  #queue: QueuedCommand[] = [];

  /** @param resetTo where a partition without a committed offset starts */
  constructor(scheduler: PartitionScheduler, resetTo: () => 'earliest' | 'latest') {
    this.#scheduler = scheduler;
    this.#resetTo = resetTo;
  }

  /**
   * Pauses for `timeoutMs` (Infinity: until resumed). Processing goes on from the last stored offset: a batch
   * that runs meanwhile is not marked, and runs again after the pause (at least once).
   */
  pause(topic: string, partition: number, timeoutMs: number): Promise<boolean> {
    return this.#enqueue(topic, partition, async (coordinator, driver) => {
      const offset = coordinator.restartOffset ?? (await this.#committedPosition(driver, topic, partition));
      this.#scheduler.pause(coordinator, offset, timeoutMs);
    });
  }

  /** Ends a pause (or a retry backoff). */
  resume(topic: string, partition: number): Promise<boolean> {
    return this.#enqueue(topic, partition, (coordinator) => {
      this.#scheduler.resume(coordinator);
      return Promise.resolve();
    });
  }

  /** Moves the partition as a consumer's `seek()` does. */
  seek(topic: string, partition: number, target: PartitionSeekTarget): Promise<boolean> {
    return this.#enqueue(topic, partition, (coordinator) => this.#scheduler.seek(coordinator, target));
  }

  /** Queues `command` for `topic`/`partition`. */
  apply(topic: string, partition: number, command: PartitionCommand): Promise<boolean> {
    switch (command.kind) {
      case 'pause':
        return this.pause(topic, partition, command.timeoutMs);
      case 'resume':
        return this.resume(topic, partition);
      case 'seek':
        return this.seek(topic, partition, command.target);
    }
  }

  /** Carries out the commands queued so far (the listener calls it between polls). */
  async runQueued(driver: ConsumerDriver): Promise<void> {
    if (this.#queue.length === 0) return;
    for (const command of this.#queue.splice(0)) await command.run(driver);
  }

  /** Resolves every queued command false (the listener quiets or stops). */
  cancelAll(): void {
    for (const command of this.#queue.splice(0)) command.cancel();
  }

  #enqueue(
    topic: string,
    partition: number,
    action: (coordinator: PartitionCoordinator, driver: ConsumerDriver) => Promise<void>,
  ): Promise<boolean> {
    if (!this.#scheduler.acceptingWork) return Promise.resolve(false);
    return new Promise<boolean>((resolve, reject) => {
      this.#queue.push({
        cancel: () => resolve(false),
        run: async (driver) => {
          const coordinator = this.#scheduler.get(topic, partition);
          if (coordinator === undefined || !coordinator.isOwned || !this.#scheduler.acceptingWork) {
            resolve(false);
            return;
          }
          try {
            await action(coordinator, driver);
            resolve(true);
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        },
      });
    });
  }

  /** The group's committed offset of a partition, else where `auto.offset.reset` starts it (-2 / -1). */
  async #committedPosition(driver: ConsumerDriver, topic: string, partition: number): Promise<number> {
    const [committed] = await driver.committed([{ topic, partition }], 10_000);
    if (committed !== undefined && committed.offset >= 0) return committed.offset;
    return this.#resetTo() === 'earliest' ? -2 : -1;
  }
}
