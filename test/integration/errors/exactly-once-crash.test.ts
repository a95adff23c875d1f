/**
 * Exactly once under SIGKILL: a server consuming-transforming-producing in transactions (one producer per
 * partition) is SIGKILLed while a transaction is open (its messages already on the broker), and a new process
 * takes over. A read_committed reader of the output sees every input message exactly once, in order per
 * partition; the killed transaction's messages are on the log but aborted (read_uncommitted sees them twice).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliProcess } from '../../support/cli-process.js';
import {
  bootstrapServers,
  createTopic,
  produceMessages,
  uniqueName,
  waitForCommittedOffsets,
} from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';
import { readPartition } from '../producer/helpers.js';

const fixture = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'transactions-app.config.ts');

const lines = (file: string): string[] => {
  try {
    return readFileSync(file, 'utf8').split('\n');
  } catch {
    return [];
  }
};

describe('exactly once under crashes (transactional producers per partition)', () => {
  it('delivers every input exactly once to read_committed readers after a SIGKILL mid-transaction and a restart', async () => {
    const perPartition = 300;
    const input = await createTopic(uniqueName('eos-in'), 2);
    const output = await createTopic(uniqueName('eos-out'), 2);
    const group = uniqueName('eos-group');
    const prefix = uniqueName('eos');
    for (const partition of [0, 1])
      await produceMessages(input, perPartition, { partition, key: (i) => `k${String(i)}` });
    const dir = mkdtempSync(path.join(tmpdir(), 'karafka-eos-'));
    const start = (name: string, env: Record<string, string> = {}): { file: string; process: CliProcess } => {
      const file = path.join(dir, `${name}.log`);
      const process = CliProcess.start(['server', '--config', fixture], {
        cwd: path.dirname(fixture),
        env: {
          KAFKA_BOOTSTRAP: bootstrapServers(),
          INPUT: input,
          OUTPUT: output,
          GROUP_ID: group,
          TX_PREFIX: prefix,
          OUT: file,
          BATCH_WORK_MS: '10',
          ...env,
        },
      });
      return { file, process };
    };

    const first = start('first', { HOLD_AT: '150' });
    let held: number[] = [];
    await waitUntil(
      () => {
        const line = lines(first.file).find((l) => l.startsWith('H '));
        if (line !== undefined) held = line.split(' ').slice(2).map(Number);
        return line !== undefined;
      },
      {
        timeoutMs: 120_000,
        description: () => `the first process to hold a transaction open (${first.process.lines.join('\n')})`,
      },
    );
    first.process.signal('SIGKILL');
    await first.process.exited;

    const second = start('second');
    await waitForCommittedOffsets(
      group,
      input,
      new Map([
        [0, perPartition],
        [1, perPartition],
      ]),
      180_000,
    );
    second.process.signal('SIGTERM');
    expect((await second.process.exited).code).toBe(0);

    for (const partition of [0, 1]) {
      const committed = await readPartition(output, partition, { 'isolation.level': 'read_committed' });
      const expected = Array.from({ length: perPartition }, (_, o) => `${String(partition)}@${String(o)}`);
      // Exactly once, and in input order.
      expect(committed.map((m) => String(m.value))).toEqual(expected);
    }
    // The killed transaction's messages reached the log, and were aborted: read_uncommitted sees them twice.
    const [from, to] = held;
    const everything = (await readPartition(output, 0, { 'isolation.level': 'read_uncommitted' })).map((m) =>
      String(m.value),
    );
    for (let offset = from!; offset <= to!; offset += 1) {
      expect(everything.filter((v) => v === `0@${String(offset)}`)).toHaveLength(2);
    }
  }, 420_000);
});
