/**
 * Finds keys repeated inside one JSON object. `JSON.parse` keeps only the last of them, so a log line with two
 * `time` keys looks fine once parsed: this reads the raw text instead.
 */

/** Each key that appears more than once in the same object of `json`, as `path.key` (`.time`, `.err.code`). */
export function repeatedKeys(json: string): string[] {
  const repeated: string[] = [];
  let at = 0;

  const fail = (what: string): never => {
    throw new SyntaxError(`${what} at ${String(at)} in ${json.slice(0, 200)}`);
  };
  const skipSpace = (): void => {
    while (at < json.length && ' \t\r\n'.includes(json[at]!)) at += 1;
  };
  const readString = (): string => {
    const start = at;
    at += 1;
    while (at < json.length && json[at] !== '"') at += json[at] === '\\' ? 2 : 1;
    if (at >= json.length) fail('unterminated string');
    at += 1;
    return JSON.parse(json.slice(start, at)) as string;
  };
  const readValue = (path: string): void => {
    skipSpace();
    const char = json[at];
    if (char === '{') readObject(path);
    else if (char === '[') readArray(path);
    else if (char === '"') readString();
    else {
      const match = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(json.slice(at));
      if (match === null) fail('unexpected value');
      at += match![0].length;
    }
  };
  const readObject = (path: string): void => {
    const keys = new Set<string>();
    at += 1;
    skipSpace();
    if (json[at] === '}') {
      at += 1;
      return;
    }
    for (;;) {
      skipSpace();
      if (json[at] !== '"') fail('expected a key');
      const key = readString();
      if (keys.has(key)) repeated.push(`${path}.${key}`);
      keys.add(key);
      skipSpace();
      if (json[at] !== ':') fail("expected ':'");
      at += 1;
      readValue(`${path}.${key}`);
      skipSpace();
      if (json[at] === ',') {
        at += 1;
        continue;
      }
      if (json[at] === '}') {
        at += 1;
        return;
      }
      fail("expected ',' or '}'");
    }
  };
  const readArray = (path: string): void => {
    at += 1;
    skipSpace();
    if (json[at] === ']') {
      at += 1;
      return;
    }
    for (let index = 0; ; index += 1) {
      readValue(`${path}[${String(index)}]`);
      skipSpace();
      if (json[at] === ',') {
        at += 1;
        continue;
      }
      if (json[at] === ']') {
        at += 1;
        return;
      }
      fail("expected ',' or ']'");
    }
  };

  readValue('');
  skipSpace();
  if (at !== json.length) fail('trailing text');
  return repeated;
}
