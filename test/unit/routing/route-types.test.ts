/**
 * Type tests of routes: the fixtures in test/types/ are compiled in one TypeScript program. A fixture marks
 * each line that must not compile with `// @ts-expect-error <text>` on the line before (so the project's own
 * typecheck stays green); here the markers are taken out, and the compiler must report exactly those lines,
 * each with a message containing its text, and nothing else. Fixtures without markers must compile cleanly.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const fixturesDir = path.join(root, 'test', 'types');
const MARKER = /\/\/ @ts-expect-error (.+)$/;

interface Expected {
  /** 1-based line the error must be on. */
  readonly line: number;
  readonly text: string;
}

interface Reported {
  readonly line: number;
  readonly message: string;
}

const fixtures = readdirSync(fixturesDir)
  .filter((name) => name.endsWith('.ts'))
  .sort();

function expectedErrors(file: string): Expected[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line, index) => {
      const match = MARKER.exec(line);
      return match === null ? [] : [{ line: index + 2, text: match[1]!.trim() }];
    });
}

/** Compiles every fixture at once, markers removed; the diagnostics of each fixture by file name. */
function compileFixtures(): Map<string, Reported[]> {
  const configFile = ts.readConfigFile(path.join(root, 'tsconfig.json'), (file) => ts.sys.readFile(file));
  const { options } = ts.parseJsonConfigFileContent(configFile.config, ts.sys, root);
  const files = fixtures.map((name) => path.join(fixturesDir, name));
  const host = ts.createCompilerHost({ ...options, noEmit: true });
  const readSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (!files.includes(path.resolve(fileName)))
      return readSourceFile(fileName, languageVersion, onError, shouldCreate);
    const text = readFileSync(fileName, 'utf8').replaceAll('// @ts-expect-error ', '// expected error: ');
    return ts.createSourceFile(fileName, text, languageVersion, true);
  };
  const program = ts.createProgram({ rootNames: files, options: { ...options, noEmit: true }, host });
  const result = new Map<string, Reported[]>();
  for (const file of files) {
    const source = program.getSourceFile(file)!;
    const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
    result.set(
      path.basename(file),
      diagnostics.map((d) => ({
        line: source.getLineAndCharacterOfPosition(d.start ?? 0).line + 1,
        message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
      })),
    );
  }
  return result;
}

describe('route types', () => {
  let reported: Map<string, Reported[]>;

  beforeAll(() => {
    reported = compileFixtures();
  }, 60_000);

  it('has fixtures that must compile and fixtures that must not', () => {
    const failing = fixtures.filter((name) => expectedErrors(path.join(fixturesDir, name)).length > 0);
    expect(failing.length).toBeGreaterThanOrEqual(4);
    expect(fixtures.length).toBeGreaterThan(failing.length);
  });

  it.each(fixtures)('%s reports exactly the errors it expects', (name) => {
    const expected = expectedErrors(path.join(fixturesDir, name));
    const errors = reported.get(name) ?? [];
    const unexpected = errors.filter((e) => !expected.some((x) => x.line === e.line));
    expect(unexpected, `errors on lines without a marker in ${name}`).toEqual([]);
    for (const { line, text } of expected) {
      const onLine = errors.filter((e) => e.line === line).map((e) => e.message);
      expect(onLine.join('\n---\n'), `${name}:${String(line)}`).toContain(text);
    }
  });
});
