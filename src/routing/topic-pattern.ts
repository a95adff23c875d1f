/**
 * A topic pattern: the regular expression of a pattern route (`r.pattern(/^orders\..+/, options)`), checked
 * once when drawn, and the form librdkafka subscribes with. librdkafka treats a subscription starting with `^`
 * as a POSIX extended regular expression and matches it against the cluster's topics on every metadata refresh
 * (`topic.metadata.refresh.interval.ms`), so topics created later are picked up. The route resolves assigned
 * topic names with the JavaScript expression itself: only the syntax both understand the same way is allowed.
 */

/** A pattern route's expression. */
export interface TopicPattern {
  /** The expression as drawn (no flags). */
  readonly regex: RegExp;
  /** The route's name: the expression as written (`/^orders\..+/`); never a valid topic name. */
  readonly name: string;
  /** What librdkafka subscribes to: `^` and a POSIX extended regular expression. */
  readonly subscription: string;
}

/** JavaScript-only syntax, which POSIX extended regular expressions (librdkafka's) read differently or refuse. */
const UNSUPPORTED: readonly { readonly syntax: RegExp; readonly what: string; readonly instead: string }[] = [
  { syntax: /\\[dD]/, what: '\\d', instead: 'use [0-9]' },
  { syntax: /\\[wW]/, what: '\\w', instead: 'use [A-Za-z0-9_]' },
  { syntax: /\\[sS]/, what: '\\s', instead: 'topic names have no spaces' },
  { syntax: /\\[bB]/, what: 'word boundaries (\\b)', instead: 'anchor with ^ and $' },
  {
    syntax: /\\[pPuxck0-9]/,
    what: 'escapes like \\p, \\u, \\x, \\c, \\k or back-references',
    instead: 'write the characters',
  },
  { syntax: /\(\?/, what: 'groups starting with (? (non-capturing, lookaround, named)', instead: 'use plain ( )' },
  { syntax: /[*+?}]\?/, what: 'lazy quantifiers (*?, +?, ??, {n}?)', instead: 'use the greedy form' },
];

/**
 * Checks `regex` and derives its subscription. Throws an `Error` naming what is not allowed: flags, and syntax
 * outside what JavaScript and POSIX extended regular expressions share.
 */
export function topicPattern(regex: RegExp): TopicPattern {
  if (!(regex instanceof RegExp)) throw new Error(`a pattern must be a RegExp (got ${typeof regex})`);
  const name = String(regex);
  if (regex.flags !== '') {
    throw new Error(`pattern ${name}: flags (${regex.flags}) are not supported: topic names are matched as written`);
  }
  for (const { syntax, what, instead } of UNSUPPORTED) {
    if (syntax.test(regex.source)) {
      throw new Error(`pattern ${name}: ${what} is not supported by librdkafka's regular expressions: ${instead}`);
    }
  }
  const source = regex.source;
  const subscription = source.startsWith('^') ? source : `^.*(${source})`;
  return { regex, name, subscription };
}

/**
 * Whether the topic `name` matches `pattern`, as librdkafka decides it (internal topics such as
 * `__consumer_offsets` included, when the expression matches them).
 */
export function patternMatches(pattern: TopicPattern, name: string): boolean {
  return pattern.regex.test(name);
}
