/**
 * Messages of a packed batch (`KafkaConsumer#consumePacked` of the project's client fork): one `ArrayBuffer`
 * holds a row of doubles per message and every key, value and header; a message reads its row when it is
 * created and slices its key, value and headers out of the shared bytes only when they are first read.
 */
import type { PackedBatch, PackedLayout } from '@karafka-ts/kafka-native';
import type { FetchedRun, KafkaHeader, KafkaMessage } from '../types.js';
import { cutRuns } from '../fetched-runs.js';
import { library } from './library.js';

/** Shared by every message without headers. */
const NO_HEADERS: readonly KafkaHeader[] = Object.freeze([]);
/** A header without a value reads as empty, as on the plain path (the binding's own conversion). */
const EMPTY = Buffer.alloc(0);
/** A key, value or header list not sliced out of the batch yet. */
const UNREAD: unique symbol = Symbol('unread');

/** Stands in when the library has no packed consume (upstream's binding): nothing is packed then. */
const NO_LAYOUT: PackedLayout = {
  ROW_FIELDS: 0,
  OFFSET: 0,
  TIMESTAMP: 0,
  PARTITION: 0,
  TOPIC_INDEX: 0,
  DATA_START: 0,
  KEY_LENGTH: 0,
  VALUE_LENGTH: 0,
  LEADER_EPOCH: 0,
  HEADER_START: 0,
  HEADER_COUNT: 0,
  HEADER_FIELDS: 0,
  NAME_START: 0,
  NAME_LENGTH: 0,
  HEADER_VALUE_START: 0,
  HEADER_VALUE_LENGTH: 0,
};

/** The library as it may be: upstream's binding (aliased in place of the fork) has no `packedLayout`. */
const loaded: { readonly packedLayout?: PackedLayout } = library;
const layout: PackedLayout = loaded.packedLayout ?? NO_LAYOUT;
const {
  ROW_FIELDS,
  OFFSET,
  TIMESTAMP,
  PARTITION,
  TOPIC_INDEX,
  DATA_START,
  KEY_LENGTH,
  VALUE_LENGTH,
  LEADER_EPOCH,
  HEADER_START,
  HEADER_COUNT,
  HEADER_FIELDS,
  NAME_START,
  NAME_LENGTH,
  HEADER_VALUE_START,
  HEADER_VALUE_LENGTH,
} = layout;

/**
 * A message of a packed batch. Every instance has the same five fields, set in the same order (one hidden
 * class); the `KafkaMessage` fields are read from the batch's row when asked for, which keeps the object small
 * (a no-op drain creates and drops a million of them in seconds: measured a third of the cost of copying the
 * row into fields).
 */
class PackedMessage implements KafkaMessage {
  readonly #batch: PackedBatch;
  /** Index of the message's first double in `rows`. */
  readonly #row: number;
  #key: Buffer | null | typeof UNREAD = UNREAD;
  #value: Buffer | null | typeof UNREAD = UNREAD;
  #headers: readonly KafkaHeader[] | typeof UNREAD = UNREAD;

  constructor(batch: PackedBatch, row: number) {
    this.#batch = batch;
    this.#row = row;
  }

  get topic(): string {
    return this.#batch.topics[this.#batch.rows[this.#row + TOPIC_INDEX]!]!;
  }

  get partition(): number {
    return this.#batch.rows[this.#row + PARTITION]!;
  }

  get offset(): number {
    return this.#batch.rows[this.#row + OFFSET]!;
  }

  get timestamp(): number {
    return this.#batch.rows[this.#row + TIMESTAMP]!;
  }

  get size(): number {
    const length = this.#batch.rows[this.#row + VALUE_LENGTH]!;
    return length < 0 ? 0 : length;
  }

  get leaderEpoch(): number | undefined {
    const epoch = this.#batch.rows[this.#row + LEADER_EPOCH]!;
    return epoch < 0 ? undefined : epoch;
  }

  get key(): Buffer | null {
    if (this.#key === UNREAD) {
      const rows = this.#batch.rows;
      this.#key = this.#slice(rows[this.#row + DATA_START]!, rows[this.#row + KEY_LENGTH]!);
    }
    return this.#key;
  }

