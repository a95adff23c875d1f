/**
 * Runs of fetched messages: consecutive messages of one partition, in increasing offset order. A driver that
 * keeps a fetch packed hands its runs over without making an object per message; `ArrayRun` is the run of
 * messages that are objects already (the plain path, in-memory drivers).
 */
import type { FetchedRun, KafkaMessage } from './types.js';

/** Key and value bytes a message holds in memory. */
function bytesOfMessage(message: KafkaMessage): number {
  return message.size + (message.key?.length ?? 0);
}

/** A run over messages that are objects already. */
export class ArrayRun implements FetchedRun {
  readonly #messages: readonly KafkaMessage[];

  /** `messages`: one partition's, offsets increasing, at least one. */
  constructor(messages: readonly KafkaMessage[]) {
    if (messages.length === 0) throw new Error('A run holds at least one message');
    this.#messages = messages;
  }

  get topic(): string {
    return this.#messages[0]!.topic;
  }

  get partition(): number {
    return this.#messages[0]!.partition;
  }

  get length(): number {
    return this.#messages.length;
  }

  offsetAt(index: number): number {
    return this.#messages[index]!.offset;
  }

  bytesBetween(from: number, to: number): number {
    let bytes = 0;
    for (let i = from; i < to; i++) bytes += bytesOfMessage(this.#messages[i]!);
    return bytes;
  }

  slice(from: number, to: number): KafkaMessage[] {
    return this.#messages.slice(from, to);
  }
}

/**
 * Cuts `count` fetched messages (in fetch order) into runs: message `i` starts a new run unless
 * `continuesRun(i)` (same topic and partition as message `i - 1`, higher offset). `makeRun` builds the run of
 * the messages at indexes `start` (included) to `end` (excluded).
 */
export function cutRuns(
  count: number,
  continuesRun: (index: number) => boolean,
  makeRun: (start: number, end: number) => FetchedRun,
): FetchedRun[] {
  const runs: FetchedRun[] = [];
  let start = 0;
  for (let i = 1; i <= count; i++) {
    if (i < count && continuesRun(i)) continue;
    runs.push(makeRun(start, i));
    start = i;
  }
  return runs;
}

/**
 * `messages` (in fetch order) as runs: a run ends where the partition changes or the offset does not increase
 * (data fetched again after a seek back starts a new run).
 */
export function runsOf(messages: readonly KafkaMessage[]): FetchedRun[] {
  return cutRuns(
    messages.length,
    (i) => {
      const previous = messages[i - 1]!;
      const message = messages[i]!;
      return (
        message.partition === previous.partition && message.topic === previous.topic && message.offset > previous.offset
      );
    },
    (start, end) => new ArrayRun(messages.slice(start, end)),
  );
}

/** The runs of a poll: its own when the driver kept them, else its messages grouped. */
export function runsOfPoll(result: {
  readonly messages: readonly KafkaMessage[];
  readonly runs?: readonly FetchedRun[];
}): readonly FetchedRun[] {
  return result.runs ?? runsOf(result.messages);
}

/** Messages in `runs`. */
export function countOfRuns(runs: readonly FetchedRun[]): number {
  let count = 0;
  for (const run of runs) count += run.length;
  return count;
}
