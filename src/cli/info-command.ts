/**
 * `karafka info`: versions, librdkafka features, settings (secrets hidden) and routes.
 */
import type { Command } from 'commander';
import { Admin } from '../admin/admin.js';
import type { App } from '../app/app.js';
import { findConfigFile, loadApp } from '../app/load-app.js';
import { rdkafkaDrivers } from '../kafka/drivers.js';
import type { Topic } from '../routing/topic.js';
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

/** How long `info` waits for the cluster's topic list (for what patterns match). */
const METADATA_TIMEOUT_MS = 5_000;

/**
 * The topics each pattern route matches now, from the cluster's metadata (by route id), or why they could not be
 * read. Nothing is asked when there is no pattern route.
 */
async function patternMatchLines(app: App): Promise<Map<string, string>> {
  const patterns = app.routes.topics.filter((t) => t.isPattern);
  const result = new Map<string, string>();
  if (patterns.length === 0) return result;
  const clusters = new Map<string, Topic[]>();
  for (const t of patterns) {
    const kafka = JSON.stringify({ ...app.settings.kafka, ...t.kafka });
    clusters.set(kafka, [...(clusters.get(kafka) ?? []), t]);
  }
  for (const [kafka, routes] of clusters) {
    const admin = new Admin({
      kafka: JSON.parse(kafka) as App['settings']['kafka'],
      oauthBearerProvider: app.settings.oauthBearerProvider,
      timeout: METADATA_TIMEOUT_MS,
    });
    try {
      const names = (await admin.clusterInfo()).topics.map((t) => t.name).sort();
      for (const route of routes) {
        const matched = names.filter((name) => route.patternMatches(name));
        result.set(route.id, `matches now: ${matched.join(', ') || '(no topic yet)'}`);
      }
    } catch (error) {
      for (const route of routes) {
        result.set(route.id, `matches now: unknown (the cluster did not answer: ${(error as Error).message})`);
      }
    } finally {
      await admin.close().catch(() => undefined);
    }
  }
  return result;
}

/** Routes as text lines; `matches` are the lines of pattern routes' current topics. */
function routeLines(app: App, matches: ReadonlyMap<string, string>): string[] {
  const lines: string[] = [];
  for (const cg of app.routes.consumerGroups) {
    lines.push(`  consumer group ${cg.name}`);
    for (const sg of cg.subscriptionGroups) {
      lines.push(`    subscription group ${sg.name}`);
      for (const t of sg.topics) {
        const consumer = t.consumer?.name ?? '(no consumer)';
        const direct = t.directAssignment;
        const assigned =
          direct === undefined
            ? ''
            : `, assigned directly: ${direct.partitions === 'all' ? 'all partitions' : `partitions ${direct.partitions.join(', ')}`}`;
        lines.push(
          `      ${t.isPattern ? 'pattern' : 'topic'} ${t.name} -> ${consumer} (${t.deserializerName}, ${t.initialOffset}, maxMessages ${String(t.maxMessages)}${assigned}${t.active ? '' : ', inactive'})`,
        );
        const matched = matches.get(t.id);
        if (matched !== undefined) lines.push(`        ${matched}`);
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
        const matches = await patternMatchLines(app);
        out.push(`Config: ${file}`, 'Settings:', ...settingsLines(app), 'Routes:', ...routeLines(app, matches));
      } else {
        out.push('Config: none found in this folder');
      }
      console.log(out.join('\n'));
    });
}
