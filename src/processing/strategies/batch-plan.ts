/**
 * The jobs a batch of one partition becomes, as a strategy plans them: one job with the whole batch (the
 * default), or, under virtual partitions, up to `maxPartitions` jobs that run side by side, each with the
 * messages of some keys in offset order.
 */
import type { KafkaMessage } from '../../kafka/types.js';
import type { Message } from '../../messages/message.js';

/** One job of a plan: the messages one consumer instance processes in order. */
export interface PlannedPart {
  /** Which consumer instance of the partition runs it (the virtual partition; 0 without virtual partitions). */
  readonly index: number;
  /** Its messages, in offset order (never empty). */
  readonly messages: readonly KafkaMessage[];
  /** The same messages already wrapped (when the partitioner needed them), else built by the executor. */
  readonly wrapped?: readonly Message<unknown>[];
}

/** How a batch runs. */
export interface BatchPlan {
  /** Every message planned, in offset order (the batch, or its front when the rest waits for the next plan). */
  readonly messages: readonly KafkaMessage[];
  /** The jobs, run side by side; together they hold exactly `messages`. */
  readonly parts: readonly PlannedPart[];
  /** True when an earlier split batch failed and this one runs as one sequential job until past the failure. */
  readonly collapsed: boolean;
  /** Set when the virtual partitioner threw: the batch runs as one job and the error is reported. */
  readonly partitionerError?: unknown;
}

/** The whole batch as one job (the plan of every strategy without virtual partitions). */
export function singleJob(batch: readonly KafkaMessage[], collapsed = false): BatchPlan {
  return { messages: batch, parts: [{ index: 0, messages: batch }], collapsed };
}
