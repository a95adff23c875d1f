#!/usr/bin/env node
// Builds the fork's sources from upstream's package and the fork's patch. The repository holds only the fork's
// own files and `upstream.patch`; upstream's files come from the npm registry.
//
//   node scripts/fork.mjs assemble [--force]   upstream's files into this folder, patched (install, prepack);
//                                              --force writes them again (edits not yet in the patch are lost)
//   node scripts/fork.mjs diff                 writes upstream.patch from the changes made here to upstream's files
//   node scripts/fork.mjs rebase <version>     moves the fork onto another upstream release
//   node scripts/fork.mjs check                exits 1 unless assembled here with the current patch
//
// `assemble` does nothing when upstream-files.json says this folder already holds the recorded release with the
// current patch (the published package ships assembled, so installing it needs no network). It writes only the
// files whose contents differ, so a build that is already there stays up to date.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyHunks, formatHunk, parsePatch } from './unified-patch.mjs';
import { fetchTarball, integrityOf, isSelected, manifestOf, selectedFiles } from './upstream.mjs';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const manifestPath = join(packageDir, 'package.json');
const patchPath = join(packageDir, 'upstream.patch');
const recordPath = join(packageDir, 'upstream-files.json');

const PATCH_HEADER = `# karafka-ts fork: its changes to upstream's files (the lines marked "karafka-ts fork"), applied by
# scripts/fork.mjs assemble. Written by \`node scripts/fork.mjs diff\`: edit the files, not this patch.
`;

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function sha256(data) {
  return createHash('sha256').update(data).digest('hex');
}

/** The upstream release package.json records: `{ name, version, integrity }`. */
function recordedUpstream() {
  const { upstream } = readJson(manifestPath);
  if (typeof upstream?.name !== 'string' || typeof upstream?.version !== 'string') {
    throw new Error(`${manifestPath}: "upstream" must be { "name", "version", "integrity" }`);
  }
  return upstream;
}

/** What upstream-files.json says this folder holds, or null. */
function readRecord() {
  try {
    return readJson(recordPath);
  } catch {
    return null;
  }
}

function writeRecord(upstream, patch, paths) {
  const record = {
    upstream: `${upstream.name}@${upstream.version}`,
    integrity: upstream.integrity,
    patch: sha256(patch),
    files: [...paths].sort(),
  };
  writeFileSync(recordPath, `${JSON.stringify(record, null, 2)}\n`);
}

/** Whether this folder holds `upstream` patched with `patch`, as upstream-files.json records. */
function isAssembled(upstream, patch) {
  const record = readRecord();
  return (
    record !== null &&
    record.upstream === `${upstream.name}@${upstream.version}` &&
    record.integrity === upstream.integrity &&
    record.patch === sha256(patch) &&
    record.files.every((path) => existsSync(join(packageDir, path)))
  );
}

/** Upstream's files with the patch applied: `{ files, failures }` (failures: `[{ path, hunks }]`). */
function patchedFiles(files, patch) {
  const failures = [];
  for (const { path, hunks } of parsePatch(patch)) {
    const file = files.get(path);
    if (file === undefined) {
      failures.push({ path, hunks, missing: true });
      continue;
    }
    const { text, failed } = applyHunks(file.data.toString('utf8'), hunks);
    files.set(path, { ...file, data: Buffer.from(text, 'utf8') });
    if (failed.length > 0) failures.push({ path, hunks: failed });
  }
  return { files, failures };
}

/** Writes `files` into this folder (only those that differ) and removes files of `previous` no longer there. */
function writeFiles(files, previous) {
  let written = 0;
  for (const [path, { mode, data }] of files) {
    const target = join(packageDir, path);
    const same = existsSync(target) && readFileSync(target).equals(data);
    if (!same) {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, data);
      written++;
    }
    if ((statSync(target).mode & 0o777) !== mode) chmodSync(target, mode);
  }
  for (const path of previous) {
    // Only upstream's own paths, as the record lists them: never anything outside the selection.
    if (files.has(path) || !isSelected(path) || path.split('/').includes('..')) continue;
    rmSync(join(packageDir, path), { force: true });
  }
  return written;
}

function describeFailures(failures) {
  return failures
    .map(({ path, hunks, missing }) =>
      missing
        ? `${path}: upstream has no such file`
        : `${path}: ${hunks.length} hunk(s) did not apply:\n${hunks.map(formatHunk).join('')}`,
    )
    .join('\n');
}

function assemble(force) {
  const upstream = recordedUpstream();
  const patch = readFileSync(patchPath, 'utf8');
  if (!force && isAssembled(upstream, patch)) {
    console.log(`kafka-native: ${upstream.name}@${upstream.version} is assembled here (upstream-files.json)`);
    return;
  }
  if (typeof upstream.integrity !== 'string') throw new Error(`${manifestPath}: "upstream" has no "integrity"`);
  console.log(`kafka-native: assembling ${upstream.name}@${upstream.version} with upstream.patch`);
  const { tarball } = fetchTarball(upstream);
  const { files, failures } = patchedFiles(selectedFiles(tarball), patch);
  if (failures.length > 0) {
    throw new Error(
      `upstream.patch does not apply to ${upstream.name}@${upstream.version}:\n${describeFailures(failures)}`,
    );
  }
  const written = writeFiles(files, readRecord()?.files ?? []);
  writeRecord(upstream, patch, files.keys());
  console.log(`kafka-native: ${files.size} upstream files in place (${written} written)`);
}

