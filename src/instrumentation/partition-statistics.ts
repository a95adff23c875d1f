/**
 * Reading one partition's figures out of a librdkafka statistics report (`statistics.interval.ms`): offsets,
 * watermarks, lag and fetch state of every partition of every topic the client reports. Shared by whatever
 * reads client statistics (inline insights, metrics, the web UI's reports) so the report is decoded one way.
 */

/** One partition's figures, as the client reported them. Offsets are "next to read"; null: not known. */
export interface PartitionFigures {
  readonly topic: string;
  readonly partition: number;
  /**
   * Messages between the committed offset and the end of the partition (`consumer_lag`: up to the last stable
   * offset under `isolation.level=read_committed`, librdkafka's default; the high watermark otherwise).
   */
  readonly lag: number | null;
  /** The same from the stored (marked, not yet committed) offset (`consumer_lag_stored`). */
  readonly lagStored: number | null;
  /** The group's committed offset (`committed_offset`); null when none was committed or it is not known yet. */
  readonly committedOffset: number | null;
  /** The offset stored to be committed next (`stored_offset`); null when none. */
  readonly storedOffset: number | null;
  /** The partition's high watermark: offset of the next message produced (`hi_offset`). */
  readonly highWatermark: number | null;
  /** The partition's low watermark: its oldest offset still kept (`lo_offset`). */
  readonly lowWatermark: number | null;
  /** The last stable offset (`ls_offset`; below it every transaction is decided). */
  readonly lastStableOffset: number | null;
  /**
   * The client's fetch state of the partition (`fetch_state`): `active` while it fetches, `none` when not
   * assigned, `offset-query` / `offset-wait` while it looks its position up, `stopping`, `stopped`...
   */
  readonly fetchState: string | null;
  /** The partition's entry in the report, untouched (librdkafka's field names). */
  readonly statistics: Readonly<Record<string, unknown>>;
}

type Json = Readonly<Record<string, unknown>>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null;

/** librdkafka reports unknown offsets and lags as negative numbers (-1, -1001). */
const figure = (value: unknown): number | null => (typeof value === 'number' && value >= 0 ? value : null);

/**
 * Every partition of every topic in a statistics report (librdkafka's internal partition -1 left out). A report
 * without topics gives none.
 */
export function readPartitionFigures(statistics: Json): PartitionFigures[] {
  const topics = statistics.topics;
  if (!isObject(topics)) return [];
  const figures: PartitionFigures[] = [];
  for (const [topic, value] of Object.entries(topics)) {
    const partitions = isObject(value) ? value.partitions : undefined;
    if (!isObject(partitions)) continue;
    for (const [id, raw] of Object.entries(partitions)) {
      const partition = Number(id);
      if (!Number.isInteger(partition) || partition < 0 || !isObject(raw)) continue;
      figures.push({
        topic,
        partition,
        lag: figure(raw.consumer_lag),
        lagStored: figure(raw.consumer_lag_stored),
        committedOffset: figure(raw.committed_offset),
        storedOffset: figure(raw.stored_offset),
        highWatermark: figure(raw.hi_offset),
        lowWatermark: figure(raw.lo_offset),
        lastStableOffset: figure(raw.ls_offset),
        fetchState: typeof raw.fetch_state === 'string' ? raw.fetch_state : null,
        statistics: raw,
      });
    }
  }
  return figures;
}

/** A partition's figures and when they arrived: what a consumer sees as `this.insights`. */
export interface PartitionInsights extends PartitionFigures {
  /** When the client's report with these figures arrived (ms since the epoch). */
  readonly takenAt: number;
}
