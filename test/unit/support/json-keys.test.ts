import { describe, expect, it } from 'vitest';
import { repeatedKeys } from '../../support/json-keys.js';

describe('repeatedKeys', () => {
  it('finds keys repeated inside one object, at any depth, which JSON.parse would hide', () => {
    const line = '{"time":1,"a":{"b":1,"b":"x"},"list":[{"c":null},{"c":true,"c":false}],"time":0.5}';
    expect(repeatedKeys(line)).toEqual(['.a.b', '.list[1].c', '.time']);
  });

  it('accepts the same key in different objects, escaped strings and every kind of value', () => {
    expect(repeatedKeys('{"a":{"k":1},"b":{"k":-2.5e3},"s":"q\\"uote","n":[],"o":{}}')).toEqual([]);
  });

  it('rejects text that is not JSON', () => {
    expect(() => repeatedKeys('{"a":1')).toThrow(SyntaxError);
    expect(() => repeatedKeys('INFO something')).toThrow(SyntaxError);
  });
});
