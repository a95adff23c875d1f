/**
 * The strategy of a topic with virtual partitions, around the topic's own strategy (`inner`: mark or manual
 * offsets, retry or dead letter queue):
 * - plan: a batch is split by virtual key into up to `maxPartitions` jobs; while collapsed (after a failure),
 *   batches run as one sequential job up to the end of the failed jobs, then split again;
 * - after one job of a split batch: a success is marked like `inner` marks it (the mark counts only once every
 *   message below it is done, see `VirtualOffsets`); a failure waits for the batch to settle (a critical error
 *   stops at once);
 * - once a split batch settled with failures: collapse until past the failed jobs' messages and retry, after the
 *   backoff, from the lowest offset not done;
 * - a batch running as one job (collapsed, or one key only) is decided by `inner`: retries, and with a dead letter
 *   queue the failing message is dispatched there once its retries are used up.
 */
import type { KafkaMessage } from '../../kafka/types.js';
import { Message } from '../../messages/message.js';
import type { TopicPause } from '../../routing/pause-feature.js';
import type { Topic } from '../../routing/topic.js';
import type { TopicVirtualPartitions, VirtualKey } from '../../routing/virtual-partitions-feature.js';
import { byMessageKey } from '../../routing/virtual-partitions-feature.js';
import { backoffDelay } from '../backoff.js';
import { type BatchDecision, NOTHING } from './batch-decision.js';
import { type BatchPlan, singleJob } from './batch-plan.js';
import type { FinishedBatch, PartitionView, ProcessingStrategy, SettledBatch } from './processing-strategy.js';
import { splitByKey } from './virtual-split.js';

/** Virtual partitions around a topic's strategy. */
export class VirtualPartitionsStrategy implements ProcessingStrategy {
  readonly name: string;
  readonly resetsAttemptsOnMark: boolean;
  readonly maxParallelJobs: number;
  readonly longRunning: boolean;
  readonly #inner: ProcessingStrategy;
  readonly #topic: Topic;
  readonly #options: TopicVirtualPartitions;
  readonly #pause: TopicPause;

  /** @param inner the topic's strategy without virtual partitions; @param options the topic's virtual partitions */
  constructor(inner: ProcessingStrategy, topic: Topic, options: TopicVirtualPartitions) {
    this.name = `${inner.name}/virtual`;
    this.resetsAttemptsOnMark = inner.resetsAttemptsOnMark;
    this.maxParallelJobs = options.maxPartitions;
    this.longRunning = inner.longRunning;
    this.#inner = inner;
    this.#topic = topic;
    this.#options = options;
    this.#pause = topic.pause;
  }

  plan(batch: readonly KafkaMessage[], partition: PartitionView): BatchPlan {
    const until = partition.collapsedUntil;
    if (until !== undefined && batch[0]!.offset < until) {
      const end = batch.findIndex((m) => m.offset >= until);
      return singleJob(end < 0 ? batch : batch.slice(0, end), true);
    }
    const { partitioner, maxPartitions, distribution } = this.#options;
    if (maxPartitions === 1 || batch.length === 1) return singleJob(batch);
    let keys: VirtualKey[];
    let wrapped: Message<unknown>[] | undefined;
    try {
      if (partitioner === byMessageKey) keys = batch.map((m) => m.key);
      else {
        const { deserialize, deserializerName } = this.#topic;
        wrapped = batch.map((raw) => new Message(raw, deserialize, deserializerName));
        keys = wrapped.map(partitioner);
      }
    } catch (error) {
      return { ...singleJob(batch), partitionerError: error };
    }
    const groups = splitByKey(batch, keys, maxPartitions, distribution);
    return {
      messages: batch,
      parts: groups.map((group) => ({
        index: group.index,
        messages: group.messages,
        ...(wrapped === undefined ? {} : { wrapped: group.positions.map((i) => wrapped[i]!) }),
      })),
      collapsed: false,
    };
  }

  afterBatch(batch: FinishedBatch): BatchDecision {
    const decision = this.#inner.afterBatch(batch);
    if ((batch.splitInto ?? 1) <= 1 || !batch.result.failed) return decision;
    // One job of a split batch failed: stop on a critical error; otherwise the batch's end decides.
    return decision.kind === 'stop' ? decision : NOTHING;
  }

  afterPlan(batch: SettledBatch, partition: PartitionView): BatchDecision {
    const { plan, failedParts } = batch;
    if (plan.parts.length <= 1 || failedParts.length === 0 || !partition.isOwned) return NOTHING;
    const attempt = partition.attempt + 1;
    const until = Math.max(...failedParts.map((part) => part.messages.at(-1)!.offset)) + 1;
    return {
      kind: 'sequence',
      steps: [
        { kind: 'collapse', until },
        {
          kind: 'retry',
          from: partition.restartOffset ?? plan.messages[0]!.offset,
          attempt,
          delayMs: backoffDelay(this.#pause, attempt),
        },
      ],
    };
  }
}
