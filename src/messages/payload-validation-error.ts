/**
 * Raised when a deserialized payload does not pass the route's schema.
 */
import type { StandardSchemaIssue } from './standard-schema.js';

/** Issues named in the message at most (every issue stays in `issues`). */
const SHOWN_ISSUES = 5;

/** A field path as code would write it: `items[0].sku`; `(root)` for the payload itself. */
export function formatIssuePath(path: StandardSchemaIssue['path']): string {
  if (path === undefined || path.length === 0) return '(root)';
  let text = '';
  for (const segment of path) {
    const key = typeof segment === 'object' ? segment.key : segment;
    if (typeof key === 'number') text += `[${String(key)}]`;
    else if (typeof key === 'symbol') text += `[${key.toString()}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(key)) text += text === '' ? key : `.${key}`;
    else text += `[${JSON.stringify(key)}]`;
  }
  return text;
}

/** A payload the topic's schema rejected: names the message, each field path and its problem. */
export class PayloadValidationError extends Error {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  /** Every issue the schema reported. */
  readonly issues: readonly StandardSchemaIssue[];

  /** @param where the message; @param vendor the schema's library; @param issues what it found */
  constructor(
    where: { topic: string; partition: number; offset: number },
    vendor: string,
    issues: readonly StandardSchemaIssue[],
  ) {
    const shown = issues.slice(0, SHOWN_ISSUES).map((issue) => `${formatIssuePath(issue.path)}: ${issue.message}`);
    if (issues.length > SHOWN_ISSUES) shown.push(`and ${String(issues.length - SHOWN_ISSUES)} more`);
    super(
      `Invalid payload of ${where.topic}/${String(where.partition)}@${String(where.offset)} ` +
        `(the route's ${vendor} schema): ${shown.join('; ') || 'rejected without an issue'}`,
    );
    this.name = 'PayloadValidationError';
    this.topic = where.topic;
    this.partition = where.partition;
    this.offset = where.offset;
    this.issues = issues;
  }
}

/** A schema that answered with a promise: payloads are validated synchronously, when `message.payload` is read. */
export class AsynchronousSchemaError extends Error {
  /** @param where the message being validated; @param vendor the schema's library */
  constructor(where: { topic: string; partition: number; offset: number }, vendor: string) {
    super(
      `The ${vendor} schema of topic '${where.topic}' answered asynchronously for ` +
        `${where.topic}/${String(where.partition)}@${String(where.offset)} (it has asynchronous checks or ` +
        'transforms): payloads are validated synchronously when `message.payload` is read; use a schema without ' +
        'asynchronous parts and do asynchronous checks in the consumer',
    );
    this.name = 'AsynchronousSchemaError';
  }
}
