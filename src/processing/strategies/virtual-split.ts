/**
 * Splitting a batch of one partition by virtual key: messages with equal keys go to the same virtual partition,
 * in offset order; messages without a key go anywhere. `balanced` deals keys out so that the virtual
 * partitions get about as many messages (largest key first, to the least loaded); `consistent` places a key by
 * its hash, so it lands in the same virtual partition in every batch.
 */
import type { KafkaMessage } from '../../kafka/types.js';
import type { VirtualDistribution, VirtualKey } from '../../routing/virtual-partitions-feature.js';

/** The messages of one virtual partition, in offset order. */
export interface VirtualGroup {
  readonly index: number;
  readonly messages: KafkaMessage[];
  /** Positions of the messages in the batch (to pick their wrappers). */
  readonly positions: number[];
}

/** A key as a map key: equal keys of any type give equal strings; `undefined` for messages without a key. */
function normalize(key: VirtualKey): string | undefined {
  if (key === null || key === undefined) return undefined;
  if (Buffer.isBuffer(key)) return `b${key.toString('latin1')}`;
  if (typeof key === 'string') return `s${key}`;
  return `${typeof key}${String(key)}`;
}

/** 32-bit FNV-1a of a string's UTF-16 code units. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Virtual partition of each message under `consistent`. */
function consistentPlaces(
  keys: readonly (string | undefined)[],
  batch: readonly KafkaMessage[],
  max: number,
): number[] {
  return keys.map((key, i) => (key === undefined ? batch[i]!.offset % max : hash(key) % max));
}

/** Virtual partition of each message under `balanced`. */
function balancedPlaces(keys: readonly (string | undefined)[], max: number): number[] {
  const sizes = new Map<string, number>();
  for (const key of keys) if (key !== undefined) sizes.set(key, (sizes.get(key) ?? 0) + 1);
  // No key at all: dealt in turn, as the least loaded bin would take them (the loads stay level).
  if (sizes.size === 0) return keys.map((_, i) => i % max);
  const loads = new MinLoads(max);
  const placeOf = new Map<string, number>();
  // Largest keys first, each to the least loaded virtual partition; then keyless messages one by one.
  for (const [key, size] of [...sizes].sort((a, b) => b[1] - a[1])) placeOf.set(key, loads.add(size));
  return keys.map((key) => (key === undefined ? loads.add(1) : placeOf.get(key)!));
}

/**
 * Splits `batch` (offset order) into at most `max` groups by `keys` (one per message). Groups are returned in
 * index order, empty ones left out.
 */
export function splitByKey(
  batch: readonly KafkaMessage[],
  keys: readonly VirtualKey[],
  max: number,
  distribution: VirtualDistribution,
): VirtualGroup[] {
  const normalized = keys.map(normalize);
  const places =
    distribution === 'consistent' ? consistentPlaces(normalized, batch, max) : balancedPlaces(normalized, max);
  const groups: (VirtualGroup | undefined)[] = [];
  for (let i = 0; i < batch.length; i += 1) {
    const index = places[i]!;
    const group = (groups[index] ??= { index, messages: [], positions: [] });
    group.messages.push(batch[i]!);
    group.positions.push(i);
  }
  return groups.filter((g): g is VirtualGroup => g !== undefined);
}

/** `size` bins and their loads; `add` puts weight in the least loaded bin (lowest index on ties). */
class MinLoads {
  /** Binary min-heap of [load, index]. */
  readonly #heap: [number, number][];

  constructor(size: number) {
    this.#heap = Array.from({ length: size }, (_, i): [number, number] => [0, i]);
  }

  add(weight: number): number {
    const top = this.#heap[0]!;
    top[0] += weight;
    this.#siftDown();
    return top[1];
  }

  #less(a: [number, number], b: [number, number]): boolean {
    return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
  }

  #siftDown(): void {
    const heap = this.#heap;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && this.#less(heap[left]!, heap[smallest]!)) smallest = left;
      if (right < heap.length && this.#less(heap[right]!, heap[smallest]!)) smallest = right;
      if (smallest === i) return;
      [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
      i = smallest;
    }
  }
}
