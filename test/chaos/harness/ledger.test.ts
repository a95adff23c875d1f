import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Ack, ConsumerLedger, analyze } from './ledger.js';

function ledgerOf(lines: Record<string, readonly string[]>): ConsumerLedger {
  const dir = mkdtempSync(path.join(tmpdir(), 'chaos-ledger-'));
  const ledger = new ConsumerLedger();
  for (const [name, content] of Object.entries(lines)) {
    const file = path.join(dir, `${name}.ledger`);
    appendFileSync(file, content.map((l) => `${l}\n`).join(''));
    ledger.follow(file);
  }
  return ledger.refresh();
}

function acks(...entries: [string, number, number][]): Map<string, Ack[]> {
  const map = new Map<string, Ack[]>();
  for (const [id, partition, offset] of entries) map.set(id, [...(map.get(id) ?? []), { partition, offset, at: 0 }]);
  return map;
}

describe('chaos ledger', () => {
  it('reports acknowledged ids never processed as lost, except those the scenario does not expect', () => {
    const ledger = ledgerOf({ a: ['P m0 0 0 10 1000', 'P m1 0 1 10 1001'] });
    const report = analyze({
      acks: acks(['m0', 0, 0], ['m1', 0, 1], ['m2', 0, 2], ['m3', 0, 3]),
      ledger,
      faults: [],
      partitions: 1,
      notExpected: new Set(['m3']),
    });
    expect(report).toMatchObject({ produced: 4, processed: 2, lost: ['m2'], duplicated: 0 });
  });

  it('reads lines appended after a refresh, including a line completed later', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'chaos-ledger-'));
    const file = path.join(dir, 'a.ledger');
    const ledger = new ConsumerLedger();
    ledger.follow(file);
    appendFileSync(file, 'P m0 0 0 10 1000\nP m1 0 1');
    expect(ledger.refresh().processedCount).toBe(1);
    appendFileSync(file, ' 10 1001\nA 0,1 10 1002\nR 1 false 10 1003\n');
    expect(ledger.refresh().processedCount).toBe(2);
    expect(ledger.partitionsOf(10)).toEqual([0]);
  });

  it('explains a redelivery by a kill of the process that did the work first, and flags one nothing explains', () => {
    const ledger = ledgerOf({
      killed: ['P m0 0 0 10 1000', 'P m1 1 0 10 1000'],
      other: ['P m0 0 0 20 3000', 'P m1 1 0 20 3000'],
    });
    const report = analyze({
      acks: acks(['m0', 0, 0], ['m1', 1, 0]),
      ledger,
      faults: [{ label: 'kill 10', at: 1500, recoverFrom: 1500, partitions: [0], pids: [10] }],
      partitions: 2,
    });
    expect(report).toMatchObject({ duplicated: 2, redelivered: 2, writtenTwice: 0, duplicateWindowMs: 500 });
    expect(report.unexplainedRedeliveries).toEqual(['m1 (1@0, pid 10)']);
  });

  it('explains a stalled job finishing after another process redid its message', () => {
    const ledger = ledgerOf({ other: ['P m0 0 0 20 9000'], stalled: ['P m0 0 0 10 26000'] });
    const report = analyze({
      acks: acks(['m0', 0, 0]),
      ledger,
      faults: [{ label: 'stall', at: 1000, recoverFrom: 1000, partitions: [0], pids: [10], until: 30000 }],
      partitions: 1,
    });
    expect(report).toMatchObject({ redelivered: 1, unexplainedRedeliveries: [] });
  });

  it('counts work done during a fault, until the system settled, as undone by it', () => {
    const ledger = ledgerOf({ a: ['P m0 0 0 10 2000'], b: ['P m0 0 0 20 9000'] });
    const fault = { label: 'coordinator killed', at: 1000, recoverFrom: 1000, partitions: 'all' as const };
    expect(
      analyze({ acks: acks(['m0', 0, 0]), ledger, faults: [fault], partitions: 1 }).unexplainedRedeliveries,
    ).toEqual(['m0 (0@0, pid 10)']);
    const settled = { ...fault, until: 5000 };
    const report = analyze({ acks: acks(['m0', 0, 0]), ledger, faults: [settled], partitions: 1 });
    expect(report.unexplainedRedeliveries).toEqual([]);
    expect(report.duplicateWindowMs).toBe(0);
  });

  it('tells an id written twice (a producer retry) from a redelivery', () => {
    const ledger = ledgerOf({ a: ['P m0 0 0 10 1000', 'P m0 0 1 10 1001'] });
    const report = analyze({ acks: acks(['m0', 0, 1]), ledger, faults: [], partitions: 1 });
    expect(report).toMatchObject({ duplicated: 1, redelivered: 0, writtenTwice: 1, lost: [] });
  });

  it('measures recovery as the longest wait of an affected partition for its next processed message', () => {
    const ledger = ledgerOf({
      a: ['P m0 0 0 10 1000', 'P m1 1 0 10 1000', 'P m2 0 1 10 4000', 'P m3 1 1 20 6500'],
      b: ['P m4 2 0 20 1000'],
    });
    const report = analyze({
      acks: acks(['m0', 0, 0], ['m1', 1, 0], ['m2', 0, 1], ['m3', 1, 1], ['m4', 2, 0]),
      ledger,
      faults: [
        { label: 'broker back', at: 500, recoverFrom: 3000, partitions: 'all' },
        { label: 'process 10 killed', at: 2000, recoverFrom: 2000, partitions: { lastProcessedBy: 10 } },
      ],
      partitions: 3,
    });
    expect(report.recoveries).toEqual([
      { label: 'broker back', ms: 3500, partitions: [0, 1, 2], stalledPartitions: [2] },
      { label: 'process 10 killed', ms: 4500, partitions: [0, 1], stalledPartitions: [] },
    ]);
  });
});
