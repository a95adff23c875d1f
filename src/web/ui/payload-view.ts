/**
 * How a message's bytes are shown: as text when they are valid UTF-8 without control characters, as indented
 * JSON when they parse, and always as a hex dump on request. Every form is plain text, escaped by the page's
 * template; large values are cut at `maxBytes` (the page offers a download of the whole message).
 */

/** A value in every form the page may show. */
export interface ValueView {
  readonly size: number;
  readonly truncated: boolean;
  /** The text, when the (shown part of the) value is text. */
  readonly text: string | undefined;
  /** Indented JSON, when the whole value parses as JSON. */
  readonly json: string | undefined;
  readonly hex: string;
  /** Which form to show first. */
  readonly preferred: 'json' | 'text' | 'hex' | 'null';
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** The value as text, or undefined when it is not UTF-8 text (control characters other than tab/newline count as binary). */
export function asText(value: Buffer): string | undefined {
  let text: string;
  try {
    text = decoder.decode(value);
  } catch {
    return undefined;
  }
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text) ? undefined : text;
}

/** A classic hex dump: offset, 16 bytes in hex, the printable ASCII. */
export function hexDump(value: Buffer): string {
  const lines: string[] = [];
  for (let offset = 0; offset < value.length; offset += 16) {
    const chunk = value.subarray(offset, offset + 16);
    const hex = [...chunk].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = [...chunk].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${offset.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  ${ascii}`);
  }
  return lines.join('\n');
}

/** Every form of `value`, cut at `maxBytes`. */
export function viewOf(value: Buffer | null, maxBytes: number): ValueView {
  if (value === null)
    return { size: 0, truncated: false, text: undefined, json: undefined, hex: '', preferred: 'null' };
  const truncated = value.length > maxBytes;
  const shown = truncated ? value.subarray(0, maxBytes) : value;
  // A cut may split a UTF-8 sequence: drop up to 3 trailing bytes until it decodes.
  let text = asText(shown);
  for (let cut = 1; text === undefined && truncated && cut <= 3; cut += 1)
    text = asText(shown.subarray(0, shown.length - cut));
  let json: string | undefined;
  if (!truncated && text !== undefined && /^\s*[[{"\d-tfn]/.test(text)) {
    try {
      json = JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      json = undefined;
    }
  }
  return {
    size: value.length,
    truncated,
    text,
    json,
    hex: hexDump(shown),
    preferred: json !== undefined ? 'json' : text !== undefined ? 'text' : 'hex',
  };
}

/** A short one-line preview (lists). */
export function preview(value: Buffer | null, length = 80): string {
  if (value === null) return 'null';
  const text = asText(value.subarray(0, length * 4));
  if (text === undefined) return `(binary, ${String(value.length)} bytes) ${value.subarray(0, 16).toString('hex')}`;
  return text.length > length ? `${text.slice(0, length)}...` : text;
}
