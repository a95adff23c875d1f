/**
 * `npm run bench [-- <scenario>... ] [--quick] [--scale <factor>] [--readme]`
 *
 * Starts the local Kafka if needed, runs the scenarios (all by default), prints one table per scenario with
 * ratios to the reference rows and the goals of the suite, and writes bench/results/<timestamp>.json. A full
 * run (every scenario, full sizes) also writes bench/results/latest.md; `--readme` copies it into the
 * "Latest full run" section of docs/benchmarks.md, and the machine and the goals into the README's
 * Benchmarks section. Topics of the run are deleted at the end.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BenchBroker } from './lib/broker.js';
import { killAllChildren } from './lib/child.js';
import { type Machine, describeMachine, machineText } from './lib/machine.js';
import { type GoalCheck, type ScenarioReport, renderGoals, renderMarkdown, renderText } from './lib/report.js';
import type { Scenario } from './lib/scenario.js';
import { sizesFor } from './lib/sizes.js';
import { ioScaling } from './scenarios/io-scaling.js';
import { ioVirtual } from './scenarios/io-virtual.js';
import { latency } from './scenarios/latency.js';
import { lifecycle } from './scenarios/lifecycle.js';
import { memory } from './scenarios/memory.js';
import { producer } from './scenarios/producer.js';
import { swarm } from './scenarios/swarm.js';
import { throughput } from './scenarios/throughput.js';
import { transactions } from './scenarios/transactions.js';
import { web } from './scenarios/web.js';

const SCENARIOS: readonly Scenario[] = [
  throughput,
  ioScaling,
  ioVirtual,
  latency,
  memory,
  lifecycle,
  producer,
  swarm,
  web,
  transactions,
];

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const resultsDir = path.join(benchDir, 'results');
const readmeFile = path.join(benchDir, '..', 'README.md');
const benchmarksDoc = path.join(benchDir, '..', 'docs', 'benchmarks.md');
/** The markers of the generated part, in the README and in docs/benchmarks.md. */
const BLOCK_START = '<!-- bench:start -->';
const BLOCK_END = '<!-- bench:end -->';

interface Options {
  readonly scenarios: readonly Scenario[];
  readonly quick: boolean;
  readonly scale: number;
  readonly readme: boolean;
}

function usage(): string {
  return (
    'usage: npm run bench [-- <scenario>...] [--quick] [--scale <factor>] [--readme]\n' +
    `scenarios: ${SCENARIOS.map((s) => s.id).join(', ')} (default: all)\n` +
    '  --quick          small sizes, for development\n' +
    '  --scale <f>      multiply message counts and durations by f (also BENCH_SCALE)\n' +
    '  --readme         after a full run, copy the tables into docs/benchmarks.md and the goals into the README\n' +
    'environment: BENCH_CPU_PROF=<contender name part> writes Node CPU profiles of matching contenders'
  );
}

function parseArgs(argv: readonly string[]): Options {
  const chosen: Scenario[] = [];
  let quick = false;
  let readme = false;
  let scale = Number(process.env.BENCH_SCALE ?? 1);
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--quick') quick = true;
    else if (arg === '--readme') readme = true;
    else if (arg === '--scale') scale = Number(argv[(i += 1)]);
    else if (arg.startsWith('--scale=')) scale = Number(arg.slice('--scale='.length));
    else if (arg === '--help' || arg === '-h') {
      console.log(usage());
      process.exit(0);
    } else {
      const scenario = SCENARIOS.find((s) => s.id === arg);
      if (scenario === undefined) {
        console.error(`Unknown scenario or option '${arg}'.\n${usage()}`);
        process.exit(2);
      }
      chosen.push(scenario);
    }
  }
  if (!Number.isFinite(scale) || scale <= 0) {
    console.error('--scale (or BENCH_SCALE) takes a positive number');
    process.exit(2);
  }
  return { scenarios: chosen.length === 0 ? SCENARIOS : chosen, quick, scale, readme };
}

function machineLine(machine: Machine): string {
  return `Measured ${new Date().toISOString().slice(0, 10)} by \`npm run bench\` on: ${machineText(machine)}`;
}

function summaryMarkdown(machine: Machine, reports: readonly ScenarioReport[], goals: readonly GoalCheck[]): string {
  return [
    machineLine(machine),
    '',
    '#### Goals',
    '',
    renderGoals(goals, true),
    '',
    ...reports.flatMap((r) => [renderMarkdown(r, 4), '']),
  ].join('\n');
}

