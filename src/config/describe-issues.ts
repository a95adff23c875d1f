/**
 * Turns schema validation issues into one readable message naming key, value and what is allowed.
 */
import type { z } from 'zod';
import { closestName } from './closest-name.js';

/** Renders a received value for an error message (short, never `[object Object]`). */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return `a function (${value.name || 'anonymous'})`;
  try {
    const text = JSON.stringify(value);
    if (text === undefined) return typeof value === 'symbol' ? value.toString() : 'undefined';
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/**
 * One line per issue: `<what> '<key>': got <value>; <allowed>` or, for unknown keys,
 * `unknown <what> '<key>' (did you mean 'b'?); allowed: a, b, c` (the question only when an allowed key is
 * close enough to be what was meant).
 */
export function describeIssues(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  what: string,
  allowedKeys: (path: readonly PropertyKey[]) => readonly string[],
): string[] {
  return issues.map((issue) => {
    const path = issue.path;
    if (issue.code === 'unrecognized_keys') {
      const prefix = path.length > 0 ? `${path.join('.')}.` : '';
      const allowed = allowedKeys(path);
      return issue.keys
        .map((key) => {
          const meant = closestName(key, allowed);
          const question = meant === undefined ? '' : ` (did you mean '${prefix}${meant}'?)`;
          return `unknown ${what} '${prefix}${key}'${question}; allowed: ${allowed.join(', ')}`;
        })
        .join('\n');
    }
    const key = path.join('.');
    return `${what} '${key}': got ${showValue(valueAt(input, path))}; ${issue.message}`;
  });
}
