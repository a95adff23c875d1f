/**
 * How the UI shows bytes: text only when valid UTF-8 without control characters, JSON when it parses, a hex
 * dump always, large values cut (on a character boundary) and marked as truncated.
 */
import { describe, expect, it } from 'vitest';
import { asText, hexDump, preview, viewOf } from '../../../src/web/ui/payload-view.js';

describe('payload views', () => {
  it('prefers JSON, then text, then hex', () => {
    expect(viewOf(Buffer.from('{"a":1}'), 100)).toMatchObject({
      preferred: 'json',
      json: '{\n  "a": 1\n}',
      text: '{"a":1}',
    });
    expect(viewOf(Buffer.from('<script>alert(1)</script>'), 100)).toMatchObject({ preferred: 'text', json: undefined });
    expect(viewOf(Buffer.from([0, 1, 2, 255]), 100)).toMatchObject({ preferred: 'hex', text: undefined });
    expect(viewOf(null, 100).preferred).toBe('null');
  });

  it('treats invalid UTF-8 and control characters as binary, tabs and newlines as text', () => {
    expect(asText(Buffer.from([0xc3, 0x28]))).toBeUndefined();
    expect(asText(Buffer.from('a\u0007b'))).toBeUndefined();
    expect(asText(Buffer.from('a\tb\nc\r\n'))).toBe('a\tb\nc\r\n');
  });

  it('cuts large values on a character boundary and says so', () => {
    const value = Buffer.from('é'.repeat(100));
    const view = viewOf(value, 51);
    expect(view).toMatchObject({ truncated: true, size: 200, json: undefined });
    expect(view.text).toBe('é'.repeat(25));
  });

  it('dumps hex with offsets and printable ASCII', () => {
    expect(hexDump(Buffer.from('hello\u0000'))).toBe(`00000000  68 65 6c 6c 6f 00${' '.repeat(30)}  hello.`);
    expect(preview(Buffer.from([1, 2, 3]))).toBe('(binary, 3 bytes) 010203');
    expect(preview(Buffer.from('x'.repeat(100)), 10)).toBe('xxxxxxxxxx...');
  });
});