/** The README's short form: the machine and the goals (the tables are in docs/benchmarks.md). */
function goalsMarkdown(machine: Machine, goals: readonly GoalCheck[]): string {
  return [machineLine(machine), '', renderGoals(goals, true), ''].join('\n');
}

/** Replaces the generated block of `file` with `content`; false when the file has no block. */
function replaceBlock(file: string, content: string): boolean {
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(BLOCK_START);
  const end = text.indexOf(BLOCK_END);
  if (start < 0 || end < start) {
    console.error(`${path.relative(process.cwd(), file)} has no ${BLOCK_START} ... ${BLOCK_END} block: not updated`);
    return false;
  }
  writeFileSync(file, `${text.slice(0, start + BLOCK_START.length)}\n${content}\n${text.slice(end)}`);
  return true;
}

function updateDocs(summary: string, goals: string): void {
  const updated = [
    replaceBlock(benchmarksDoc, summary) ? benchmarksDoc : undefined,
    replaceBlock(readmeFile, goals) ? readmeFile : undefined,
  ].filter((file): file is string => file !== undefined);
  if (updated.length === 0) return;
  // The tables come out unaligned; the docs are kept in Prettier's style.
  spawnSync('npx', ['--no-install', 'prettier', '--write', ...updated], { stdio: 'ignore' });
  console.log(`Updated: ${updated.map((file) => path.relative(process.cwd(), file)).join(', ')}`);
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const log = (line: string): void => {
    process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
  };
  const started = Date.now();
  const overridden = process.env.BENCH_KARAFKA_SETTINGS || undefined;
  if (overridden !== undefined) log(`karafka-ts rows run with BENCH_KARAFKA_SETTINGS=${overridden} (not the defaults)`);
  const machine = describeMachine();
  const broker = await BenchBroker.connect(log);
  const interrupted = (): void => {
    killAllChildren();
    void broker.cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  const sizes = sizesFor(options.quick, options.scale);
  const reports: ScenarioReport[] = [];
  const goals: GoalCheck[] = [];
  try {
    for (const scenario of options.scenarios) {
      log(`scenario ${scenario.id}: ${scenario.title}`);
      const produced = await scenario.run({ broker, sizes, quick: options.quick, log });
      reports.push(...produced);
      for (const report of produced) console.log(`\n${renderText(report)}\n`);
      goals.push(...(scenario.goals?.(produced) ?? []));
    }
  } finally {
    log('deleting the topics of this run');
    await broker.cleanup();
    await broker.close();
  }
  machine.loadAtEnd = (await import('node:os')).loadavg()[0] ?? 0;
  const totalS = (Date.now() - started) / 1000;
  if (goals.length > 0) console.log(`Goals:\n${renderGoals(goals, false)}\n`);
  console.log(`Machine: ${machineText(machine)}`);
  if (overridden !== undefined) console.log(`karafka-ts rows ran with BENCH_KARAFKA_SETTINGS=${overridden}`);
  console.log(`Total time: ${totalS.toFixed(0)} s`);

  mkdirSync(resultsDir, { recursive: true });
  const stamp = new Date(started)
    .toISOString()
    .replaceAll(':', '-')
    .replace(/\.\d+Z$/, 'Z');
  const jsonFile = path.join(resultsDir, `${stamp}.json`);
  writeFileSync(
    jsonFile,
    `${JSON.stringify({ startedAt: new Date(started).toISOString(), totalS, karafkaOverrides: overridden ?? null, options: { ...options, scenarios: options.scenarios.map((s) => s.id) }, sizes, machine, goals, reports }, null, 2)}\n`,
  );
  console.log(`Results: ${path.relative(process.cwd(), jsonFile)}`);
  const complete =
    options.scenarios.length === SCENARIOS.length && !options.quick && options.scale === 1 && overridden === undefined;
  if (complete) {
    const summary = summaryMarkdown(machine, reports, goals);
    const latest = path.join(resultsDir, 'latest.md');
    writeFileSync(
      latest,
      `# Latest benchmark results\n\n${summary}\n\nTotal time of the run: ${totalS.toFixed(0)} s.\n`,
    );
    console.log(`Summary: ${path.relative(process.cwd(), latest)}`);
    if (options.readme) updateDocs(summary, goalsMarkdown(machine, goals));
  } else if (options.readme) {
    console.log('--readme needs a full run (every scenario, full sizes): README.md and docs/benchmarks.md not updated');
  }
}

await main();
