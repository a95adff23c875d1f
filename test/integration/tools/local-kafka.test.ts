import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Admin } from '../../../src/admin/admin.js';
import { kafkaStatus, killNode, restartNode, startKafka, stopNodes } from '../../../tools/kafka/cluster.js';
import { isAlive } from '../../../tools/kafka/node-process.js';
import { layout } from '../../../tools/kafka/settings.js';
import { waitUntil } from '../../support/wait-until.js';

/** Pids of java processes whose command line names `dir`. */
function javaProcessesUnder(dir: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        return cmdline.includes('kafka.Kafka') && cmdline.includes(dir) && isAlive(Number(pid));
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('local Kafka tooling (three-node cluster)', () => {
  it('starts three nodes idempotently, kills and restarts one, and stops leaving no Kafka process', async () => {
    const silent = (): void => undefined;
    const cluster = await startKafka(3, { log: silent });
    try {
      const first = kafkaStatus(3);
      expect(first.every((node) => node.running)).toBe(true);
      // A second start while it runs changes nothing.
      await startKafka(3, { log: silent });
      expect(kafkaStatus(3).map((n) => n.pid)).toEqual(first.map((n) => n.pid));

      const admin = new Admin({ kafka: { 'bootstrap.servers': cluster.bootstrapServers } });
      try {
        await waitUntil(async () => (await admin.clusterInfo()).brokers.length === 3, { description: '3 brokers' });
        await killNode(2);
        expect(isAlive(first[1]!.pid!)).toBe(false);
        expect(kafkaStatus(3).map((n) => n.running)).toEqual([true, false, true]);
        await restartNode(2);
        expect(kafkaStatus(3).every((node) => node.running)).toBe(true);
        await waitUntil(async () => (await admin.clusterInfo()).brokers.length === 3, {
          description: 'the restarted node back in the cluster',
        });
      } finally {
        await admin.close();
      }
    } finally {
      await stopNodes(3, silent);
    }
    expect(kafkaStatus(3).some((node) => node.running)).toBe(false);
    expect(javaProcessesUnder(layout(3).dir)).toEqual([]);
  }, 300_000);
});
