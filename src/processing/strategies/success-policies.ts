/**
 * What a strategy does after a successful batch: mark its last message (the default), or leave offsets to the
 * consumer (`manualOffsetManagement`).
 */
import { type BatchDecision, NOTHING } from './batch-decision.js';
import type { FinishedBatch } from './processing-strategy.js';

/** The success half of a strategy. */
export interface SuccessPolicy {
  readonly name: string;
  afterSuccess(batch: FinishedBatch): BatchDecision;
}

/** Marks the batch's last message, unless the consumer moved the partition or kept the batch unmarked. */
export const markLastMessage: SuccessPolicy = {
  name: 'mark-last',
  afterSuccess: ({ messages, partition }) =>
    partition.batchKeptUnmarked ? NOTHING : { kind: 'mark', offset: messages.at(-1)!.offset + 1 },
};

/** Marks nothing: the consumer marks what it processed. */
export const leaveOffsetsToConsumer: SuccessPolicy = {
  name: 'manual-offsets',
  afterSuccess: () => NOTHING,
};
