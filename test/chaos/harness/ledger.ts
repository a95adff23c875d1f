/**
 * The chaos ledger: every message id the harness had acknowledged by the broker, against every id the
 * consumer processes wrote down as processed (the `P` lines of their ledger files, see
 * `test/chaos/app/chaos-app.config.ts`). From the two it computes what a scenario reports: produced,
 * processed, lost, duplicated (and why), and the time each fault took to recover from.
 */
import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';

/** One broker acknowledgement of a produced id. */
export interface Ack {
  readonly partition: number;
  readonly offset: number;
  /** When the harness received the acknowledgement (ms since the epoch). */
  readonly at: number;
}

/** One line a consumer process wrote. */
export interface LedgerEntry {
  readonly kind: 'P' | 'X' | 'S';
  readonly id: string;
  readonly partition: number;
  readonly offset: number;
  readonly pid: number;
  /** When it was written (ms since the epoch). */
  readonly at: number;
  /** `X` lines: the attempt that threw. */
  readonly attempt?: number;
}

/** An `A` (assigned) or `R` (revoked or lost) line. */
export interface RebalanceEntry {
  readonly kind: 'A' | 'R';
  readonly partitions: readonly number[];
  /** `R` lines: true when the partitions were lost rather than revoked cleanly. */
  readonly lost: boolean;
  readonly pid: number;
  readonly at: number;
}

/** Reads the consumer processes' ledger files as they grow (only the new bytes on each refresh). */
export class ConsumerLedger {
  /** `P` lines: a message processed. */
  readonly processed: LedgerEntry[] = [];
  /** `X` lines: consume() threw for a message. */
  readonly thrown: LedgerEntry[] = [];
  /** `S` lines: a message started a stall. */
  readonly stalls: LedgerEntry[] = [];
  /** `A` and `R` lines. */
  readonly rebalances: RebalanceEntry[] = [];
  readonly #files = new Map<string, { position: number; partial: string }>();
  readonly #processedIds = new Set<string>();

  /** Starts following `file` (which may not exist yet). */
  follow(file: string): void {
    if (!this.#files.has(file)) this.#files.set(file, { position: 0, partial: '' });
  }

  /** Reads what was appended since the last refresh. */
  refresh(): this {
    for (const [file, state] of this.#files) {
      if (!existsSync(file)) continue;
      const fd = openSync(file, 'r');
      try {
        const size = fstatSync(fd).size;
        if (size <= state.position) continue;
        const buffer = Buffer.alloc(size - state.position);
        readSync(fd, buffer, 0, buffer.length, state.position);
        state.position = size;
        const lines = (state.partial + buffer.toString('utf8')).split('\n');
        state.partial = lines.pop() ?? '';
        for (const line of lines) this.#parse(line);
      } finally {
        closeSync(fd);
      }
    }
    return this;
  }

  /** Distinct ids processed so far. */
  get processedCount(): number {
    return this.#processedIds.size;
  }

  /** True when `id` was processed at least once. */
  hasProcessed(id: string): boolean {
    return this.#processedIds.has(id);
  }

  /** Processings of `partition` after `time` (ms since the epoch). */
  processedAfter(partition: number, time: number): LedgerEntry[] {
    return this.processed.filter((e) => e.partition === partition && e.at > time);
  }

  /** Partitions `pid` holds now, by its own `A` and `R` lines. */
  partitionsOf(pid: number): number[] {
    const held = new Set<number>();
    for (const entry of this.rebalances) {
      if (entry.pid !== pid) continue;
      for (const p of entry.partitions) {
        if (entry.kind === 'A') held.add(p);
        else held.delete(p);
      }
    }
    return [...held].sort((a, b) => a - b);
  }

  #parse(line: string): void {
    if (line.startsWith('A ') || line.startsWith('R ')) {
      const parts = line.split(' ');
      const [pid, at] = parts.slice(-2).map(Number);
      this.rebalances.push({
        kind: line.startsWith('A') ? 'A' : 'R',
        partitions: parts[1] === '-' ? [] : (parts[1] ?? '').split(',').map(Number),
        lost: parts.length === 5 && parts[2] === 'true',
        pid: pid ?? 0,
        at: at ?? 0,
      });
      return;
    }
    const [kind, id, partition, offset, pid, at, attempt] = line.split(' ');
    if ((kind !== 'P' && kind !== 'X' && kind !== 'S') || id === undefined || at === undefined) return;
    const entry: LedgerEntry = {
      kind,
      id,
      partition: Number(partition),
      offset: Number(offset),
      pid: Number(pid),
      at: Number(at),
      ...(attempt === undefined ? {} : { attempt: Number(attempt) }),
    };
    if (kind === 'P') {
      this.processed.push(entry);
      this.#processedIds.add(id);
    } else if (kind === 'X') this.thrown.push(entry);
    else this.stalls.push(entry);
  }
}

