/**
 * The latest statistics figures of a listener's partitions, for inline insights: every statistics report of the
 * listener's client replaces the figures of the partitions it names; a partition the client no longer fetches
 * (`fetch_state` `none`) or that is assigned again is forgotten, so a consumer never sees figures from before
 * its assignment.
 */
import { type PartitionInsights, readPartitionFigures } from '../instrumentation/partition-statistics.js';

const key = (topic: string, partition: number): string => `${topic}\u0000${String(partition)}`;

/** Latest figures per partition of one client. */
export class PartitionInsightsStore {
  readonly #latest = new Map<string, PartitionInsights>();

  /** Takes one statistics report of the client (arrived at `now`). */
  record(statistics: Readonly<Record<string, unknown>>, now = Date.now()): void {
    for (const figures of readPartitionFigures(statistics)) {
      const id = key(figures.topic, figures.partition);
      if (figures.fetchState === 'none') this.#latest.delete(id);
      else this.#latest.set(id, { ...figures, takenAt: now });
    }
  }

  /** The latest figures of a partition; undefined before a report named it since it was assigned. */
  get(topic: string, partition: number): PartitionInsights | undefined {
    return this.#latest.get(key(topic, partition));
  }

  /** Forgets a partition's figures (it was assigned again). */
  forget(topic: string, partition: number): void {
    this.#latest.delete(key(topic, partition));
  }
}
