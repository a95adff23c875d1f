/**
 * The filtering API: filters look at each batch of a partition before `consume()` and decide which messages go
 * on, and whether the partition should wait (pause) or move (seek). A route lists filter factories (`filters`);
 * each assigned partition gets its own filter instances, so a filter may keep state per partition. See
 * docs/filtering.md.
 */
import type { Message } from '../messages/message.js';

/** Which partition a filter instance is built for. */
export interface FilterTarget {
  readonly topic: string;
  readonly partition: number;
}

/** What a filter sees besides the messages. */
export interface FilterContext extends FilterTarget {
  /**
   * The time the batch is filtered at (ms since the epoch). Every filter of the chain sees the same value: use
   * it instead of `Date.now()`. The batch's `messages.metadata.scheduledAt` is this time too.
   */
  readonly now: number;
}

/**
 * Pause the partition: the message at offset `from` and every later one are not consumed now; fetching stops
 * and, once the pause is over, processing goes on from `from`. `until` is a time (a `Date` or ms since the
 * epoch).
 */
export interface FilterPauseUntil {
  readonly kind: 'pause';
  readonly from: number;
  readonly until: Date | number;
}

/** Pause the partition for `durationMs` from now, then go on from offset `from` (see `FilterPauseUntil`). */
export interface FilterPauseFor {
  readonly kind: 'pause';
  readonly from: number;
  readonly durationMs: number;
}

/**
 * Move the partition: messages at and after `offset` are not consumed now; after the batch, fetching restarts at
 * `offset` (backwards: they are read again; forwards: the messages in between are skipped, never marked).
 */
export interface FilterSeek {
  readonly kind: 'seek';
  readonly offset: number;
}

/** What a filter may ask for besides dropping messages. */
export type FilterAction = FilterPauseUntil | FilterPauseFor | FilterSeek;

/**
 * What a filter decided about the messages it was given. (`passed` is typed without the payload type, so that a
 * filter written for any payload fits every route.)
 */
export interface FilterVerdict {
  /**
   * The messages that go on (to the next filter, then to `consume()`): some of the messages given, in their
   * order. A message left out is dropped: it is never consumed (and is marked when that is safe, see
   * docs/filtering.md), unless it is at or after the cursor of `action` (then it is fetched again later).
   */
  readonly passed: readonly Message<unknown>[];
  /** Pause or seek the partition; messages at and after its offset are not consumed now. */
  readonly action?: FilterAction;
}

/**
 * A filter of one partition. `apply` is called with every batch of the partition before `consume()` (with what
 * the previous filters of the chain let through, never empty), synchronously: keep it fast. An error it throws
 * fails the batch: it is retried after the topic's backoff, like an error of `consume()`.
 */
export interface MessageFilter<P = unknown> {
  /** Short name, reported in events and logs (`throttle`, `delay`, `expire`, or yours). */
  readonly name: string;
  /** Decides which of `messages` (offset order) go on, and whether the partition waits or moves. */
  apply(messages: readonly Message<P>[], context: FilterContext): FilterVerdict;
}

/**
 * Builds the filter of one partition; called when the partition is assigned (again after every assignment),
 * so state kept in the filter is per partition.
 */
export type FilterFactory<P = unknown> = (target: FilterTarget) => MessageFilter<P>;