  get value(): Buffer | null {
    if (this.#value === UNREAD) {
      const rows = this.#batch.rows;
      const keyLength = rows[this.#row + KEY_LENGTH]!;
      const start = rows[this.#row + DATA_START]! + (keyLength < 0 ? 0 : keyLength);
      this.#value = this.#slice(start, rows[this.#row + VALUE_LENGTH]!);
    }
    return this.#value;
  }

  get headers(): readonly KafkaHeader[] {
    if (this.#headers === UNREAD) this.#headers = this.#readHeaders();
    return this.#headers;
  }

  #slice(start: number, length: number): Buffer | null {
    return length < 0 ? null : this.#batch.bytes.subarray(start, start + length);
  }

  #readHeaders(): readonly KafkaHeader[] {
    const count = this.#batch.rows[this.#row + HEADER_COUNT]!;
    if (count === 0) return NO_HEADERS;
    const { headerRows, bytes } = this.#batch;
    const first = this.#batch.rows[this.#row + HEADER_START]!;
    const headers: KafkaHeader[] = [];
    for (let at = first * HEADER_FIELDS; at < (first + count) * HEADER_FIELDS; at += HEADER_FIELDS) {
      const nameStart = headerRows[at + NAME_START]!;
      const valueStart = headerRows[at + HEADER_VALUE_START]!;
      const valueLength = headerRows[at + HEADER_VALUE_LENGTH]!;
      headers.push({
        key: bytes.toString('utf8', nameStart, nameStart + headerRows[at + NAME_LENGTH]!),
        value: valueLength < 0 ? EMPTY : bytes.subarray(valueStart, valueStart + valueLength),
      });
    }
    return headers;
  }
}

/** Consecutive messages of one partition in a packed batch: no object per message until `slice`. */
class PackedRun implements FetchedRun {
  readonly #batch: PackedBatch;
  /** Index of the run's first message in the batch. */
  readonly #first: number;
  readonly length: number;

  constructor(batch: PackedBatch, first: number, length: number) {
    this.#batch = batch;
    this.#first = first;
    this.length = length;
  }

  get topic(): string {
    return this.#batch.topics[this.#batch.rows[this.#first * ROW_FIELDS + TOPIC_INDEX]!]!;
  }

  get partition(): number {
    return this.#batch.rows[this.#first * ROW_FIELDS + PARTITION]!;
  }

  offsetAt(index: number): number {
    return this.#batch.rows[(this.#first + index) * ROW_FIELDS + OFFSET]!;
  }

  bytesBetween(from: number, to: number): number {
    const rows = this.#batch.rows;
    let bytes = 0;
    for (let row = (this.#first + from) * ROW_FIELDS; row < (this.#first + to) * ROW_FIELDS; row += ROW_FIELDS) {
      const key = rows[row + KEY_LENGTH]!;
      const value = rows[row + VALUE_LENGTH]!;
      bytes += (key < 0 ? 0 : key) + (value < 0 ? 0 : value);
    }
    return bytes;
  }

  slice(from: number, to: number): KafkaMessage[] {
    const end = Math.min(to, this.length);
    const messages = new Array<KafkaMessage>(Math.max(0, end - from));
    for (let i = from; i < end; i++)
      messages[i - from] = new PackedMessage(this.#batch, (this.#first + i) * ROW_FIELDS);
    return messages;
  }
}

/**
 * The messages of a packed batch as runs, in fetch order: a run ends where the topic or partition changes or the
 * offset does not increase.
 */
export function packedRuns(batch: PackedBatch): FetchedRun[] {
  const { rows } = batch;
  return cutRuns(
    batch.count,
    (i) => {
      const row = i * ROW_FIELDS;
      const previous = row - ROW_FIELDS;
      return (
        rows[row + PARTITION] === rows[previous + PARTITION] &&
        rows[row + TOPIC_INDEX] === rows[previous + TOPIC_INDEX] &&
        rows[row + OFFSET]! > rows[previous + OFFSET]!
      );
    },
    (start, end) => new PackedRun(batch, start, end - start),
  );
}
