/**
 * An in-memory Kafka cluster for tests: topics with partitioned logs (offsets assigned in order per partition),
 * committed offsets per consumer group, every produced message captured with its transaction. Its drivers
 * (`inMemoryDrivers(cluster)`) implement the framework's own driver interfaces, so the processing core runs on
 * it unchanged, with no broker and no native client connection.
 */
import type { KafkaMessage, OutgoingMessage, TopicPartitionOffset } from '../kafka/types.js';
import { partitionForKey } from '../producer/murmur2.js';
import { type ProducedMessage, type ProducedTransaction, producedMessage } from './produced-message.js';

/** One commit of a consumer group (explicit, on revocation or with a transaction). */
export interface CommittedOffset {
  readonly consumerGroup: string;
  readonly topic: string;
  readonly partition: number;
  /** The next offset the group reads. */
  readonly offset: number;
}

/** A message in a partition's log, with the transaction that wrote it (if any). */
interface LogEntry {
  readonly message: KafkaMessage;
  readonly transaction: ProducedTransaction | undefined;
}

const tpKey = (topic: string, partition: number): string => `${topic}\u0000${String(partition)}`;

/** Topics, their messages, committed offsets and what was produced. */
export class InMemoryCluster {
  readonly #logs = new Map<string, LogEntry[][]>();
  readonly #committed = new Map<string, number>();
  readonly #commits: CommittedOffset[] = [];
  readonly #produced: ProducedMessage[] = [];
  readonly #transactions: ProducedTransaction[] = [];

  /** Creates `topic` with `partitions` partitions, or grows it to that many. */
  createTopic(topic: string, partitions = 1): void {
    if (!Number.isInteger(partitions) || partitions < 1) {
      throw new RangeError(`Topic '${topic}': partitions must be an integer of at least 1, got ${String(partitions)}`);
    }
    const logs = this.#logs.get(topic) ?? [];
    while (logs.length < partitions) logs.push([]);
    this.#logs.set(topic, logs);
  }

  /** Names of the topics that exist. */
  get topics(): string[] {
    return [...this.#logs.keys()];
  }

  /** Number of partitions of `topic` (1 for a topic that does not exist yet: it is created on first write). */
  partitionCount(topic: string): number {
    return this.#logs.get(topic)?.length ?? 1;
  }

  /**
   * Appends a message to its partition's log (the partition is created if needed): explicit, else by key
   * (murmur2, as the producer's default partitioner), else 0. Returns the message as a consumer reads it.
   */
  append(message: OutgoingMessage, transaction?: ProducedTransaction): KafkaMessage {
    const key = message.key === undefined || message.key === null ? null : Buffer.from(message.key);
    const partition =
      message.partition ?? (key === null ? 0 : partitionForKey(key, this.partitionCount(message.topic)));
    if (!Number.isInteger(partition) || partition < 0) {
      throw new RangeError(`Topic '${message.topic}': partition must be an integer >= 0, got ${String(partition)}`);
    }
    this.createTopic(message.topic, partition + 1);
    const log = this.#logs.get(message.topic)![partition]!;
    const stored: KafkaMessage = {
      topic: message.topic,
      partition,
      offset: log.length,
      key,
      value: message.value,
      headers: [...(message.headers ?? [])],
      timestamp: message.timestamp ?? Date.now(),
      size: message.value?.length ?? 0,
    };
    log.push({ message: stored, transaction });
    return stored;
  }

  /** Records a message a producer wrote (appended to its log, captured in `produced`). */
  produce(message: OutgoingMessage, transaction?: ProducedTransaction): ProducedMessage {
    const stored = this.append(message, transaction);
    const produced = producedMessage(stored, transaction);
    this.#produced.push(produced);
    transaction?.messages.push(produced);
    return produced;
  }

  /** A transaction starts (`transactionalId` of its producer). */
  beginTransaction(transactionalId: string): ProducedTransaction {
    const transaction: ProducedTransaction = { transactionalId, state: 'open', messages: [], offsets: [] };
    this.#transactions.push(transaction);
    return transaction;
  }

  /** The transaction ends: committed (its messages become readable, its offsets committed) or aborted. */
  endTransaction(transaction: ProducedTransaction, state: 'committed' | 'aborted'): void {
    transaction.state = state;
    if (state !== 'committed') return;
    for (const { consumerGroup, topic, partition, offset } of transaction.offsets) {
      this.commit(consumerGroup, [{ topic, partition, offset }]);
    }
  }

  /**
   * The readable messages of a partition from `offset` on (read committed: messages of an open transaction
   * stop the read, those of an aborted one are skipped).
   */
  read(topic: string, partition: number, offset: number, max = Infinity): KafkaMessage[] {
    const log = this.#logs.get(topic)?.[partition] ?? [];
    const messages: KafkaMessage[] = [];
    for (let i = Math.max(0, offset); i < log.length && messages.length < max; i += 1) {
      const { message, transaction } = log[i]!;
      if (transaction?.state === 'open') break;
      if (transaction?.state === 'aborted') continue;
      messages.push(message);
    }
    return messages;
  }

  /** Every message of a partition's log (also those of open or aborted transactions). */
  log(topic: string, partition = 0): KafkaMessage[] {
    return (this.#logs.get(topic)?.[partition] ?? []).map((entry) => entry.message);
  }

  /** The offset the next message of the partition gets (its high watermark). */
  endOffset(topic: string, partition: number): number {
    return this.#logs.get(topic)?.[partition]?.length ?? 0;
  }

  /** Commits `offsets` for `consumerGroup`. */
  commit(consumerGroup: string, offsets: readonly TopicPartitionOffset[]): void {
    for (const { topic, partition, offset } of offsets) {
      this.#committed.set(`${consumerGroup}\u0000${tpKey(topic, partition)}`, offset);
      this.#commits.push({ consumerGroup, topic, partition, offset });
    }
  }

  /** The committed offset (next to read) of a group's partition, if any. */
  committedOffset(consumerGroup: string, topic: string, partition: number): number | undefined {
    return this.#committed.get(`${consumerGroup}\u0000${tpKey(topic, partition)}`);
  }

  /** Every commit, in order. */
  get commits(): readonly CommittedOffset[] {
    return this.#commits;
  }

  /**
   * Messages producers wrote, in order: those outside transactions and those of committed transactions (not
   * those of open or aborted ones: see `transactions`).
   */
  get produced(): ProducedMessage[] {
    return this.#produced.filter((m) => m.transaction === undefined || m.transaction.state === 'committed');
  }

  /** Every transaction, in order, with its messages, offsets and how it ended. */
  get transactions(): readonly ProducedTransaction[] {
    return this.#transactions;
  }

  /** Forgets every topic, message, commit and transaction. */
  reset(): void {
    this.#logs.clear();
    this.#committed.clear();
    this.#commits.length = 0;
    this.#produced.length = 0;
    this.#transactions.length = 0;
  }
}
