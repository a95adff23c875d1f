/**
 * What `npm pack` ships, as a user installing karafka-ts gets it: the files of the tarball
 * (`npm pack --dry-run --json --ignore-scripts`, so dist/ is taken as built) and package.json.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..', '..');

interface PackedFile {
  readonly path: string;
}

interface PackageJson {
  readonly scripts?: Record<string, string>;
  readonly bin?: string | Record<string, string>;
  readonly exports?: unknown;
  readonly main?: string;
  readonly types?: string;
}

const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as PackageJson;
let shipped: ReadonlySet<string> = new Set();

/** `./dist/index.js` and `dist/index.js` name the same packed file. */
function normalize(file: string): string {
  return path.posix.normalize(file.replace(/^\.\//, ''));
}

/** Every file path an `exports` map points at (conditions and subpaths, nested). */
function exportTargets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.values(value).flatMap(exportTargets);
}

/** Relative links of a Markdown file (not URLs, not in-page anchors), without their `#fragment`. */
function relativeLinks(markdown: string): string[] {
  const links = [...markdown.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]!);
  return links
    .filter((link) => !/^[a-z]+:/i.test(link) && !link.startsWith('#'))
    .map((link) => link.replace(/#.*$/, ''));
}

beforeAll(() => {
  if (!existsSync(path.join(root, 'dist', 'index.js'))) {
    throw new Error('dist/ is not built: run `npm run build` first (npm test does)');
  }
  const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const [pack] = JSON.parse(output) as [{ readonly files: readonly PackedFile[] }];
  shipped = new Set(pack.files.map((file) => normalize(file.path)));
}, 120_000);

describe('the npm package', () => {
  it('runs no lifecycle script when a user installs it, and builds before packing', () => {
    const scripts = manifest.scripts ?? {};
    for (const name of ['preinstall', 'install', 'postinstall', 'prepare', 'prepublish']) {
      expect(scripts, `package.json must not have a "${name}" script: it runs on install`).not.toHaveProperty(name);
    }
    expect(scripts.prepack, 'prepack builds dist/ before packing').toMatch(/\bnpm run build\b/);
  });

  it('ships the source of every source map it ships', () => {
    const maps = [...shipped].filter((file) => file.endsWith('.map'));
    expect(maps.length).toBeGreaterThan(0);
    const missing: string[] = [];
    for (const map of maps) {
      const { sources, sourceRoot } = JSON.parse(readFileSync(path.join(root, map), 'utf8')) as {
        readonly sources: readonly string[];
        readonly sourceRoot?: string;
      };
      for (const source of sources) {
        const file = path.posix.join(path.posix.dirname(map), sourceRoot ?? '', source);
        if (!shipped.has(file)) missing.push(`${map} -> ${file}`);
      }
    }
    expect(missing, 'maps pointing at unshipped sources (stale dist/? run `npm run build`)').toEqual([]);
  });

  it('ships the executable and every module its exports, main and types name', () => {
    const bins = typeof manifest.bin === 'string' ? [manifest.bin] : Object.values(manifest.bin ?? {});
    expect(bins).not.toEqual([]);
    const targets = [...bins, ...exportTargets(manifest.exports), manifest.main, manifest.types].filter(
      (target): target is string => target !== undefined,
    );
    const missing = targets.map(normalize).filter((target) => !shipped.has(target));
    expect(missing).toEqual([]);
    for (const bin of bins) expect(readFileSync(path.join(root, bin), 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
  });

  it('ships every file the README and the shipped guides link to', () => {
    const documents = ['README.md', ...[...shipped].filter((file) => /^docs\/.*\.md$/.test(file))];
    expect(documents).toContain('docs/getting-started.md');
    const dangling: string[] = [];
    for (const document of documents) {
      expect(shipped.has(document), `${document} is shipped`).toBe(true);
      for (const link of relativeLinks(readFileSync(path.join(root, document), 'utf8'))) {
        const target = path.posix.join(path.posix.dirname(document), link);
        if (!shipped.has(target)) dangling.push(`${document} -> ${link}`);
      }
    }
    expect(dangling).toEqual([]);
  });

  it('ships no tests, tools or benchmarks', () => {
    const unwanted = [...shipped].filter((file) => /^(test|tools|bench|examples|scripts|node_modules)\//.test(file));
    expect(unwanted).toEqual([]);
  });
});
