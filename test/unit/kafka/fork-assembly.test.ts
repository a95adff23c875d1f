/**
 * How the Kafka client fork (packages/kafka-native) is assembled from upstream's npm tarball: the tar reader and
 * the patch applier of its build scripts, which run in every install of the fork (no git, tar or patch there),
 * and the rule that every change the fork makes to an upstream file is marked.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTarGz } from '../../../packages/kafka-native/scripts/tar-gz.mjs';
import { applyHunks, formatHunk, parsePatch } from '../../../packages/kafka-native/scripts/unified-patch.mjs';

const forkDir = path.resolve(import.meta.dirname, '..', '..', '..', 'packages', 'kafka-native');

const UPSTREAM = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten']
  .map((line) => `${line}\n`)
  .join('');

const PATCH = `--- a/file.txt
+++ b/file.txt
@@ -2,3 +2,4 @@
 two
 three
+three and a half
 four
@@ -8,3 +9,3 @@
 eight
-nine
+NINE
 ten
`;

function hunksOf(patch: string) {
  const [file] = parsePatch(patch);
  if (file === undefined) throw new Error('no file in the patch');
  return file.hunks;
}

describe('applying the fork patch', () => {
  it('changes the lines each hunk names', () => {
    const { text, failed } = applyHunks(UPSTREAM, hunksOf(PATCH));
    expect(failed).toEqual([]);
    expect(text).toBe(UPSTREAM.replace('three\n', 'three\nthree and a half\n').replace('nine\n', 'NINE\n'));
  });

  it('finds the lines where a new upstream release moved them', () => {
    const moved = `zero\nminus one\n${UPSTREAM.replace('six\n', 'six\nsix and more\n')}`;
    const { text, failed } = applyHunks(moved, hunksOf(PATCH));
    expect(failed).toEqual([]);
    expect(text).toBe(moved.replace('three\n', 'three\nthree and a half\n').replace('nine\n', 'NINE\n'));
  });

  it('reports a hunk whose lines upstream changed, and applies the others', () => {
    const changed = UPSTREAM.replace('nine\n', 'nine (rewritten)\n');
    const { text, failed } = applyHunks(changed, hunksOf(PATCH));
    expect(text).toBe(changed.replace('three\n', 'three\nthree and a half\n'));
    expect(failed.map(formatHunk)).toEqual(['@@ -8,3 +9,3 @@\n eight\n-nine\n+NINE\n ten\n']);
  });

  it('keeps the end of a file without a newline as the patch says', () => {
    const patch = `--- a/index.d.ts
+++ b/index.d.ts
@@ -1,2 +1,3 @@
 export * from './a';
-export * from './b';
\\ No newline at end of file
+export * from './b';
+export * from './c'; // added
`;
    const { text, failed } = applyHunks("export * from './a';\nexport * from './b';", hunksOf(patch));
    expect(failed).toEqual([]);
    expect(text).toBe("export * from './a';\nexport * from './b';\nexport * from './c'; // added\n");
  });

  it('refuses a patch that creates a file (the fork only changes lines of upstream files)', () => {
    const creating = '--- /dev/null\n+++ b/new.txt\n@@ -0,0 +1 @@\n+new\n';
    expect(() => parsePatch(creating)).toThrow(/only changes to existing files/);
  });

  it("holds nothing of upstream's in the repository: git tracks only the fork's own files", () => {
    const tracked = execFileSync('git', ['ls-files', '.'], { cwd: forkDir, encoding: 'utf8' }).trim().split('\n');
    const own =
      /^(\.gitignore|README\.md|package\.json|upstream\.patch|scripts\/[\w.-]+|src\/packed\/[\w.-]+|lib\/packed\/[\w.-]+|types\/packed\.d\.ts)$/;
    expect(tracked.filter((file) => !own.test(file))).toEqual([]);
  });

  it('marks every upstream file it changes with "karafka-ts fork"', () => {
    const files = parsePatch(readFileSync(path.join(forkDir, 'upstream.patch'), 'utf8'));
    expect(files.length).toBeGreaterThan(0);
    const unmarked = files
      .filter(
        ({ hunks }) =>
          !hunks.some((hunk) => hunk.lines.some((l) => l.kind === '+' && l.text.includes('karafka-ts fork'))),
      )
      .map(({ path: file }) => file);
    expect(unmarked).toEqual([]);
  });
});

describe('reading an npm tarball', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'fork-tar-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  const longPath = `package/deps/${'a-rather-long-folder-name/'.repeat(6)}file.c`;

  function tarball(format: 'gnu' | 'pax'): Buffer {
    const root = path.join(folder, format);
    mkdirSync(path.join(root, path.dirname(longPath)), { recursive: true });
    writeFileSync(path.join(root, longPath), 'int main(void) { return 0; }\n');
    writeFileSync(path.join(root, 'package', 'configure'), '#!/bin/sh\n');
    chmodSync(path.join(root, 'package', 'configure'), 0o755);
    const file = path.join(folder, `${format}.tgz`);
    execFileSync('tar', [`--format=${format}`, '-czf', file, '-C', root, 'package']);
    return readFileSync(file);
  }

  it.each(['gnu', 'pax'] as const)('reads paths past 100 characters, contents and modes (%s headers)', (format) => {
    const files = readTarGz(tarball(format)).filter((entry) => entry.type === 'file');
    const byPath = new Map(files.map((entry) => [entry.path, entry]));
    expect([...byPath.keys()].sort()).toEqual([longPath, 'package/configure'].sort());
    expect(byPath.get(longPath)?.data.toString()).toBe('int main(void) { return 0; }\n');
    expect((byPath.get('package/configure')?.mode ?? 0) & 0o111).not.toBe(0);
  });

  it('refuses a damaged archive', () => {
    const tar = execFileSync('gzip', ['-dc'], { input: tarball('pax') });
    tar[10] = tar[10]! ^ 0xff;
    const damaged = execFileSync('gzip', ['-c'], { input: tar });
    expect(() => readTarGz(damaged)).toThrow(/checksum/);
  });
});
