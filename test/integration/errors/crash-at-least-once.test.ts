import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliProcess } from '../../support/cli-process.js';
import { bootstrapServers, createTopic, produceMessages, uniqueName } from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';

const fixture = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'crash-app.config.ts');

/** What one server process (incarnation) wrote before it stopped or was killed. */
interface Incarnation {
  readonly file: string;
  readonly process: CliProcess;
  killed: boolean;
}

function read(file: string): { processed: [number, number][]; commits: Map<number, number> } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { processed: [], commits: new Map() };
  }
  const processed: [number, number][] = [];
  const commits = new Map<number, number>();
  for (const line of text.split('\n')) {
    const [kind, p, o] = line.split(' ');
    if (kind === 'P') processed.push([Number(p), Number(o)]);
    if (kind === 'C') commits.set(Number(p), Math.max(commits.get(Number(p)) ?? 0, Number(o)));
  }
  return { processed, commits };
}

describe('at-least-once under crashes', () => {
  it('processes every message at least once; duplicates only after the last commit of a killed process', async () => {
    const topic = await createTopic(uniqueName('crash'), 6);
    const group = uniqueName('crash-group');
    const reports = await produceMessages(topic, 100_000, { key: (i) => `k${String(i)}` });
    const endOffsets = new Map<number, number>();
    for (const r of reports) endOffsets.set(r.partition, Math.max(endOffsets.get(r.partition) ?? 0, r.offset + 1));

    const dir = mkdtempSync(path.join(tmpdir(), 'karafka-crash-'));
    const incarnations: Incarnation[] = [];
    const start = (name: string): Incarnation => {
      const file = path.join(dir, `${name}-${String(incarnations.length)}.log`);
      const process = CliProcess.start(['server', '--config', fixture], {
        cwd: path.dirname(fixture),
        env: { KAFKA_BOOTSTRAP: bootstrapServers(), TOPIC: topic, GROUP_ID: group, OUT: file, BATCH_WORK_MS: '20' },
      });
      const incarnation = { file, process, killed: false };
      incarnations.push(incarnation);
      return incarnation;
    };
    const processedCount = (): number =>
      new Set(incarnations.flatMap((i) => read(i.file).processed.map(([p, o]) => `${String(p)}@${String(o)}`))).size;

    start('a');
    start('b');
    start('c');
    let victim = incarnations[0]!;
    for (const threshold of [15_000, 35_000, 55_000]) {
      await waitUntil(() => processedCount() >= threshold, {
        timeoutMs: 120_000,
        description: () => `${String(threshold)} messages processed (now ${String(processedCount())})`,
      });
      victim.process.signal('SIGKILL');
      victim.killed = true;
      await victim.process.exited;
      victim = start('a');
    }
    await waitUntil(() => processedCount() === 100_000, {
      timeoutMs: 180_000,
      description: () => `all 100000 messages processed (now ${String(processedCount())})`,
    });
    for (const i of incarnations.filter((x) => !x.killed)) i.process.signal('SIGTERM');
    for (const i of incarnations.filter((x) => !x.killed)) expect((await i.process.exited).code).toBe(0);

    const seen = new Map<string, number>();
    for (const i of incarnations)
      for (const [p, o] of read(i.file).processed)
        seen.set(`${String(p)}@${String(o)}`, (seen.get(`${String(p)}@${String(o)}`) ?? 0) + 1);
    for (const [partition, end] of endOffsets) {
      for (let offset = 0; offset < end; offset += 1)
        expect(seen.has(`${String(partition)}@${String(offset)}`)).toBe(true);
    }
    const killed = incarnations.filter((i) => i.killed).map((i) => read(i.file));
    const unexplained = [...seen]
      .filter(([, n]) => n > 1)
      .map(([k]) => k.split('@').map(Number) as [number, number])
      .filter(
        ([p, o]) =>
          !killed.some((k) => k.processed.some(([kp, ko]) => kp === p && ko === o) && (k.commits.get(p) ?? 0) <= o),
      );
    expect(unexplained).toEqual([]);
  }, 600_000);
});
