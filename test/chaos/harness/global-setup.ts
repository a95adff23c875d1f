/**
 * Global setup of the chaos run: builds the package when `src/` is newer than `dist/` (consumers are the
 * built `karafka` binary), or builds the commit `CHAOS_REF` names (`CHAOS_REF=HEAD`: what is committed,
 * without the work in progress of the checkout), copies it into the run's folder, links the jars, and starts
 * the chaos single node on fresh data. At the end it prints the table of every scenario's result and stops
 * the chaos brokers (`CHAOS_KEEP_BROKERS=1` keeps them, for running scenarios one by one while developing). */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { linkSharedJars, startSingle, stopAllChaosBrokers } from './brokers.js';
import { CHAOS_ENV } from './chaos-env.js';
import { resultsFile, type ScenarioResult } from './scenario.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');

function newestMtime(dir: string): number {
  return Math.max(
    0,
    ...readdirSync(dir, { withFileTypes: true }).map((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs;
    }),
  );
}

const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');

function buildIfStale(): void {
  const built = statSync(path.join(repoRoot, 'dist', 'index.js'), { throwIfNoEntry: false });
  if (built !== undefined && built.mtimeMs >= newestMtime(path.join(repoRoot, 'src'))) return;
  console.log('[chaos] dist/ is older than src/: building');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: repoRoot, stdio: 'inherit' });
}

/**
 * Builds the package from a commit instead of the working tree (`CHAOS_REF`, e.g. `HEAD`): the commit's files
 * are exported into the run's folder and compiled there, so work in progress elsewhere in the checkout can
 * neither break the build nor change what is tested. Returns the folder holding `dist/`, `bin/` and
 * `package.json`.
 */
function buildFromRef(runDir: string, ref: string): { dir: string; commit: string } {
  const commit = execFileSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], {
    cwd: repoRoot,
    encoding: 'utf8',
  }).trim();
  const source = path.join(runDir, 'source');
  mkdirSync(source, { recursive: true });
  const archive = spawnSync('sh', ['-c', `git archive ${commit} | tar -x -C '${source}'`], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (archive.status !== 0) throw new Error(`Exporting ${ref} (${commit}) failed: ${archive.stderr}`);
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(source, 'node_modules'), 'dir');
  console.log(`[chaos] building the package of ${ref} (${commit}) in ${source}`);
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: source, stdio: 'inherit' });
  return { dir: source, commit };
}

/**
 * Copies the built package (from `built`: the checkout, or a commit built by `buildFromRef`) and the chaos app
 * into the run's folder, so that consumer processes started during the run load code no other build can
 * rewrite under them (other users of this checkout rebuild `dist/` whenever `src/` changes; a process that
 * starts mid-build fails to load). Checks that the copy loads; copies again when it does not (a build was
 * running meanwhile).
 */
function snapshotPackage(runDir: string, built: string): string {
  const dir = path.join(runDir, 'package');
  for (let attempt = 1; ; attempt += 1) {
    mkdirSync(dir, { recursive: true });
    cpSync(path.join(built, 'dist'), path.join(dir, 'dist'), { recursive: true, force: true });
    cpSync(path.join(built, 'bin'), path.join(dir, 'bin'), { recursive: true, force: true });
    copyFileSync(path.join(built, 'package.json'), path.join(dir, 'package.json'));
    cpSync(path.join(repoRoot, 'test', 'chaos', 'app'), path.join(dir, 'chaos-app'), { recursive: true, force: true });
    if (!existsSync(path.join(dir, 'node_modules'))) {
      symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    }
    const probe = spawnSync(process.execPath, [path.join(dir, 'bin', 'karafka.cjs'), '--help'], { encoding: 'utf8' });
    if (probe.status === 0) return dir;
    if (attempt === 3) {
      throw new Error(`The copy of the built package in ${dir} does not load:\n${probe.stdout}${probe.stderr}`);
    }
    execFileSync('sleep', ['5']);
  }
}

function cell(ms: number | undefined): string {
  return ms === undefined ? '-' : `${(ms / 1000).toFixed(1)} s`;
}

/** The table of a run's results, one row per scenario, in scenario order. */
export function resultsTable(results: readonly ScenarioResult[]): string {
  const header = [
    'scenario',
    'produced',
    'processed',
    'lost',
    'duplicated',
    'redelivered',
    'written twice',
    'unexplained',
    'dup window',
    'faults',
    'recovery (max)',
    'time',
    'result',
  ];
  const rows = [...results]
    .sort((a, b) => a.scenario.localeCompare(b.scenario))
    .map((r) => [
      `${r.scenario} ${r.title}`,
      String(r.produced),
      String(r.processed),
      String(r.lost),
      String(r.duplicated),
      String(r.redelivered),
      String(r.writtenTwice),
      String(r.unexplainedRedeliveries.length),
      cell(r.duplicateWindowMs),
      String(r.faults),
      cell(r.recoveryMs),
      cell(r.durationMs),
      r.ok ? 'pass' : r.error === undefined ? 'FAIL (lost)' : 'FAIL',
    ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  linkSharedJars();
  const runDir = path.join(CHAOS_ENV.KARAFKA_KAFKA_HOME, 'runs', new Date().toISOString().replace(/[:.]/g, '-'));
  mkdirSync(runDir, { recursive: true });
  const ref = process.env.CHAOS_REF;
  let built = repoRoot;
  let testing = 'the working tree';
  if (ref === undefined || ref === '') buildIfStale();
  else {
    const build = buildFromRef(runDir, ref);
    built = build.dir;
    testing = `${ref} (${build.commit})`;
  }
  console.log(
    `[chaos] run folder ${runDir}; brokers in ${CHAOS_ENV.KARAFKA_KAFKA_HOME} on ports ${CHAOS_ENV.KAFKA_PORT} and ${CHAOS_ENV.KAFKA_CLUSTER_PORT}+`,
  );
  await startSingle({ fresh: process.env.CHAOS_KEEP_BROKERS !== '1' });
  project.provide('chaosRunDir', runDir);
  project.provide('chaosPackageDir', snapshotPackage(runDir, built));
  const started = Date.now();
  return async () => {
    const file = resultsFile(runDir);
    const results = existsSync(file)
      ? readFileSync(file, 'utf8')
          .trim()
          .split('\n')
          .filter((l) => l !== '')
          .map((l) => JSON.parse(l) as ScenarioResult)
      : [];
    console.log(
      `\n[chaos] results of ${testing} (${String(results.length)} scenarios, ${cell(Date.now() - started)} in all):\n${resultsTable(results)}\n`,
    );
    if (process.env.CHAOS_KEEP_BROKERS !== '1') await stopAllChaosBrokers();
  };
}
