/**
 * What went wrong while a config file loaded, said so that the user can find it: a syntax error names the
 * file as it is on disk (tsx hands esbuild `.mts` files as `.ts`) with a code frame; an error thrown while
 * loading names the file and line of the user's code that threw, with a code frame and the stack.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigurationError } from '../config/config-error.js';
import { type SourceLocation, codeFrame, formatLocation, stackLocations } from './code-frame.js';

/** A config file that could not be loaded; the message says where and why. */
export class ConfigLoadError extends ConfigurationError {
  /** The config file that was loaded. */
  readonly file: string;
  /** Where the problem is (a syntax error, or the user's line that threw), when known. */
  readonly location: SourceLocation | undefined;

  /** @param file the config file; @param message the full explanation; @param cause what was thrown */
  constructor(file: string, message: string, location: SourceLocation | undefined, cause: unknown) {
    super(message, 'config');
    this.name = 'ConfigLoadError';
    this.file = file;
    this.location = location;
    this.cause = cause;
  }
}

/** This package's own code (src/ or dist/): frames there are not the user's. */
const OWN_CODE = path.dirname(path.dirname(fileURLToPath(import.meta.url))) + path.sep;

function isUserCode(file: string): boolean {
  return !file.startsWith(OWN_CODE) && !file.split(path.sep).includes('node_modules');
}

/**
 * The file esbuild was given as `reported`: tsx renames `.mts`/`.cts` to `.ts` and `.mjs` to `.js` for it.
 * When several candidates exist, the one changed last is the likely culprit.
 */
function realFile(reported: string): string {
  const base = reported.replace(/\.[jt]s$/, '');
  const candidates = reported.endsWith('.ts')
    ? [reported, `${base}.mts`, `${base}.cts`]
    : reported.endsWith('.js')
      ? [reported, `${base}.mjs`, `${base}.cjs`]
      : [reported];
  const existing = candidates.filter((file) => existsSync(file));
  if (existing.length === 0) return reported;
  return existing.reduce((a, b) => (statSync(b).mtimeMs > statSync(a).mtimeMs ? b : a));
}

function withFrame(headline: string, location: SourceLocation): string {
  const frame = codeFrame(location);
  return frame === '' ? headline : `${headline}\n\n${frame}`;
}

/** esbuild's `Transform failed with 1 error:\n<file>:<line>:<col>: ERROR: <text>` (columns from 0). */
function transformErrors(message: string): { location: SourceLocation; text: string }[] {
  return [...message.matchAll(/^(.+?):(\d+):(\d+): ERROR: (.*)$/gm)].map((match) => ({
    location: { file: realFile(match[1]!), line: Number(match[2]), column: Number(match[3]) + 1 },
    text: match[4]!,
  }));
}

/** Node's own syntax check of a JavaScript file (its SyntaxErrors of ES modules carry no location). */
function nodeSyntaxCheck(file: string): SourceLocation | undefined {
  if (!/\.[cm]?js$/.test(file)) return undefined;
  const check = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8', timeout: 10_000 });
  const match = /^(.+):(\d+)\n/.exec(check.stderr ?? '');
  if (check.status === 0 || match === null) return undefined;
  const source = check.stderr.split('\n');
  const caret = source[2]?.indexOf('^') ?? -1;
  return { file: filePath(match[1]!), line: Number(match[2]), column: caret >= 0 ? caret + 1 : 1 };
}

function filePath(pathOrUrl: string): string {
  return pathOrUrl.startsWith('file://') ? fileURLToPath(pathOrUrl) : pathOrUrl;
}

function syntaxError(file: string, error: Error): ConfigLoadError | undefined {
  if (error.name === 'TransformError' || error.message.startsWith('Transform failed with')) {
    const found = transformErrors(error.message);
    if (found.length === 0) return undefined;
    const parts = found.map(({ location, text }) =>
      withFrame(`Syntax error in ${formatLocation(location)}: ${text}`, location),
    );
    return new ConfigLoadError(file, `Could not load ${file}:\n${parts.join('\n\n')}`, found[0]!.location, error);
  }
  if (error.name !== 'SyntaxError') return undefined;
  const location = nodeSyntaxCheck(file);
  if (location === undefined) {
    return new ConfigLoadError(
      file,
      `Could not load ${file}: syntax error in it or in a module it imports: ${error.message}`,
      undefined,
      error,
    );
  }
  return new ConfigLoadError(
    file,
    `Could not load ${file}:\n${withFrame(`Syntax error in ${formatLocation(location)}: ${error.message}`, location)}`,
    location,
    error,
  );
}

/**
 * The error to report for `thrown`, raised while `file` (a config file) was imported or its default export
 * called. Errors that already say everything (a missing module) keep their message under a headline.
 */
export function configLoadError(file: string, thrown: unknown): ConfigLoadError {
  if (!(thrown instanceof Error)) {
    return new ConfigLoadError(
      file,
      `Could not load ${file}: it threw ${JSON.stringify(thrown) ?? String(thrown)}`,
      undefined,
      thrown,
    );
  }
  const syntax = syntaxError(file, thrown);
  if (syntax !== undefined) return syntax;
  const location = stackLocations(thrown.stack ?? '').find((frame) => isUserCode(frame.file));
  if (thrown instanceof ConfigurationError) {
    // The framework's own message names the key and the value: the place it was set is what is missing.
    const message =
      location === undefined
        ? thrown.message
        : withFrame(`${thrown.message}\n  at ${formatLocation(location)}`, location);
    return new ConfigLoadError(file, message, location, thrown);
  }
  const headline = `Could not load ${file}: ${thrown.name}: ${thrown.message}`;
  if (location === undefined) {
    const code = (thrown as { code?: unknown }).code;
    // A module that cannot be found says which and from where; Node's own frames would add nothing.
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND')
      return new ConfigLoadError(file, headline, undefined, thrown);
    return new ConfigLoadError(file, `${headline}\n\n${thrown.stack ?? ''}`.trimEnd(), undefined, thrown);
  }
  return new ConfigLoadError(
    file,
    `${withFrame(`${headline}\n  at ${formatLocation(location)}`, location)}\n\n${thrown.stack ?? ''}`.trimEnd(),
    location,
    thrown,
  );
}
