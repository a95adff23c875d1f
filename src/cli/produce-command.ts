/**
 * `karafka produce <topic> <payload>`: sends one message with the app's producer (the config's `kafka`
 * settings) and prints where it landed. The topic must exist: a missing one is reported with how to create
 * it, instead of waiting for the client to give up (or the broker to auto-create it with its defaults).
 */
import type { Command } from 'commander';
import { Admin } from '../admin/admin.js';
import { TopicNotFoundError } from '../admin/errors.js';
import type { App } from '../app/app.js';
import { findConfigFile, loadApp } from '../app/load-app.js';
import { ConfigurationError } from '../config/config-error.js';
import { KafkaDriverError, KafkaErrorCodes, isConnectivityError } from '../kafka/driver-error.js';
import type { MessageReport, ProducerMessage } from '../producer/types.js';
import {
  type ProduceFlags,
  collectHeader,
  parsePartition,
  parsePayloadFormat,
  payloadFormatFor,
  produceMessage,
} from './produce/message-arguments.js';

/** How long the topic look-up may take, in ms (an unreachable cluster fails within it). */
const LOOKUP_TIMEOUT = 10_000;

function bootstrapServers(app: App): string {
  return String(app.settings.kafka['bootstrap.servers'] ?? '(no bootstrap.servers)');
}

/** Checks that the message's topic (and partition, when given) exists on the app's cluster. */
async function checkTopic(app: App, message: ProducerMessage): Promise<void> {
  // The app's drivers: whatever the app's clients are made with (an OAUTHBEARER token provider too).
  const admin = new Admin({ kafka: app.settings.kafka, timeout: LOOKUP_TIMEOUT, drivers: app.drivers });
  try {
    const info = await admin.topicInfo(message.topic);
    if (message.partition !== undefined && message.partition >= info.partitionCount) {
      throw new ConfigurationError(
        `Topic '${message.topic}' has ${String(info.partitionCount)} partition(s) (0 to ` +
          `${String(info.partitionCount - 1)}); --partition ${String(message.partition)} does not exist`,
        'partition',
      );
    }
  } catch (error) {
    if (!(error instanceof TopicNotFoundError)) {
      if (error instanceof ConfigurationError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      const unreachable =
        error instanceof KafkaDriverError && (isConnectivityError(error) || error.code === KafkaErrorCodes.timedOut);
      const hint = unreachable
        ? `; is a broker running at ${bootstrapServers(app)} (the config's kafka 'bootstrap.servers')?`
        : '';
      throw new Error(
        `Could not look up topic '${message.topic}' on ${bootstrapServers(app)} within ` +
          `${String(LOOKUP_TIMEOUT / 1000)} s: ${reason}${hint}`,
        { cause: error },
      );
    }
    const declared = app.routes.topics.some((t) => t.name === message.topic);
    const pattern = app.routes.topics.find((t) => t.patternMatches(message.topic));
    throw new ConfigurationError(
      `Topic '${message.topic}' does not exist on ${bootstrapServers(app)}: ` +
        (declared
          ? 'the routes declare it, so `karafka topics migrate` creates it'
          : pattern !== undefined
            ? `pattern ${pattern.name} routes it, but \`karafka topics\` creates no topic for a pattern: create it with the admin API or route it by name with a config`
            : 'route it in the config (see docs/topics.md) and run `karafka topics migrate` to create it'),
      'topic',
    );
  } finally {
    await admin.close();
  }
}

/** Sends `payload` to `topic` with the app of the config file; resolves with the delivery report. */
export async function runProduceCommand(topic: string, payload: string, flags: ProduceFlags): Promise<MessageReport> {
  // Bad arguments fail before anything connects.
  const app = await loadApp(findConfigFile(process.cwd(), flags.config));
  // The routes of the topic: by name, else the pattern routes that match it.
  const byName = app.routes.topics.filter((t) => t.name === topic);
  const routes = byName.length > 0 ? byName : app.routes.topics.filter((t) => t.patternMatches(topic));
  const deserializers = routes.map((t) => t.deserializerName);
  const message = produceMessage(topic, payload, flags, payloadFormatFor(flags.format, deserializers));
  await checkTopic(app, message);
  try {
    return await app.producer.produceSync(message);
  } finally {
    await app.closeProducer();
  }
}

/** Registers `produce` on `program`. */
export function registerProduceCommand(program: Command): void {
  program
    .command('produce')
    .description("send one message with the app's producer and print its topic, partition and offset")
    .argument('<topic>', 'topic to write to (it must exist: `karafka topics migrate` creates declared topics)')
    .argument('<payload>', 'the message value, checked as JSON unless --format string (see --format)')
    .option('-k, --key <key>', 'message key (the partitioner places the message by it)')
    .option('-H, --header <name=value>', 'a header (repeat for more; a name given twice keeps both)', collectHeader)
    .option('-p, --partition <number>', 'write to this partition', parsePartition)
    .option(
      '--format <format>',
      'json: the payload must be valid JSON (the default deserializer reads JSON); string: send any text ' +
        "(default: json, or string when the topic's routes use another deserializer)",
      parsePayloadFormat,
    )
    .option('-c, --config <path>', 'config file (default: ./karafka.config.{ts,mts,mjs,js})')
    .action(async (topic: string, payload: string, flags: ProduceFlags) => {
      const report = await runProduceCommand(topic, payload, flags);
      console.log(
        `Delivered to topic ${report.topic}, partition ${String(report.partition)}, offset ${String(report.offset)}`,
      );
    });
}
