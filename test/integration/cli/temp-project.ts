/**
 * A throwaway project folder for CLI tests: the package linked into node_modules (what `npm install
 * karafka-ts` gives), a package.json of the given type, and files written by the test.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');

/** Creates the folder with `files` (relative path -> content) and returns its path. */
export function tempProject(files: Record<string, string>, type: 'module' | 'commonjs' = 'commonjs'): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'karafka-cli-'));
  mkdirSync(path.join(dir, 'node_modules'));
  symlinkSync(repoRoot, path.join(dir, 'node_modules', 'karafka-ts'));
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: 'cli-test', private: true, type })}\n`);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/** Output lines that are JSON objects (log lines); CLI output for people must have none. */
export function jsonLines(lines: readonly string[]): string[] {
  return lines.filter((line) => {
    try {
      const parsed: unknown = JSON.parse(line);
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
    } catch {
      return false;
    }
  });
}
