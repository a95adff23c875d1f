/**
 * `karafka topics <plan|migrate|create|delete|reset|repartition|align>`: manages the topics the app's routes
 * declare (see `docs/topics.md`), through the admin API. `plan` prints what `migrate` would change and
 * changes nothing; the others apply all or one kind of change and print each one as it is done.
 *
 * Exit codes: 0 on success, 1 on error; with `--detailed-exitcode`, 0 only when nothing was (or would be)
 * changed and 2 when changes were planned or applied.
 */
import { type Command, CommanderError } from 'commander';
import { Admin } from '../admin/admin.js';
import { findConfigFile, loadApp } from '../app/load-app.js';
import { applyChanges, readExistingTopics } from './topics/cluster-topics.js';
import { type DeclaredTopic, declaredTopics } from './topics/declared-topics.js';
import { type ExistingTopic, type PlanWarning, type TopicChange, planTopics } from './topics/plan.js';
import { type ReportedChange, changeLine, summaryLine, warningLine } from './topics/render.js';

/** What each subcommand does, as its help says. */
const SUBCOMMANDS = {
  plan: 'print what `migrate` would change (topics to create, partitions to add, configs to alter); change nothing',
  migrate: 'create missing topics, add partitions and align configs, as `plan` prints',
  create: 'create the declared topics that do not exist',
  delete: 'delete the declared topics that exist',
  reset: 'delete the declared topics that exist, then create every declared topic',
  repartition: 'add partitions to existing topics that declare more than they have',
  align: 'set the declared configs of existing topics that differ',
} as const;

/** A `karafka topics` subcommand. */
export type TopicsSubcommand = keyof typeof SUBCOMMANDS;

/** Options of every `karafka topics` subcommand. */
export interface TopicsFlags {
  /** Config file (default: ./karafka.config.{ts,mts,mjs,js}). */
  readonly config?: string;
  /** Exit 2 when changes were planned or applied, 0 when none. */
  readonly detailedExitcode?: boolean;
}

const EXIT_CODES = `
Exit codes:
  0  success (with --detailed-exitcode: nothing to change)
  1  error (bad input, configuration or Kafka error)
  2  with --detailed-exitcode only: changes planned (plan) or applied (the others)`;

/** Which planned changes each applying subcommand makes, and which warnings concern it. */
const SCOPES: Record<
  'migrate' | 'create' | 'repartition' | 'align',
  { readonly changes: readonly TopicChange['kind'][]; readonly warnings: readonly PlanWarning['about'][] }
> = {
  migrate: { changes: ['create', 'add-partitions', 'alter-config'], warnings: ['partitions', 'replication-factor'] },
  create: { changes: ['create'], warnings: [] },
  repartition: { changes: ['add-partitions'], warnings: ['partitions'] },
  align: { changes: ['alter-config'], warnings: [] },
};

type Print = (line: string) => void;

async function deleteExisting(
  admin: Admin,
  declared: readonly DeclaredTopic[],
  existing: ReadonlyMap<string, ExistingTopic>,
  print: Print,
): Promise<ReportedChange[]> {
  const deleted: ReportedChange[] = [];
  for (const topic of declared) {
    if (!existing.has(topic.name)) continue;
    await admin.deleteTopic(topic.name);
    const change = { kind: 'delete', name: topic.name } as const;
    print(changeLine(change, 'done'));
    deleted.push(change);
  }
  return deleted;
}

async function apply(admin: Admin, changes: readonly TopicChange[], print: Print): Promise<ReportedChange[]> {
  const done: ReportedChange[] = [];
  await applyChanges(admin, changes, (change) => {
    print(changeLine(change, 'done'));
    done.push(change);
  });
  return done;
}

async function runOnCluster(
  subcommand: TopicsSubcommand,
  admin: Admin,
  declared: readonly DeclaredTopic[],
  print: Print,
): Promise<number> {
  const existing = await readExistingTopics(admin, declared);
  if (subcommand === 'delete' || subcommand === 'reset') {
    const deleted = await deleteExisting(admin, declared, existing, print);
    // The declared topics are gone now: planned against an empty cluster, every one of them is created.
    const created = subcommand === 'reset' ? await apply(admin, planTopics(declared, new Map()).changes, print) : [];
    const all = [...deleted, ...created];
    print(summaryLine(all, 'done'));
    return all.length;
  }
  const plan = planTopics(declared, existing);
  if (subcommand === 'plan') {
    for (const change of plan.changes) print(changeLine(change, 'planned'));
    for (const warning of plan.warnings) print(warningLine(warning));
    print(summaryLine(plan.changes, 'planned'));
    return plan.changes.length;
  }
  const scope = SCOPES[subcommand];
  for (const warning of plan.warnings) if (scope.warnings.includes(warning.about)) print(warningLine(warning));
  if (subcommand === 'repartition' || subcommand === 'align') {
    for (const change of plan.changes) {
      if (change.kind === 'create') {
        print(`skip ${change.topic.name}: it does not exist (\`karafka topics create\` or \`migrate\` creates it)`);
      }
    }
  }
  const done = await apply(
    admin,
    plan.changes.filter((change) => scope.changes.includes(change.kind)),
    print,
  );
  print(summaryLine(done, 'done'));
  return done.length;
}

/**
 * Runs one subcommand for the app of the config file, printing with `print`. Resolves with the number of
 * changes planned (`plan`) or applied (the others).
 */
export async function runTopicsCommand(
  subcommand: TopicsSubcommand,
  flags: TopicsFlags,
  print: Print = (line) => console.log(line),
): Promise<number> {
  const app = await loadApp(findConfigFile(process.cwd(), flags.config));
  const { topics, elsewhere } = declaredTopics(app.routes.topics, app.settings.kafka);
  const appCluster = String(app.settings.kafka['bootstrap.servers'] ?? '');
  for (const topic of elsewhere) {
    print(
      `warning: ${topic.name} (consumer group '${topic.consumerGroup}') is read from another cluster ` +
        `(${topic.bootstrapServers}); karafka topics manages the app's cluster (${appCluster}) only`,
    );
  }
  if (topics.length === 0) {
    print('No declared topics: nothing to do.');
    return 0;
  }
  const admin = new Admin({ kafka: app.settings.kafka, oauthBearerProvider: app.settings.oauthBearerProvider });
  try {
    return await runOnCluster(subcommand, admin, topics, print);
  } finally {
    await admin.close();
  }
}

/** Registers `topics` and its subcommands on `program`. */
export function registerTopicsCommand(program: Command): void {
  const topics = program
    .command('topics')
    .description('manage the topics the routes declare (partitions, replication factor, configs)')
    .addHelpText('after', EXIT_CODES);
  for (const [name, description] of Object.entries(SUBCOMMANDS) as [TopicsSubcommand, string][]) {
    topics
      .command(name)
      .description(description)
      .option('-c, --config <path>', 'config file (default: ./karafka.config.{ts,mts,mjs,js})')
      .option('--detailed-exitcode', 'exit 0 when nothing changes, 2 when changes are planned or applied')
      .addHelpText('after', EXIT_CODES)
      .action(async (flags: TopicsFlags) => {
        const changes = await runTopicsCommand(name, flags);
        if (flags.detailedExitcode === true && changes > 0) {
          // How commander itself ends a command with a chosen exit code; runCli returns it without a message.
          throw new CommanderError(2, 'karafka.topics.changes', `${String(changes)} change(s)`);
        }
      });
  }
}