/** Which partitions a fault interrupted. */
export type AffectedPartitions =
  | 'all'
  | readonly number[]
  /** The partitions whose last processing before the fault was by this process (a killed consumer's). */
  | { readonly lastProcessedBy: number };

/** Something the scenario did to the system. */
export interface Fault {
  /** What happened, in words (`broker killed`, `consumer 1234 killed`...). */
  readonly label: string;
  /** When it happened (ms since the epoch). */
  readonly at: number;
  /**
   * From when recovery is measured: the broker's return after a restart, the kill itself when the system is
   * expected to fail over on its own.
   */
  readonly recoverFrom: number;
  readonly partitions: AffectedPartitions;
  /**
   * Processes whose work in flight the fault may make run again (their uncommitted window); undefined: any
   * process (a broker or coordinator fault).
   */
  readonly pids?: readonly number[];
  /** A processing that does not count as recovery: a stalled job's own late completion (`id` by `pid`, from `from` on). */
  readonly ignore?: { readonly id: string; readonly pid: number; readonly from: number };
  /**
   * When the scenario saw the system settled again (a stable group): work done until then may still be undone
   * by the fault (partitions lost later, commits refused meanwhile). Without it: `recoverFrom`.
   */
  until?: number;
}

/** Recovery from one fault. */
export interface Recovery {
  readonly label: string;
  /** Longest time, over the affected partitions, from `recoverFrom` to their next processed message; undefined when none was processed again. */
  readonly ms: number | undefined;
  /** The partitions the fault interrupted (none: a killed process that held no partition yet). */
  readonly partitions: readonly number[];
  /** Affected partitions that processed nothing after the fault. */
  readonly stalledPartitions: readonly number[];
}

/** What the ledger says about a scenario. */
export interface LedgerReport {
  /** Distinct ids the broker acknowledged. */
  readonly produced: number;
  /** Distinct ids processed. */
  readonly processed: number;
  /** Ids acknowledged, expected to be processed, and never processed. */
  readonly lost: readonly string[];
  /** Processings beyond the first of each id. */
  readonly duplicated: number;
  /** Of those: the same partition and offset processed again (consumer side: uncommitted work redone). */
  readonly redelivered: number;
  /** Of those: the same id at another offset (producer side: a retry of a send that had in fact succeeded). */
  readonly writtenTwice: number;
  /** Redeliveries no fault explains (work of a process no fault touched, done again). */
  readonly unexplainedRedeliveries: readonly string[];
  /** Longest time between a redelivered message's first processing and the fault that undid it, ms. */
  readonly duplicateWindowMs: number | undefined;
  readonly recoveries: readonly Recovery[];
}

/** What `analyze` needs. */
export interface LedgerInput {
  readonly acks: ReadonlyMap<string, readonly Ack[]>;
  readonly ledger: ConsumerLedger;
  readonly faults: readonly Fault[];
  /** Number of partitions of the consumed topic. */
  readonly partitions: number;
  /** Acknowledged ids the scenario expects never to be processed (dead-lettered, or held behind a poison pill). */
  readonly notExpected?: ReadonlySet<string>;
}

