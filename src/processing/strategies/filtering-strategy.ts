/**
 * The strategy of a topic with filters (`filtering` feature), around the topic's own strategy (`inner`, with or
 * without virtual partitions): before a batch is planned, the partition's `FilterChain` decides what of it is
 * consumed (so virtual partitions split only what passed). After the batch (every job of it succeeded, the
 * consumer did not pause or seek, the partition is still owned) it marks the dropped messages at the end of the
 * batch, when that is safe, and carries out the filters' pause or seek. A batch filtered to nothing is not
 * consumed: the same follow-up is decided at once.
 *
 * Marking dropped messages is safe only when every message before them is done: the partition's restart offset
 * (its last stored offset, or under virtual partitions the lowest offset not done) has reached them. So under
 * manual offsets they are marked only once your marks reached the last consumed message.
 */
import type { KafkaMessage } from '../../kafka/types.js';
import type { TopicFiltering } from '../../routing/filtering-feature.js';
import type { Topic } from '../../routing/topic.js';
import { type FilterOutcome, FilterChain } from '../filters/filter-chain.js';
import { type BatchDecision, NOTHING } from './batch-decision.js';
import type { BatchPlan } from './batch-plan.js';
import type { FilteredBatch } from './filtered-batch.js';
import type { FinishedBatch, PartitionView, ProcessingStrategy, SettledBatch } from './processing-strategy.js';

/** Filters around a topic's strategy (one instance per partition: the chain keeps the partition's state). */
export class FilteringStrategy implements ProcessingStrategy {
  readonly name: string;
  readonly resetsAttemptsOnMark: boolean;
  readonly maxParallelJobs: number;
  readonly longRunning: boolean;
  readonly #inner: ProcessingStrategy;
  readonly #chain: FilterChain;
  /** What the filters did to the planned batch, while its follow-up is still to come. */
  #pending: FilterOutcome | undefined;
  /** Where the previous batch's fate ended (to tell a gap in offsets from unfinished work). */
  #previousEnd: number | undefined;

  /** @param inner the topic's strategy without filters; @param filtering the topic's filters */
  constructor(inner: ProcessingStrategy, topic: Topic, filtering: TopicFiltering) {
    this.name = `${inner.name}/filtered`;
    this.resetsAttemptsOnMark = inner.resetsAttemptsOnMark;
    this.maxParallelJobs = inner.maxParallelJobs;
    this.longRunning = inner.longRunning;
    this.#inner = inner;
    this.#chain = new FilterChain(topic, filtering);
  }

  beforeBatch(batch: readonly KafkaMessage[], partition: PartitionView, now: number): FilteredBatch {
    this.#pending = undefined;
    const outcome = this.#chain.apply(batch, now);
    const changed = outcome.passed.length < batch.length || outcome.action !== undefined;
    const filtered = {
      messages: outcome.passed,
      deferred: outcome.deferred,
      end: outcome.end,
      outcome: changed ? outcome : undefined,
    };
    const previousEnd = this.#previousEnd;
    this.#previousEnd = outcome.end;
    if (outcome.passed.length > 0) {
      if (changed) this.#pending = outcome;
      return { ...filtered, decision: NOTHING };
    }
    // Nothing to consume: everything before the batch must be done for its dropped messages to be marked; a
    // restart offset at the previous batch's end means the offsets in between do not exist (compaction,
    // transaction markers).
    const first = batch[0]!.offset;
    const restart = partition.restartOffset;
    const upToDate = restart !== undefined && (restart >= first || restart === previousEnd);
    return { ...filtered, decision: followUp(outcome, upToDate ? first : undefined) };
  }

  plan(batch: readonly KafkaMessage[], partition: PartitionView): BatchPlan {
    const plan = this.#inner.plan(batch, partition);
    // A plan taking only the front of the batch (collapsed virtual partitions): the rest is filtered again.
    if (plan.messages.length < batch.length) this.#pending = undefined;
    return plan;
  }

  afterBatch(batch: FinishedBatch): BatchDecision {
    // A failure (retried from the last mark) or a consumer that paused or seeked: the filters' follow-up is void.
    if (batch.result.failed || batch.partition.batchKeptUnmarked) this.#pending = undefined;
    return this.#inner.afterBatch(batch);
  }

  afterPlan(batch: SettledBatch, partition: PartitionView): BatchDecision {
    const decision = this.#inner.afterPlan(batch, partition);
    const outcome = this.#pending;
    this.#pending = undefined;
    if (outcome === undefined || batch.failedParts.length > 0 || !partition.isOwned) return decision;
    const trailing = outcome.passed.at(-1)!.offset + 1;
    const restart = partition.restartOffset;
    const next = followUp(outcome, restart !== undefined && restart >= trailing ? trailing : undefined);
    if (decision.kind === 'nothing') return next;
    return { kind: 'sequence', steps: [decision, next] };
  }
}

/**
 * What follows a filtered batch: mark up to the end of the batch's fate when messages from `markFrom` (the first
 * dropped one after everything done; undefined: marking is not safe) were dropped, then the filters' pause or
 * seek.
 */
function followUp(outcome: FilterOutcome, markFrom: number | undefined): BatchDecision {
  const steps: BatchDecision[] = [];
  if (markFrom !== undefined && outcome.end > markFrom) steps.push({ kind: 'mark', offset: outcome.end });
  const { action } = outcome;
  if (action?.kind === 'pause')
    steps.push({ kind: 'pause', from: action.from, until: action.until, filter: action.by });
  if (action?.kind === 'seek') steps.push({ kind: 'seek', offset: action.offset });
  if (steps.length === 0) return NOTHING;
  return steps.length === 1 ? steps[0]! : { kind: 'sequence', steps };
}
