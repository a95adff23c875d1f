/**
 * karafka-ts/testing's public types hold no `any`: the declarations TypeScript emits for src/testing/ (what a
 * user's editor sees of `karafka-ts/testing`) are checked token by token, comments left out.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
const testingDir = path.join(root, 'src', 'testing');

/** The emitted `.d.ts` text of every file of src/testing/, by file name. */
function declarations(): Map<string, string> {
  const configFile = ts.readConfigFile(path.join(root, 'tsconfig.json'), (file) => ts.sys.readFile(file));
  const { options } = ts.parseJsonConfigFileContent(configFile.config, ts.sys, root);
  const files = readdirSync(testingDir)
    .filter((name) => name.endsWith('.ts'))
    .map((name) => path.join(testingDir, name));
  const program = ts.createProgram({
    rootNames: files,
    options: { ...options, noEmit: false, declaration: true, emitDeclarationOnly: true, removeComments: true },
  });
  const emitted = new Map<string, string>();
  for (const file of files) {
    program.emit(
      program.getSourceFile(file),
      (name, text) => {
        if (name.endsWith('.d.ts')) emitted.set(path.basename(file), text);
      },
      undefined,
      true,
    );
  }
  return emitted;
}

/** Identifiers `any` in `text` (a declaration file without comments). */
function anyTokens(text: string): number {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
  let count = 0;
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
    if (token === ts.SyntaxKind.AnyKeyword) count += 1;
  }
  return count;
}

describe('karafka-ts/testing public types', () => {
  it('declare no any', { timeout: 180_000 }, () => {
    const emitted = declarations();
    expect([...emitted.keys()]).toContain('index.ts');
    expect(emitted.size).toBe(readdirSync(testingDir).filter((name) => name.endsWith('.ts')).length);
    const withAny = [...emitted].filter(([, text]) => anyTokens(text) > 0).map(([name]) => name);
    expect(withAny).toEqual([]);
  });
});