function affected(fault: Fault, input: LedgerInput): number[] {
  const { partitions } = fault;
  if (partitions === 'all') return Array.from({ length: input.partitions }, (_, p) => p);
  if (Array.isArray(partitions)) return [...(partitions as readonly number[])];
  const victim = (partitions as { lastProcessedBy: number }).lastProcessedBy;
  const last = new Map<number, LedgerEntry>();
  for (const entry of input.ledger.processed) {
    if (entry.at > fault.at) continue;
    const previous = last.get(entry.partition);
    if (previous === undefined || entry.at >= previous.at) last.set(entry.partition, entry);
  }
  return [...last].filter(([, e]) => e.pid === victim).map(([p]) => p);
}

function recovery(fault: Fault, input: LedgerInput): Recovery {
  const stalledPartitions: number[] = [];
  const partitions = affected(fault, input);
  let ms: number | undefined;
  for (const partition of partitions) {
    const next = input.ledger.processed.find(
      (e) =>
        e.partition === partition &&
        e.at > fault.recoverFrom &&
        !(
          fault.ignore !== undefined &&
          e.id === fault.ignore.id &&
          e.pid === fault.ignore.pid &&
          e.at >= fault.ignore.from
        ),
    );
    if (next === undefined) stalledPartitions.push(partition);
    else ms = Math.max(ms ?? 0, next.at - fault.recoverFrom);
  }
  return { label: fault.label, ms, partitions, stalledPartitions };
}

/** Computes the report of a scenario from its acknowledgements, its consumers' ledger and its faults. */
export function analyze(input: LedgerInput): LedgerReport {
  const { acks, ledger, faults } = input;
  const lost = [...acks.keys()].filter((id) => !ledger.hasProcessed(id) && !input.notExpected?.has(id));

  const byOffset = new Map<string, LedgerEntry[]>();
  const offsetsOfId = new Map<string, Set<string>>();
  for (const entry of ledger.processed) {
    const where = `${String(entry.partition)}@${String(entry.offset)}`;
    const list = byOffset.get(where) ?? [];
    list.push(entry);
    byOffset.set(where, list);
    const offsets = offsetsOfId.get(entry.id) ?? new Set<string>();
    offsets.add(where);
    offsetsOfId.set(entry.id, offsets);
  }
  for (const [id, list] of acks) {
    const offsets = offsetsOfId.get(id) ?? new Set<string>();
    for (const ack of list) offsets.add(`${String(ack.partition)}@${String(ack.offset)}`);
    offsetsOfId.set(id, offsets);
  }

  let redelivered = 0;
  let duplicateWindowMs: number | undefined;
  const unexplainedRedeliveries: string[] = [];
  for (const [where, list] of byOffset) {
    if (list.length < 2) continue;
    const ordered = [...list].sort((a, b) => a.at - b.at);
    for (let i = 1; i < ordered.length; i += 1) {
      redelivered += 1;
      const first = ordered[i - 1]!;
      const again = ordered[i]!;
      // A fault still going on at the first processing (or later), and begun before the repeat, that could
      // undo it: the work of a process killed, or fetched before a broker died, was never committed.
      const causes = faults.filter(
        (f) =>
          (f.until ?? Math.max(f.at, f.recoverFrom)) >= first.at &&
          f.at <= again.at &&
          // The process the fault hit did the first processing (killed before committing it), or the repeat
          // (a stalled job finishing after its partition was handed over).
          (f.pids === undefined || f.pids.includes(first.pid) || f.pids.includes(again.pid)) &&
          (f.partitions === 'all' ||
            !Array.isArray(f.partitions) ||
            (f.partitions as readonly number[]).includes(first.partition)),
      );
      if (causes.length === 0) unexplainedRedeliveries.push(`${first.id} (${where}, pid ${String(first.pid)})`);
      else {
        const window = Math.max(0, Math.min(...causes.map((f) => f.at - first.at)));
        duplicateWindowMs = Math.max(duplicateWindowMs ?? 0, window);
      }
    }
  }
  let writtenTwice = 0;
  for (const offsets of offsetsOfId.values()) writtenTwice += offsets.size - 1;

  return {
    produced: acks.size,
    processed: ledger.processedCount,
    lost,
    duplicated: ledger.processed.length - ledger.processedCount,
    redelivered,
    writtenTwice,
    unexplainedRedeliveries,
    duplicateWindowMs,
    recoveries: faults.map((f) => recovery(f, input)),
  };
}