function check() {
  const upstream = recordedUpstream();
  if (!isAssembled(upstream, readFileSync(patchPath, 'utf8'))) {
    console.error(
      `kafka-native: not assembled with ${upstream.name}@${upstream.version} and the current upstream.patch`,
    );
    process.exitCode = 1;
    return;
  }
  console.log(`kafka-native: ${upstream.name}@${upstream.version} is assembled here with the current upstream.patch`);
}

/** The unified diff of one file from `before` to `after` (git diff --no-index, then our own header). */
function diffFile(path, before, after) {
  const folder = mkdtempSync(join(tmpdir(), 'kafka-native-diff-'));
  try {
    const original = join(folder, 'original');
    writeFileSync(original, before);
    const result = spawnSync('git', ['diff', '--no-index', '--no-color', '--no-ext-diff', '-U3', original, after], {
      encoding: 'utf8',
    });
    if (result.error !== undefined || (result.status !== 0 && result.status !== 1)) {
      throw new Error(`git diff failed for ${path}: ${result.error?.message ?? result.stderr}`);
    }
    const hunks = result.stdout.slice(result.stdout.indexOf('\n@@') + 1);
    return `--- a/${path}\n+++ b/${path}\n${hunks}`;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function diff() {
  const upstream = recordedUpstream();
  const { tarball } = fetchTarball(upstream);
  const files = selectedFiles(tarball);
  const sections = [];
  for (const [path, { data }] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const here = join(packageDir, path);
    if (!existsSync(here)) throw new Error(`${path} is missing here: run \`node scripts/fork.mjs assemble\` first`);
    if (readFileSync(here).equals(data)) continue;
    sections.push(diffFile(path, data, here));
    console.log(`kafka-native: ${path} differs from upstream`);
  }
  const patch = PATCH_HEADER + sections.join('');
  writeFileSync(patchPath, patch);
  writeRecord(upstream, patch, files.keys());
  console.log(`kafka-native: upstream.patch written (${sections.length} files)`);
}

function setJson(path, change) {
  const json = readJson(path);
  change(json);
  writeFileSync(path, `${JSON.stringify(json, null, 2)}\n`);
}

function rebase(version) {
  if (version === undefined || !/^\d+\.\d+\.\d+([-.+][\w.]+)?$/.test(version)) {
    throw new Error('usage: node scripts/fork.mjs rebase <upstream version, e.g. 1.11.0>');
  }
  const current = recordedUpstream();
  const upstream = { name: current.name, version };
  console.log(`kafka-native: ${upstream.name}@${version} from the npm registry`);
  const { tarball } = fetchTarball(upstream);
  upstream.integrity = integrityOf(tarball);
  const patch = readFileSync(patchPath, 'utf8');
  const { files, failures } = patchedFiles(selectedFiles(tarball), patch);
  const written = writeFiles(files, readRecord()?.files ?? []);
  const upstreamManifest = manifestOf(tarball);
  const forkVersion = `${version}-karafka.1`;
  setJson(manifestPath, (json) => {
    json.version = forkVersion;
    json.upstream = upstream;
    if (typeof json.description === 'string') json.description = json.description.replaceAll(current.version, version);
    if (upstreamManifest.librdkafka !== undefined) {
      if (typeof json.description === 'string' && typeof json.librdkafka === 'string') {
        json.description = json.description.replaceAll(
          `librdkafka ${json.librdkafka}`,
          `librdkafka ${upstreamManifest.librdkafka}`,
        );
      }
      json.librdkafka = upstreamManifest.librdkafka;
    }
  });
  const rootManifest = join(packageDir, '..', '..', 'package.json');
  if (existsSync(rootManifest)) {
    setJson(rootManifest, (json) => {
      if (json.dependencies?.[readJson(manifestPath).name] !== undefined) {
        json.dependencies[readJson(manifestPath).name] = forkVersion;
      }
    });
  }
  console.log(`kafka-native: ${files.size} upstream files in place (${written} written); version ${forkVersion}`);
  if (failures.length > 0) {
    console.error(`\nThese changes of upstream.patch did not apply; make them by hand in the files, then run`);
    console.error(`\`node scripts/fork.mjs diff\`:\n\n${describeFailures(failures)}`);
    process.exitCode = 1;
    return;
  }
  writeRecord(upstream, patch, files.keys());
  console.log(
    'kafka-native: upstream.patch applied. Next: npm install, the tests, the benchmark (docs/kafka-client.md).',
  );
}

const [command, argument] = process.argv.slice(2);
try {
  if (command === 'assemble') assemble(argument === '--force');
  else if (command === 'diff') diff();
  else if (command === 'rebase') rebase(argument);
  else if (command === 'check') check();
  else throw new Error('usage: node scripts/fork.mjs assemble [--force] | diff | rebase <version> | check');
} catch (error) {
  console.error(`kafka-native: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
