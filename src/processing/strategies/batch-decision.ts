/**
 * What happens after a batch, as a value: a strategy returns one, the scheduler's `DecisionRunner` carries it
 * out. Offsets are "next to read" positions (the last processed message's offset + 1), as Kafka commits them.
 */
import type { KafkaMessage } from '../../kafka/types.js';

/** Store `offset` for commit (every message below it is done) and go on. */
export interface MarkDecision {
  readonly kind: 'mark';
  readonly offset: number;
}

/** Back off for `delayMs`, then process again from `from`: the batch's failed attempt number `attempt`. */
export interface RetryDecision {
  readonly kind: 'retry';
  readonly from: number;
  readonly attempt: number;
  readonly delayMs: number;
}

/**
 * Produce `message` to the topic's dead letter queue, mark it and go on after it; when the dispatch fails,
 * carry out `otherwise` (a retry) instead.
 */
export interface DeadLetterDecision {
  readonly kind: 'deadLetter';
  readonly message: KafkaMessage;
  readonly error: unknown;
  /** Failed attempts of the message, reported in its headers. */
  readonly attempt: number;
  readonly otherwise: RetryDecision;
}

/** Hold the partition (no job starts, fetching stops) until `until` (ms since the epoch), then go on from `from`. */
export interface PauseDecision {
  readonly kind: 'pause';
  readonly from: number;
  readonly until: number;
  /** The filter that asked for the pause, when one did (reported in the pause event). */
  readonly filter?: string;
}

/** Restart fetching at `offset`: what was fetched after it is dropped. */
export interface SeekDecision {
  readonly kind: 'seek';
  readonly offset: number;
}

/**
 * Virtual partitions after a failed split batch: the partition's batches run as one sequential job ("collapsed")
 * until processing is past `until` (the failing messages), then split again.
 */
export interface CollapseDecision {
  readonly kind: 'collapse';
  readonly until: number;
}

/** A critical error: the server stops; nothing is marked. */
export interface StopDecision {
  readonly kind: 'stop';
  readonly error: unknown;
}

/**
 * Nothing to do: the consumer manages offsets, or it paused or seeked and so moved the partition itself, or
 * the partition is no longer owned (its next owner starts from the committed offset).
 */
export interface NothingDecision {
  readonly kind: 'nothing';
}

/** Several decisions carried out in order (a filter marking the messages it dropped, then pausing). */
export interface SequenceDecision {
  readonly kind: 'sequence';
  readonly steps: readonly BatchDecision[];
}

/** What happens after a batch. */
export type BatchDecision =
  | MarkDecision
  | RetryDecision
  | DeadLetterDecision
  | PauseDecision
  | SeekDecision
  | CollapseDecision
  | StopDecision
  | NothingDecision
  | SequenceDecision;

/** The decision to do nothing (shared: it carries no data). */
export const NOTHING: NothingDecision = { kind: 'nothing' };
