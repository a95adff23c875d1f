/**
 * Transactional producers, one per partition, so that the transactions of different partitions run side by
 * side (a producer runs its transactions one at a time). Each partition's producer has a `transactional.id`
 * derived from a prefix and the partition (`transactionalIdFor`): the same on every process of the app, so the
 * process that takes a partition over (after a rebalance, or a restart after a crash) fences the producer of
 * its predecessor for that partition: the broker aborts the predecessor's open transaction and refuses its
 * commit.
 *
 * Producers are created on first use, closed when their partition is released (revocation) and when the pool
 * closes (shutdown). At most `maxProducers` are open: a new one closes the one used longest ago whose partition
 * is not in use first (its partition gets a new producer with the same id when it needs one). While every open
 * producer's partition is in use, the pool grows past the bound, and closes the surplus on later creations.
 */
import type { Producer } from './producer.js';

/** The partition a transactional producer belongs to. */
export interface PartitionOfProducer {
  /** Name of the consumer group that consumes the partition. */
  readonly consumerGroup: string;
  readonly topic: string;
  readonly partition: number;
}

/** What a pool is made of. */
export interface TransactionalProducerPoolOptions {
  /** First part of every `transactional.id` (letters, digits, `.`, `_`, `-`). */
  readonly idPrefix: string;
  /** Most producers open at once. */
  readonly maxProducers: number;
  /** Builds the producer of one partition with this `transactional.id`. */
  readonly create: (transactionalId: string, of: PartitionOfProducer) => Producer;
  /** Told when closing a producer failed. */
  readonly onCloseError: (error: unknown, transactionalId: string) => void;
}

/**
 * The `transactional.id` of a partition's producer: `<prefix>:<consumer group>:<topic>:<partition>`. Topic
 * names and the prefix cannot contain `:`, and the group is URI-encoded (which encodes `:`), so two different
 * partitions never get the same id, and a partition always gets the same one.
 */
export function transactionalIdFor(idPrefix: string, of: PartitionOfProducer): string {
  return `${idPrefix}:${encodeURIComponent(of.consumerGroup)}:${of.topic}:${String(of.partition)}`;
}

/** Thrown by `acquire` once the pool closed (the app is shutting down). */
export class TransactionalProducerPoolClosedError extends Error {
  /** @param transactionalId the id that was asked for */
  constructor(transactionalId: string) {
    super(`The transactional producers are closed (shutdown): no producer for ${transactionalId}`);
    this.name = 'TransactionalProducerPoolClosedError';
  }
}

/** An open producer, who holds it in this process, and whether that holder uses it now. */
interface Entry {
  readonly producer: Producer;
  owner: object | undefined;
  inUse: (() => boolean) | undefined;
}

/** A bounded, lazily filled set of transactional producers keyed by partition. */
export class TransactionalProducerPool {
  readonly #options: TransactionalProducerPoolOptions;
  /** Open producers by `transactional.id` with who uses them now, the one used longest ago first. */
  readonly #producers = new Map<string, Entry>();
  readonly #closing = new Set<Promise<void>>();
  #closed = false;

  /** @param options the id prefix, the bound and how producers are built */
  constructor(options: TransactionalProducerPoolOptions) {
    this.#options = options;
  }

  /** The `transactional.id` of `of`'s producer. */
  transactionalId(of: PartitionOfProducer): string {
    return transactionalIdFor(this.#options.idPrefix, of);
  }

  /** Producers open now. */
  get size(): number {
    return this.#producers.size;
  }

  /**
   * The partition's producer, created on first use (closing the one used longest ago when the pool is full).
   * `owner` (the partition's current holder in this process) becomes the one whose `release` closes it;
   * `inUse` says whether the partition uses its producer now (a running or queued job): such a producer is
   * never closed to make room, since a new producer with its id would fence its running transaction.
   */
  acquire(of: PartitionOfProducer, owner?: object, inUse?: () => boolean): Producer {
    const id = this.transactionalId(of);
    if (this.#closed) throw new TransactionalProducerPoolClosedError(id);
    const open = this.#producers.get(id);
    if (open !== undefined) {
      // Most recently used last.
      this.#producers.delete(id);
      open.owner = owner;
      open.inUse = inUse;
      this.#producers.set(id, open);
      return open.producer;
    }
    this.#makeRoom();
    const producer = this.#options.create(id, of);
    this.#producers.set(id, { producer, owner, inUse });
    return producer;
  }

  /**
   * Closes the partition's producer, if open (its running transaction finishes first). Given an `owner`, only
   * when that owner acquired it last (a partition assigned again meanwhile keeps its producer).
   */
  release(of: PartitionOfProducer, owner?: object): Promise<void> {
    const id = this.transactionalId(of);
    if (owner !== undefined && this.#producers.get(id)?.owner !== owner) return Promise.resolve();
    return this.#closeOne(id);
  }

  /** Closes every producer and refuses new ones. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const id of [...this.#producers.keys()]) void this.#closeOne(id);
    await Promise.all([...this.#closing]);
  }

  /** Closes producers not in use, the one used longest ago first, until there is room for one more. */
  #makeRoom(): void {
    for (const [id, entry] of this.#producers) {
      if (this.#producers.size < this.#options.maxProducers) return;
      if (entry.inUse?.() !== true) void this.#closeOne(id);
    }
  }

  #closeOne(id: string): Promise<void> {
    const entry = this.#producers.get(id);
    if (entry === undefined) return Promise.resolve();
    this.#producers.delete(id);
    const closing = entry.producer.close().catch((error: unknown) => this.#options.onCloseError(error, id));
    this.#closing.add(closing);
    void closing.then(() => this.#closing.delete(closing));
    return closing;
  }
}
