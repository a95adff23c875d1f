/**
 * Which `consume()` calls run now and which finished lately, read from `consumer.consume` /
 * `consumer.consumed` / `consumer.consume.error` events. Liveness checks and the event-loop monitor use it
 * to name what stalls or blocks.
 */
import type { ConsumerEventPayload } from './events.js';
import type { Monitor } from './monitor.js';

/** One `consume()` call. */
export interface Consumption {
  /** `consumerGroup/topic/partition`. */
  readonly id: string;
  /** `consume topic/partition offsets a..b`. */
  readonly description: string;
  /** When it started (ms since the epoch). */
  readonly startedAt: number;
}

function idOf(payload: ConsumerEventPayload): string {
  return `${payload.consumerGroup}/${payload.topic}/${String(payload.partition)}`;
}

function describe(payload: ConsumerEventPayload): string {
  const offsets =
    payload.firstOffset === undefined ? '' : ` offsets ${String(payload.firstOffset)}..${String(payload.lastOffset)}`;
  return `consume ${payload.topic}/${String(payload.partition)}${offsets}`;
}

/** Tracks consumptions from a monitor's events. */
export class ConsumptionTracker {
  readonly #running = new Map<string, Consumption>();
  #finished: Consumption[] = [];

  /** Subscribes to `monitor`; returns the unsubscribe function. */
  attach(monitor: Monitor): () => void {
    const subscriptions = [
      monitor.subscribe('consumer.consume', (payload) => {
        const id = idOf(payload);
        this.#running.set(id, { id, description: describe(payload), startedAt: Date.now() });
      }),
      monitor.subscribe('consumer.consumed', (payload) => this.#end(idOf(payload))),
      monitor.subscribe('error.occurred', (payload) => {
        if (payload.type !== 'consumer.consume.error') return;
        const { consumerGroup, topic, partition } = payload;
        if (typeof consumerGroup === 'string' && typeof topic === 'string' && typeof partition === 'number') {
          this.#end(`${consumerGroup}/${topic}/${String(partition)}`);
        }
      }),
    ];
    return () => {
      for (const unsubscribe of subscriptions) unsubscribe();
    };
  }

  /** Consumptions running now, oldest first. */
  running(): Consumption[] {
    return [...this.#running.values()].sort((a, b) => a.startedAt - b.startedAt);
  }

  /** Consumptions that finished since the last call. */
  takeFinished(): Consumption[] {
    const finished = this.#finished;
    this.#finished = [];
    return finished;
  }

  #end(id: string): void {
    const consumption = this.#running.get(id);
    if (consumption === undefined) return;
    this.#running.delete(id);
    this.#finished.push(consumption);
    // Only the latest few matter (what ran during one event-loop tick); never grow without bound.
    if (this.#finished.length > 1_000) this.#finished.splice(0, this.#finished.length - 1_000);
  }
}
