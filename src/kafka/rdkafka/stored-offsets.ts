/**
 * The offsets a consumer stored for its next commit, per partition it owns. librdkafka keeps its own copy, but
 * commits go through `commitCb` with explicit offsets (so that the driver can confirm them), which needs the
 * list; a partition this member no longer owns is forgotten, so its offset is never committed again.
 */
import type { TopicPartition, TopicPartitionOffset } from '../types.js';

const key = (topic: string, partition: number): string => `${topic}\u0000${String(partition)}`;

/** Stored offsets by partition. */
export class StoredOffsets {
  readonly #offsets = new Map<string, TopicPartitionOffset>();

  /** Records offsets stored for the next commit (the latest per partition wins). */
  store(offsets: readonly TopicPartitionOffset[]): void {
    for (const o of offsets) this.#offsets.set(key(o.topic, o.partition), o);
  }

  /** Forgets partitions this consumer no longer owns. */
  forget(partitions: readonly TopicPartition[]): void {
    for (const p of partitions) this.#offsets.delete(key(p.topic, p.partition));
  }

  /** Forgets every partition (the whole assignment was revoked). */
  clear(): void {
    this.#offsets.clear();
  }

  /** The offset stored now for a partition, if any. */
  get(topic: string, partition: number): number | undefined {
    return this.#offsets.get(key(topic, partition))?.offset;
  }

  /** Stored offsets of the `assigned` partitions. */
  of(assigned: readonly TopicPartition[]): TopicPartitionOffset[] {
    return assigned.flatMap((p) => {
      const stored = this.#offsets.get(key(p.topic, p.partition));
      return stored === undefined ? [] : [stored];
    });
  }
}
