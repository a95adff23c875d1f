/**
 * The house rules of docs/architecture.md, checked on every run:
 * only src/kafka/ imports the client library, nothing imports src/index.ts, folders depend only on the
 * folders below them, there are no import cycles, and every exported declaration has a doc comment.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const srcDir = path.resolve(import.meta.dirname, '..', '..', 'src');
/** The Kafka client library (the project's fork) and the package it forks. */
const CLIENT_LIBRARIES = ['@karafka-ts/kafka-native', '@confluentinc/kafka-javascript'];

/**
 * Which top-level folders of src/ each folder may import from (besides itself): exactly the edges the code
 * uses, so a new edge is a decision made here. Arrows point down: cli -> server -> connection -> processing
 * -> consumer -> routing -> messages -> kafka; instrumentation and kafka import no other folder. The web UI
 * (web) sits beside the CLI: only cli imports it.
 */
const ALLOWED: Record<string, readonly string[]> = {
  kafka: [],
  instrumentation: [],
  messages: ['kafka'],
  config: ['kafka', 'instrumentation'],
  routing: ['config', 'kafka', 'messages'],
  producer: ['kafka', 'instrumentation'],
  admin: ['kafka'],
  iterator: ['kafka', 'messages'],
  consumer: ['messages', 'producer', 'routing', 'instrumentation'],
  processing: ['kafka', 'messages', 'consumer', 'routing', 'producer', 'instrumentation', 'config'],
  connection: ['kafka', 'processing', 'routing', 'instrumentation', 'config', 'consumer', 'producer'],
  app: ['config', 'routing', 'producer', 'instrumentation', 'kafka'],
  server: ['app', 'connection', 'processing', 'routing', 'instrumentation', 'kafka'],
  swarm: ['server', 'app', 'instrumentation'],
  web: ['server', 'app', 'admin', 'instrumentation', 'kafka', 'scheduling'],
  scheduling: ['app', 'admin', 'consumer', 'routing', 'messages', 'producer', 'instrumentation', 'kafka'],
  testing: [
    'server',
    'app',
    'connection',
    'processing',
    'consumer',
    'routing',
    'producer',
    'admin',
    'instrumentation',
    'kafka',
  ],
  cli: [
    'server',
    'swarm',
    'app',
    'admin',
    'config',
    'routing',
    'instrumentation',
    'kafka',
    'producer',
    'web',
    'scheduling',
  ],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

const files = sourceFiles(srcDir);
const parsed = new Map(
  files.map((file) => [file, ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)]),
);

function importsOf(source: ts.SourceFile): string[] {
  const specifiers: string[] = [];
  for (const statement of source.statements) {
    if (
      (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
      statement.moduleSpecifier !== undefined &&
      ts.isStringLiteral(statement.moduleSpecifier)
    ) {
      specifiers.push(statement.moduleSpecifier.text);
    }
  }
  return specifiers;
}

/** Resolved src files imported by `file` (relative imports only, `.js` mapped back to `.ts`). */
function localImports(file: string): string[] {
  return importsOf(parsed.get(file)!)
    .filter((s) => s.startsWith('.'))
    .map((s) => path.resolve(path.dirname(file), s.replace(/\.js$/, '.ts')));
}

function folderOf(file: string): string {
  const relative = path.relative(srcDir, file);
  return relative.includes(path.sep) ? relative.split(path.sep)[0]! : '.';
}

const rel = (file: string): string => path.relative(srcDir, file);

describe('architecture', () => {
  it('imports the Kafka client library only from src/kafka/', () => {
    const offenders = files.filter(
      (file) =>
        folderOf(file) !== 'kafka' &&
        importsOf(parsed.get(file)!).some((s) => CLIENT_LIBRARIES.some((library) => s.startsWith(library))),
    );
    expect(offenders.map(rel)).toEqual([]);
  });

  it('never imports src/index.ts from inside src/', () => {
    const index = path.join(srcDir, 'index.ts');
    expect(files.filter((file) => localImports(file).includes(index)).map(rel)).toEqual([]);
  });

  it('has folders depend only on the folders below them', () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = folderOf(file);
      if (from === '.') continue;
      const allowed = ALLOWED[from];
      if (allowed === undefined) {
        violations.push(`${rel(file)}: folder '${from}' is not in the layer table of this test`);
        continue;
      }
      for (const target of localImports(file)) {
        const to = folderOf(target);
        // Files at the root of src/ (version.ts) are shared; index.ts is checked by its own rule.
        if (to !== from && to !== '.' && !allowed.includes(to)) violations.push(`${rel(file)} -> ${rel(target)}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('has no import cycles', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (file: string, trail: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'visiting') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].map(rel).join(' -> '));
        return;
      }
      state.set(file, 'visiting');
      for (const next of localImports(file)) if (parsed.has(next)) visit(next, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it('documents every exported declaration', () => {
    const undocumented: string[] = [];
    for (const [file, source] of parsed) {
      for (const statement of source.statements) {
        const exported = ts.canHaveModifiers(statement)
          ? (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
          : false;
        if (!exported || ts.isExportDeclaration(statement)) continue;
        if (ts.getJSDocCommentsAndTags(statement).length === 0 && !/^\s*\/\*\*/.test(statement.getFullText())) {
          const name = ts.isVariableStatement(statement)
            ? statement.declarationList.declarations.map((d) => d.name.getText()).join(', ')
            : ((statement as ts.DeclarationStatement).name?.getText() ?? '(anonymous)');
          undocumented.push(`${rel(file)}: ${name}`);
        }
      }
    }
    expect(undocumented).toEqual([]);
  });
});
