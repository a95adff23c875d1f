/**
 * A batch after a strategy's filters: what is consumed, what waits for the pause or seek the filters asked for,
 * and, for a batch filtered to nothing, the decision carried out at once (mark what was dropped, pause, seek).
 */
import type { KafkaMessage } from '../../kafka/types.js';
import type { FilterOutcome } from '../filters/filter-chain.js';
import type { BatchDecision } from './batch-decision.js';

/** What a strategy's `beforeBatch` returns. */
export interface FilteredBatch {
  /** The messages to plan and consume (offset order); empty: `consume()` is not called for this batch. */
  readonly messages: readonly KafkaMessage[];
  /** Messages at and after the pause or seek cursor: back to the buffer (the pause or seek then drops them). */
  readonly deferred: readonly KafkaMessage[];
  /**
   * Offsets below it that are in neither list were dropped: they count as done (under virtual partitions the
   * stored offset may pass them once every message consumed below them is done).
   */
  readonly end: number;
  /** For a batch filtered to nothing: what to do now. Otherwise `nothing` (the strategy decides after the batch). */
  readonly decision: BatchDecision;
  /** What the filters did, for the `consumer.filtered` event (undefined when every message passed). */
  readonly outcome: FilterOutcome | undefined;
}
