/**
 * The filters of one partition, applied in order to each batch before `consume()`: built from the topic's
 * filtering options when the partition is assigned (expire, delay, the route's own filters, throttle), so each
 * keeps its state for this partition only. Each filter gets what the previous ones let through, below the
 * lowest pause or seek cursor asked for so far; the lowest cursor wins (ties: the longest pause).
 */
import type { KafkaMessage } from '../../kafka/types.js';
import { Message } from '../../messages/message.js';
import type { TopicFiltering } from '../../routing/filtering-feature.js';
import type { FilterAction, FilterContext, MessageFilter } from '../../routing/message-filter.js';
import type { Topic } from '../../routing/topic.js';
import { DelayFilter } from './delay-filter.js';
import { ExpireFilter } from './expire-filter.js';
import { ThrottleFilter } from './throttle-filter.js';

/** A pause or a seek, as the chain settled it. */
export type ChainAction =
  | { readonly kind: 'pause'; readonly from: number; readonly until: number; readonly by: string }
  | { readonly kind: 'seek'; readonly offset: number; readonly by: string };

/** What the chain made of a batch. */
export interface FilterOutcome {
  /** The messages to consume, in offset order. */
  readonly passed: readonly KafkaMessage[];
  /** Messages at and after the action's cursor: not consumed now, fetched again after the pause or seek. */
  readonly deferred: readonly KafkaMessage[];
  /** Messages dropped for good (before the cursor). */
  readonly dropped: number;
  /** Where the batch's fate ends (next to read): the cursor, or past the batch's last message. */
  readonly end: number;
  readonly action: ChainAction | undefined;
  /** Names of the filters that dropped or deferred messages, or asked for the action. */
  readonly by: readonly string[];
}

/** The filter chain of one partition. */
export class FilterChain {
  readonly #topic: Topic;
  readonly #filtering: TopicFiltering;
  #filters: readonly MessageFilter[] | undefined;

  /** @param filtering the topic's filtering options (the filters are built on the partition's first batch) */
  constructor(topic: Topic, filtering: TopicFiltering) {
    this.#topic = topic;
    this.#filtering = filtering;
  }

  /** The filters, built once for this partition (a factory that throws is called again with the next batch). */
  #built(partition: number): readonly MessageFilter[] {
    if (this.#filters !== undefined) return this.#filters;
    const filtering = this.#filtering;
    const target = { topic: this.#topic.name, partition };
    this.#filters = [
      ...(filtering.expire === undefined ? [] : [new ExpireFilter(filtering.expire)]),
      ...(filtering.delay === undefined ? [] : [new DelayFilter(filtering.delay)]),
      ...filtering.filters.map((factory) => checkedFilter(factory(target), target.topic)),
      ...(filtering.throttle === undefined ? [] : [new ThrottleFilter(filtering.throttle)]),
    ];
    return this.#filters;
  }

  /** Applies every filter to `batch` (offset order, not empty) at time `now`. Throws what a filter threw. */
  apply(batch: readonly KafkaMessage[], now: number): FilterOutcome {
    const { deserialize, deserializerName } = this.#topic;
    let current = batch.map((raw) => new Message(raw, deserialize, deserializerName));
    const { partition } = batch[0]!;
    const context: FilterContext = { topic: this.#topic.name, partition, now };
    let action: ChainAction | undefined;
    const by = new Set<string>();
    for (const filter of this.#built(partition)) {
      if (current.length === 0) break;
      const verdict = filter.apply(current, context);
      const asked = verdict.action === undefined ? undefined : settle(verdict.action, filter.name, now);
      if (asked !== undefined && wins(asked, action)) {
        action = asked;
        by.add(filter.name);
      }
      const cut = cursorOf(action);
      const next = checkedPassed(verdict.passed, current, filter.name).filter((m) => m.offset < cut);
      if (next.length < current.length) by.add(filter.name);
      current = next;
    }
    const cut = cursorOf(action);
    const passed = current.map((m) => m.raw);
    const deferred = batch.filter((m) => m.offset >= cut);
    return {
      passed,
      deferred,
      dropped: batch.length - passed.length - deferred.length,
      end: Math.min(cut, batch.at(-1)!.offset + 1),
      action,
      by: [...by],
    };
  }
}

/** The cursor of an action (Infinity: none). */
function cursorOf(action: ChainAction | undefined): number {
  if (action === undefined) return Infinity;
  return action.kind === 'pause' ? action.from : action.offset;
}

/** True when `asked` replaces `current`: a lower cursor, or a longer pause at the same one. */
function wins(asked: ChainAction, current: ChainAction | undefined): boolean {
  if (current === undefined) return true;
  const [a, b] = [cursorOf(asked), cursorOf(current)];
  if (a !== b) return a < b;
  return asked.kind === 'pause' && current.kind === 'pause' && asked.until > current.until;
}

function isOffset(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

/** A filter's action, checked, with its pause end as ms since the epoch. */
function settle(action: FilterAction, name: string, now: number): ChainAction {
  const bad = (what: string): Error =>
    new TypeError(`Filter '${name}' asked for ${what}; see docs/filtering.md for the actions a filter may return`);
  if (action.kind === 'seek') {
    if (!isOffset(action.offset)) throw bad(`a seek to offset ${String(action.offset)} (must be an integer >= 0)`);
    return { kind: 'seek', offset: action.offset, by: name };
  }
  if (action.kind !== 'pause') throw bad(`an unknown action '${String((action as { kind: unknown }).kind)}'`);
  if (!isOffset(action.from)) throw bad(`a pause from offset ${String(action.from)} (must be an integer >= 0)`);
  const until =
    'durationMs' in action
      ? now + action.durationMs
      : action.until instanceof Date
        ? action.until.getTime()
        : action.until;
  if (!Number.isFinite(until)) throw bad('a pause without a finite until time or durationMs');
  return { kind: 'pause', from: action.from, until, by: name };
}

/** `passed`, checked to be some of `given` in their order. */
function checkedPassed(passed: readonly Message[], given: readonly Message[], name: string): readonly Message[] {
  if (passed === given) return passed;
  const list: unknown = passed;
  if (!Array.isArray(list)) throw new TypeError(`Filter '${name}' returned no passed array`);
  const offsets = new Set(given.map((m) => m.raw));
  let previous = -1;
  for (const message of passed) {
    if (!(message instanceof Message) || !offsets.has(message.raw) || message.offset <= previous) {
      throw new TypeError(
        `Filter '${name}' passed a message it was not given, or out of order: return some of the messages given, in their order`,
      );
    }
    previous = message.offset;
  }
  return passed;
}

/** A user filter, checked when built. */
function checkedFilter(filter: MessageFilter, topic: string): MessageFilter {
  if (typeof filter !== 'object' || filter === null || typeof filter.apply !== 'function') {
    throw new TypeError(
      `A filter factory of topic '${topic}' returned ${filter === null ? 'null' : typeof filter}, not a filter with apply()`,
    );
  }
  return filter;
}
