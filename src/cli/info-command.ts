/**
 * `karafka info`: versions, librdkafka features, settings (secrets hidden) and routes.
 */
import type { Command } from 'commander';
import type { App } from '../app/app.js';
import { findConfigFile, loadApp } from '../app/load-app.js';
import { rdkafkaDrivers } from '../kafka/drivers.js';
import { VERSION } from '../version.js';

const SECRET = /(password|passphrase|secret|token|key\.pem|keystore|credentials|sasl\.oauthbearer\.config)/i;

/** Settings as text lines, secrets replaced by ***. */
function settingsLines(app: App): string[] {
  const { logger: _logger, kafka, ...rest } = app.settings;
  const lines = Object.entries(rest).map(
    ([k, v]) => `  ${k}: ${typeof v === 'function' ? '(a function)' : JSON.stringify(v)}`,
  );
  for (const [k, v] of Object.entries(kafka)) lines.push(`  kafka.${k}: ${SECRET.test(k) ? '***' : JSON.stringify(v)}`);
  return lines;
}

/** Routes as text lines. */
function routeLines(app: App): string[] {
  const lines: string[] = [];
  for (const cg of app.routes.consumerGroups) {
    lines.push(`  consumer group ${cg.name}`);
    for (const sg of cg.subscriptionGroups) {
      lines.push(`    subscription group ${sg.name}`);
      for (const t of sg.topics) {
        const consumer = t.consumer?.name ?? '(no consumer)';
        lines.push(
          `      topic ${t.name} -> ${consumer} (${t.deserializerName}, ${t.initialOffset}, maxMessages ${String(t.maxMessages)}${t.active ? '' : ', inactive'})`,
        );
      }
    }
  }
  return lines.length > 0 ? lines : ['  (no routes)'];
}

/** Registers `info` on `program`. */
export function registerInfoCommand(program: Command): void {
  program
    .command('info')
    .description('print versions, librdkafka features and, with a config file, settings and routes')
    .option('-c, --config <path>', 'config file (default: ./karafka.config.{ts,mts,mjs,js} if present)')
    .action(async (flags: { config?: string }) => {
      const out: string[] = [
        `karafka-ts ${VERSION}`,
        `Node.js ${process.version}`,
        `Kafka client: ${rdkafkaDrivers.description}`,
        `Kafka client features: ${rdkafkaDrivers.features.join(', ')}`,
      ];
      let file: string | undefined;
      try {
        file = findConfigFile(process.cwd(), flags.config);
      } catch (error) {
        if (flags.config !== undefined) throw error;
      }
      if (file !== undefined) {
        const app = await loadApp(file);
        out.push(`Config: ${file}`, 'Settings:', ...settingsLines(app), 'Routes:', ...routeLines(app));
      } else {
        out.push('Config: none found in this folder');
      }
      console.log(out.join('\n'));
    });
}
