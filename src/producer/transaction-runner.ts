/**
 * Runs the transactions of one transactional producer: one at a time, in call order; begin, the user's
 * function (inside an async context that marks it as in the transaction), then commit, or abort when the
 * function throws or the commit fails. Every step is reported on the monitor.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Monitor } from '../instrumentation/monitor.js';
import type { ConsumerDriver } from '../kafka/consumer-driver.js';
import { KafkaDriverError } from '../kafka/driver-error.js';
import type { ProducerDriver } from '../kafka/producer-driver.js';
import type { TopicPartitionOffset } from '../kafka/types.js';
import { Transaction, type TransactionHost, type TransactionScope } from './transaction.js';

/** What the runner needs from its producer. */
export interface TransactionRunnerOptions {
  readonly driver: ProducerDriver;
  readonly monitor: Monitor;
  readonly producerId: string;
  readonly transactionalId: string;
  /** Bound of begin/commit/abort/send-offsets calls, in ms. */
  readonly operationTimeout: number;
  /** The producer, whose produce calls a `Transaction` forwards. */
  readonly host: TransactionHost;
  /** Connects the producer (and initializes transactions) when needed. */
  readonly ready: () => Promise<void>;
  /** Publishes `error.occurred` with the producer's context. */
  readonly report: (type: string, error: unknown, context: Readonly<Record<string, unknown>>) => void;
}

const noop = (): void => undefined;

/** Serializes and runs transactions. */
export class TransactionRunner {
  readonly #options: TransactionRunnerOptions;
  readonly #storage = new AsyncLocalStorage<Transaction>();
  #queue: Promise<void> = Promise.resolve();

  /** @param options the producer's driver, monitor and hooks */
  constructor(options: TransactionRunnerOptions) {
    this.#options = options;
  }

  /** The active transaction of the calling async context, if any. */
  current(): Transaction | undefined {
    const tx = this.#storage.getStore();
    return tx?.active === true ? tx : undefined;
  }

  /** Resolves when every transaction started so far has ended. */
  idle(): Promise<void> {
    return this.#queue;
  }

  /** Runs `work` in a new transaction once the ones before it ended (see `Producer.transaction`). */
  run<T>(work: (tx: Transaction) => Promise<T> | T): Promise<T> {
    const run = this.#queue.then(() => this.#run(work));
    this.#queue = run.then(noop, noop);
    return run;
  }

  async #run<T>(work: (tx: Transaction) => Promise<T> | T): Promise<T> {
    await this.#options.ready();
    const { driver, monitor, producerId, transactionalId } = this.#options;
    const scope: TransactionScope = {
      active: true,
      storage: this.#storage,
      sendOffsets: (offsets, consumer) => this.#sendOffsets(offsets, consumer),
    };
    const tx = new Transaction(this.#options.host, scope, transactionalId);
    const started = performance.now();
    try {
      await driver.beginTransaction();
    } catch (error) {
      this.#options.report('producer.transaction.error', error, { transactionalId, operation: 'begin' });
      throw error;
    }
    monitor.instrument('transaction.started', { producerId, transactionalId });
    let result: T;
    try {
      result = await this.#storage.run(tx, () => work(tx));
    } catch (error) {
      scope.active = false;
      await this.#abort(started, error);
      throw error;
    }
    scope.active = false;
    try {
      await this.#commit();
    } catch (error) {
      this.#options.report('producer.transaction.error', error, { transactionalId, operation: 'commit' });
      await this.#abort(started, error);
      throw error;
    }
    monitor.instrument('transaction.committed', { producerId, transactionalId, time: performance.now() - started });
    return result;
  }

  /** Commits, retrying while librdkafka says a retry may succeed (within the operation timeout). */
  async #commit(): Promise<void> {
    const deadline = Date.now() + this.#options.operationTimeout;
    for (;;) {
      try {
        await this.#options.driver.commitTransaction(Math.max(1, deadline - Date.now()));
        return;
      } catch (error) {
        const retry =
          error instanceof KafkaDriverError &&
          error.retriable &&
          !error.txnRequiresAbort &&
          !error.fatal &&
          Date.now() < deadline;
        if (!retry) throw error;
      }
    }
  }

  async #abort(started: number, reason: unknown): Promise<void> {
    const { driver, monitor, producerId, transactionalId } = this.#options;
    try {
      await driver.abortTransaction(this.#options.operationTimeout);
    } catch (error) {
      this.#options.report('producer.transaction.error', error, { transactionalId, operation: 'abort' });
      return;
    }
    monitor.instrument('transaction.aborted', {
      producerId,
      transactionalId,
      time: performance.now() - started,
      error: reason,
    });
  }

  async #sendOffsets(offsets: readonly TopicPartitionOffset[], consumer: ConsumerDriver): Promise<void> {
    const { driver, monitor, producerId, transactionalId } = this.#options;
    try {
      await driver.sendOffsetsToTransaction(offsets, consumer, this.#options.operationTimeout);
    } catch (error) {
      this.#options.report('producer.transaction.error', error, {
        transactionalId,
        operation: 'send_offsets',
        offsets,
      });
      throw error;
    }
    monitor.instrument('transaction.offsets_sent', { producerId, transactionalId, offsets });
  }
}
