// Upstream's package (@confluentinc/kafka-javascript) as the fork uses it: fetched from the npm registry with
// npm itself (its registry settings, proxy and cache), checked against the integrity recorded in our
// package.json, and the selection of its files the fork is built from.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { readTarGz } from './tar-gz.mjs';

/** Upstream's files the fork is built from (and ships): whole folders and single files, package-relative. */
const FOLDERS = ['deps/', 'lib/', 'src/', 'types/'];
const FILES = [
  'binding.gyp',
  'configure',
  'index.d.ts',
  'librdkafka.js',
  'util/configure.js',
  'util/get-env.js',
  'LICENSE.txt',
  'LICENSE.node-rdkafka',
  'LICENSE.kafkajs',
];
/** Left out of those folders: librdkafka's own test suite (about 300 files the build never reads). */
const LEFT_OUT = ['deps/librdkafka/tests/'];
/** The fork's own files, in this repository: upstream must never bring a file of the same path. */
export const OWN = ['src/packed/', 'lib/packed/', 'types/packed.d.ts'];

/** Whether the fork takes upstream's file at `path`. */
export function isSelected(path) {
  if (LEFT_OUT.some((folder) => path.startsWith(folder))) return false;
  return FILES.includes(path) || FOLDERS.some((folder) => path.startsWith(folder));
}

/** npm's integrity string of a tarball. */
export function integrityOf(tarball) {
  return `sha512-${createHash('sha512').update(tarball).digest('base64')}`;
}

/**
 * The environment for a nested npm: this one without what would make it act on a workspace or as a dry run
 * (an install script inherits the npm_config_* of the `npm install` that runs it).
 */
function npmEnvironment() {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^npm_config_(workspaces?|include_workspace_root|dry_run|global|location|json|pack_destination)$/i.test(key)) {
      delete env[key];
    }
  }
  return env;
}

/** The npm that runs this script (an install or prepack script), or the one on the PATH. */
function npmCommand() {
  const execPath = process.env.npm_execpath;
  if (execPath !== undefined && /npm-cli\.[cm]?js$/.test(basename(execPath))) {
    return { command: process.execPath, prefix: [execPath] };
  }
  return { command: 'npm', prefix: [] };
}

/**
 * Upstream's tarball `<name>@<version>`: from the file named by KARAFKA_NATIVE_UPSTREAM_TARBALL when set (for a
 * machine without the registry), otherwise `npm pack` of it (npm's cache first). When `integrity` is given, a
 * tarball that does not match it is refused.
 */
export function fetchTarball({ name, version, integrity }) {
  const spec = `${name}@${version}`;
  let tarball;
  const local = process.env.KARAFKA_NATIVE_UPSTREAM_TARBALL;
  if (local !== undefined && local !== '') {
    tarball = readFileSync(local);
  } else {
    const folder = mkdtempSync(join(tmpdir(), 'kafka-native-upstream-'));
    try {
      const { command, prefix } = npmCommand();
      const args = [...prefix, 'pack', spec, '--pack-destination', folder, '--prefer-offline', '--json'];
      const result = spawnSync(command, args, {
        cwd: folder,
        env: npmEnvironment(),
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        maxBuffer: 64 * 1024 * 1024,
      });
      if (result.error !== undefined || result.status !== 0) {
        const reason = result.error?.message ?? result.stderr.trim().split('\n').slice(-5).join('\n');
        throw new Error(`npm pack ${spec} failed (is the npm registry reachable?):\n${reason}`);
      }
      const [packed] = JSON.parse(result.stdout);
      tarball = readFileSync(join(folder, packed.filename));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }
  const actual = integrityOf(tarball);
  if (integrity !== undefined && actual !== integrity) {
    throw new Error(`${spec}: the tarball's integrity is ${actual}, package.json records ${integrity}: refused`);
  }
  return { tarball, integrity: actual };
}

/**
 * The files of upstream's tarball the fork takes: a Map of package-relative path to `{ mode, data }`.
 * Throws when a path would leave the package folder or land on one of the fork's own files.
 */
export function selectedFiles(tarball) {
  const files = new Map();
  for (const entry of readTarGz(tarball)) {
    if (entry.type !== 'file') continue;
    if (!entry.path.startsWith('package/')) continue;
    const path = entry.path.slice('package/'.length);
    if (path.split('/').some((part) => part === '..' || part === '') || path.startsWith('/')) {
      throw new Error(`upstream's tarball has a file outside the package: ${entry.path}`);
    }
    if (!isSelected(path)) continue;
    if (OWN.some((own) => path === own || path.startsWith(own))) {
      throw new Error(`upstream now has ${path}, a path of the fork's own files: rename ours first`);
    }
    files.set(path, { mode: entry.mode & 0o111 ? 0o755 : 0o644, data: entry.data });
  }
  return files;
}

/** Upstream's package.json, from its tarball. */
export function manifestOf(tarball) {
  const entry = readTarGz(tarball).find((candidate) => candidate.path === 'package/package.json');
  if (entry === undefined) throw new Error("upstream's tarball has no package/package.json");
  return JSON.parse(entry.data.toString('utf8'));
}
