/**
 * Fetched messages of one partition that no job took yet, in offset order, with their size in memory and the
 * offset below which fetched data is stale (already taken, or seeked past). Data is held as the driver fetched it
 * (runs, packed when the driver packs): message objects are made only for the batch a job takes.
 */
import { ArrayRun } from '../kafka/fetched-runs.js';
import type { FetchedRun, KafkaMessage } from '../kafka/types.js';

/** The part of a run still held: its messages from `from` on. */
interface Segment {
  readonly run: FetchedRun;
  from: number;
}

/** The fetched-but-unprocessed messages of a partition. */
export class PartitionBuffer {
  #segments: Segment[] = [];
  #count = 0;
  #bytes = 0;
  #nextFetchOffset = -1;

  /** Messages held. */
  get count(): number {
    return this.#count;
  }

  /** Key and value bytes held. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Offset the next fetched message is expected at: data below it is stale (-1 before any data or seek). */
  get nextFetchOffset(): number {
    return this.#nextFetchOffset;
  }

  /**
   * Appends a run of fetched messages, dropping stale ones (below `nextFetchOffset`). Returns the offset of the
   * first message kept, if any.
   */
  accept(run: FetchedRun): number | undefined {
    let from = 0;
    while (from < run.length && run.offsetAt(from) < this.#nextFetchOffset) from++;
    if (from === run.length) return undefined;
    this.#segments.push({ run, from });
    this.#count += run.length - from;
    this.#bytes += run.bytesBetween(from, run.length);
    this.#nextFetchOffset = run.offsetAt(run.length - 1) + 1;
    return run.offsetAt(from);
  }

  /** Takes up to `max` messages off the front. */
  take(max: number): KafkaMessage[] {
    let batch: KafkaMessage[] = [];
    while (batch.length < max && this.#segments.length > 0) {
      const segment = this.#segments[0]!;
      const to = Math.min(segment.run.length, segment.from + max - batch.length);
      const taken = segment.run.slice(segment.from, to);
      if (batch.length === 0) batch = taken;
      else for (const message of taken) batch.push(message);
      this.#count -= to - segment.from;
      this.#bytes -= segment.run.bytesBetween(segment.from, to);
      segment.from = to;
      if (to === segment.run.length) this.#segments.shift();
    }
    return batch;
  }

  /** Puts taken messages back at the front, from offset `from` on. */
  giveBack(messages: readonly KafkaMessage[], from: number): void {
    const kept = messages.filter((m) => m.offset >= from);
    if (kept.length === 0) return;
    const run = new ArrayRun(kept);
    this.#segments.unshift({ run, from: 0 });
    this.#count += kept.length;
    this.#bytes += run.bytesBetween(0, kept.length);
  }

  /** Drops every message held. */
  drop(): void {
    this.#segments = [];
    this.#count = 0;
    this.#bytes = 0;
  }

  /** The client fetches from `offset` now (-2 earliest, -1 latest: known once data comes). */
  fetchingFrom(offset: number): void {
    this.#nextFetchOffset = offset >= 0 ? offset : -1;
  }
}
