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
import { logLines } from './helpers.js';

const fixture = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'swarm-direct-app.config.ts');

/** Node number -> partitions it consumed, from the `CONSUMED <node> <partition>@<offset>` lines. */
function consumed(swarm: CliProcess): Map<number, Map<number, number[]>> {
  const result = new Map<number, Map<number, number[]>>();
  for (const line of swarm.lines) {
    const match = /^CONSUMED (\d+) (\d+)@(\d+)$/.exec(line);
    if (match === null) continue;
    const [node, partition, offset] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const partitions = result.get(node) ?? new Map<number, number[]>();
    partitions.set(partition, [...(partitions.get(partition) ?? []), offset]);
    result.set(node, partitions);
  }
  return result;
}

describe('karafka swarm: direct assignments', () => {
  for (const [rule, shares] of [
    ['map', { 1: [0, 3], 2: [1, 2] }],
    ['default', { 1: [0, 2], 2: [1, 3] }],
  ] as const) {
    it(`shares the partitions out by the ${rule} rule, each node commits its own, no rebalance`, async () => {
      const topic = await createTopic(uniqueName('swarm-direct'), 4);
      const group = uniqueName('swarm-direct-group');
      for (let partition = 0; partition < 4; partition += 1) await produceMessages(topic, 10, { partition });
      const swarm = CliProcess.start(['swarm', '--config', fixture], {
        cwd: path.dirname(fixture),
        env: {
          KAFKA_BOOTSTRAP: bootstrapServers(),
          TOPIC: topic,
          GROUP_ID: group,
          CLIENT_ID: uniqueName('sd'),
          RULE: rule,
        },
      });
      const all = (): number => [...consumed(swarm).values()].flatMap((m) => [...m.values()]).flat().length;
      await waitUntil(() => all() === 40, {
        timeoutMs: 60_000,
        description: () => `40 messages consumed; output:\n${swarm.lines.slice(-30).join('\n')}`,
      });
      const byNode = consumed(swarm);
      for (const [node, partitions] of Object.entries(shares)) {
        expect([...(byNode.get(Number(node))?.keys() ?? [])].sort()).toEqual(partitions);
      }
      for (const partitions of byNode.values()) {
        for (const offsets of partitions.values()) expect(offsets).toEqual(Array.from({ length: 10 }, (_, i) => i));
      }
      swarm.signal('SIGTERM');
      expect(await swarm.exited).toEqual({ code: 0, signal: null });
      expect(logLines(swarm).filter((l) => l.event?.startsWith('rebalance.') === true)).toEqual([]);
      await waitForCommittedOffsets(group, topic, new Map([0, 1, 2, 3].map((p) => [p, 10])));
    });
  }
});
