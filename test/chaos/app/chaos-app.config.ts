/**
 * The app every chaos consumer process runs (`karafka server --config chaos-app.config.ts`, or the embedded
 * host). Everything comes from the environment, and every outcome is appended synchronously to the ledger
 * file named by LEDGER, so a SIGKILL loses nothing that was written:
 *
 *   P <id> <partition> <offset> <pid> <ms>            processed (the message's work is done)
 *   X <id> <partition> <offset> <pid> <ms> <attempt>  consume() threw for this message
 *   S <id> <partition> <offset> <pid> <ms>            this message started a stall (STALL_MS)
 *   A <partitions> <pid> <ms> / R <partitions> <lost> <pid> <ms>   rebalance (diagnostics only)
 *
 * Message ids travel in the `chaos-id` header, so an undecodable payload still has one. Keys choose a
 * behaviour: `poison*` always throws, `flaky*` throws on the first two attempts, `stuck*` stalls once (the
 * first process to claim it in CLAIMS) for STALL_MS.
 *
 * Environment: KAFKA_BOOTSTRAP, TOPIC, GROUP_ID, CLIENT_ID, LEDGER, PROTOCOL (`range`, `roundrobin`,
 * `cooperative-sticky` or `consumer`), DLQ_TOPIC, DLQ_RETRIES, MAX_POLL_INTERVAL, STALL_MS, CLAIMS, WORK_MS
 * (simulated IO per batch), LOG_LEVEL (default `warn`: `info` logs every batch).
 */
import { appendFileSync, closeSync, openSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { App, BaseConsumer, type Message, type SettingsInput } from 'karafka-ts';

const env = process.env;
const ledger = env.LEDGER ?? '/dev/null';
const pid = String(process.pid);

function line(kind: string, message: Message, ...extra: (string | number)[]): string {
  const id = message.headers['chaos-id'] ?? `no-id@${String(message.partition)}:${String(message.offset)}`;
  return [kind, id, message.partition, message.offset, pid, Date.now(), ...extra].join(' ') + '\n';
}

/** True for the one process that claims `id` first (a file created exclusively). */
function claim(id: string): boolean {
  if (env.CLAIMS === undefined) return false;
  try {
    closeSync(openSync(path.join(env.CLAIMS, id), 'wx'));
    return true;
  } catch {
    return false;
  }
}

class ChaosConsumer extends BaseConsumer {
  async consume(): Promise<void> {
    const done: string[] = [];
    try {
      for (const message of this.messages) {
        const key = message.key ?? '';
        const id = message.headers['chaos-id'] ?? '';
        if (key.startsWith('poison') || (key.startsWith('flaky') && this.attempt <= 2)) {
          done.push(line('X', message, this.attempt));
          throw new Error(`chaos: refusing message ${id} (key ${key}, attempt ${String(this.attempt)})`);
        }
        if (key.startsWith('stuck') && claim(id)) {
          appendFileSync(ledger, done.splice(0).join('') + line('S', message));
          await delay(Number(env.STALL_MS ?? 0));
        }
        try {
          void message.payload; // the deserializer runs here: an undecodable payload throws
        } catch (error) {
          done.push(line('X', message, this.attempt));
          throw error;
        }
        done.push(line('P', message));
        this.markAsConsumed(message);
      }
      await delay(Number(env.WORK_MS ?? 0));
    } finally {
      if (done.length > 0) appendFileSync(ledger, done.join(''));
    }
  }
}

const protocol = env.PROTOCOL ?? 'cooperative-sticky';
const kip848 = protocol === 'consumer';
const kafka: SettingsInput['kafka'] = {
  'bootstrap.servers': env.KAFKA_BOOTSTRAP ?? '127.0.0.1:9092',
  'statistics.interval.ms': 0,
  // The KIP-848 protocol takes session and heartbeat timing from the broker only.
  ...(kip848
    ? { 'group.protocol': 'consumer' }
    : { 'partition.assignment.strategy': protocol, 'session.timeout.ms': 6000, 'heartbeat.interval.ms': 500 }),
  ...(env.MAX_POLL_INTERVAL === undefined ? {} : { 'max.poll.interval.ms': Number(env.MAX_POLL_INTERVAL) }),
};

const app = new App({
  clientId: env.CLIENT_ID ?? 'chaos-app',
  groupId: env.GROUP_ID ?? 'chaos-group',
  kafka,
  maxMessages: 50,
  maxWaitTime: 200,
  shutdownTimeout: 20_000,
  pause: { timeout: 200, maxTimeout: 1000, withExponentialBackoff: true },
  logLevel: (env.LOG_LEVEL as SettingsInput['logLevel']) ?? 'warn',
});

app.routes.draw((routes) => {
  routes.topic(env.TOPIC ?? 'chaos-topic', {
    consumer: ChaosConsumer,
    ...(env.DLQ_TOPIC === undefined
      ? {}
      : { deadLetterQueue: { topic: env.DLQ_TOPIC, maxRetries: Number(env.DLQ_RETRIES ?? 2) } }),
  });
});

const partitionsOf = (payload: { partitions: readonly { partition: number }[] }): string =>
  payload.partitions.map((p) => String(p.partition)).join(',') || '-';
app.monitor.subscribe('rebalance.partitions_assigned', (payload) => {
  appendFileSync(ledger, `A ${partitionsOf(payload)} ${pid} ${String(Date.now())}\n`);
});
app.monitor.subscribe('rebalance.partitions_revoked', (payload) => {
  appendFileSync(ledger, `R ${partitionsOf(payload)} ${String(payload.lost)} ${pid} ${String(Date.now())}\n`);
});

export default app;
