/**
 * Source locations for error messages about a user's files: where in a stack trace the user's code is, and
 * the lines around a location with a caret under its column.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A place in a file; line and column count from 1. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

const FRAME = /^\s*at (?:async )?(?:.*? \()?((?:file:\/\/)?(?:\/|[A-Za-z]:[\\/])[^()]*?):(\d+):(\d+)\)?$/;

function filePath(pathOrUrl: string): string {
  return pathOrUrl.startsWith('file://') ? fileURLToPath(pathOrUrl) : pathOrUrl;
}

/** Every file location of a V8 stack trace, innermost first (frames of `node:` internals have none). */
export function stackLocations(stack: string): SourceLocation[] {
  return stack.split('\n').flatMap((line) => {
    const match = FRAME.exec(line);
    if (match === null) return [];
    return [{ file: filePath(match[1]!), line: Number(match[2]), column: Number(match[3]) }];
  });
}

/** `file:line:column`. */
export function formatLocation(location: SourceLocation): string {
  return `${location.file}:${String(location.line)}:${String(location.column)}`;
}

/**
 * The lines around `location` (`context` before and after), numbered, the line itself marked with `>` and a
 * caret under the column. Empty when the file cannot be read or is shorter than the location says.
 */
export function codeFrame(location: SourceLocation, context = 2): string {
  let source: string;
  try {
    source = readFileSync(location.file, 'utf8');
  } catch {
    return '';
  }
  const lines = source.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  if (location.line < 1 || location.line > lines.length) return '';
  const first = Math.max(1, location.line - context);
  const last = Math.min(lines.length, location.line + context);
  const width = String(last).length;
  const frame: string[] = [];
  for (let number = first; number <= last; number += 1) {
    const marker = number === location.line ? '>' : ' ';
    const text = lines[number - 1]!;
    frame.push(`${marker} ${String(number).padStart(width)} | ${text}`.trimEnd());
    if (number === location.line) {
      // Tabs stay tabs so the caret lines up under the column however the terminal shows them.
      const indent = text.slice(0, Math.max(0, location.column - 1)).replace(/[^\t]/g, ' ');
      frame.push(`  ${' '.repeat(width)} | ${indent}^`);
    }
  }
  return frame.join('\n');
}
