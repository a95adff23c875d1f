/**
 * Encoding and decoding of Kafka protocol primitives (big-endian integers, strings, arrays, tagged fields).
 *
 * A `Writer` or `Reader` is created for one request or response and knows whether that API version is
 * "flexible" (KIP-482): flexible versions use compact (varint-length) strings and arrays and end every
 * structure with tagged fields. The API-specific code is then written once for both kinds of versions.
 */

/** Builds the bytes of one request body (or header). */
export class Writer {
  /** True for flexible API versions: compact strings/arrays and tagged fields. */
  readonly flexible: boolean;
  readonly #chunks: Buffer[] = [];

  /** @param flexible whether this API version uses the compact (KIP-482) encoding */
  constructor(flexible: boolean) {
    this.flexible = flexible;
  }

  /** Writes a signed 8-bit integer. */
  int8(value: number): this {
    const b = Buffer.alloc(1);
    b.writeInt8(value);
    return this.#push(b);
  }

  /** Writes a signed 16-bit integer. */
  int16(value: number): this {
    const b = Buffer.alloc(2);
    b.writeInt16BE(value);
    return this.#push(b);
  }

  /** Writes a signed 32-bit integer. */
  int32(value: number): this {
    const b = Buffer.alloc(4);
    b.writeInt32BE(value);
    return this.#push(b);
  }

  /** Writes a boolean as one byte. */
  boolean(value: boolean): this {
    return this.int8(value ? 1 : 0);
  }

  /** Writes an unsigned varint (7 bits a byte, high bit = more bytes follow). */
  uvarint(value: number): this {
    const bytes: number[] = [];
    let rest = value >>> 0;
    while (rest > 0x7f) {
      bytes.push((rest & 0x7f) | 0x80);
      rest >>>= 7;
    }
    bytes.push(rest);
    return this.#push(Buffer.from(bytes));
  }

  /** Writes a non-null string (int16 length, or compact length when flexible). */
  string(value: string): this {
    const bytes = Buffer.from(value, 'utf8');
    if (this.flexible) this.uvarint(bytes.length + 1);
    else this.int16(bytes.length);
    return this.#push(bytes);
  }

  /** Writes a string that may be null. */
  nullableString(value: string | null): this {
    if (value !== null) return this.string(value);
    return this.flexible ? this.uvarint(0) : this.int16(-1);
  }

  /** Writes a string in the classic (non-compact) encoding, whatever the version: request header fields. */
  classicNullableString(value: string | null): this {
    if (value === null) return this.int16(-1);
    const bytes = Buffer.from(value, 'utf8');
    this.int16(bytes.length);
    return this.#push(bytes);
  }

  /** Writes a byte array (int32 length, or compact length when flexible). */
  bytes(value: Buffer): this {
    if (this.flexible) this.uvarint(value.length + 1);
    else this.int32(value.length);
    return this.#push(value);
  }

  /** Writes an array, each item with `write`; `null` writes a null array. */
  array<T>(items: readonly T[] | null, write: (item: T, writer: this) => void): this {
    if (items === null) return this.flexible ? this.uvarint(0) : this.int32(-1);
    if (this.flexible) this.uvarint(items.length + 1);
    else this.int32(items.length);
    for (const item of items) write(item, this);
    return this;
  }

  /** Ends a structure: an empty tagged-field section in flexible versions, nothing otherwise. */
  tags(): this {
    return this.flexible ? this.uvarint(0) : this;
  }

  /** Writes raw bytes. */
  raw(bytes: Buffer): this {
    return this.#push(bytes);
  }

  /** Everything written so far. */
  toBuffer(): Buffer {
    return Buffer.concat(this.#chunks);
  }

  #push(bytes: Buffer): this {
    this.#chunks.push(bytes);
    return this;
  }
}

/** Thrown when a response ends before a field it should contain. */
export class ProtocolDecodeError extends Error {
  /** @param message what could not be read */
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolDecodeError';
  }
}

/** Reads one response body. */
export class Reader {
  /** True for flexible API versions: compact strings/arrays and tagged fields. */
  readonly flexible: boolean;
  readonly #buffer: Buffer;
  #offset = 0;

  /** @param buffer the bytes to read; @param flexible whether the API version uses the compact encoding */
  constructor(buffer: Buffer, flexible: boolean) {
    this.#buffer = buffer;
    this.flexible = flexible;
  }

  /** Bytes not read yet. */
  get remaining(): number {
    return this.#buffer.length - this.#offset;
  }

  /** Reads a signed 8-bit integer. */
  int8(): number {
    this.#need(1);
    const value = this.#buffer.readInt8(this.#offset);
    this.#offset += 1;
    return value;
  }

  /** Reads a signed 16-bit integer. */
  int16(): number {
    this.#need(2);
    const value = this.#buffer.readInt16BE(this.#offset);
    this.#offset += 2;
    return value;
  }

  /** Reads a signed 32-bit integer. */
  int32(): number {
    this.#need(4);
    const value = this.#buffer.readInt32BE(this.#offset);
    this.#offset += 4;
    return value;
  }

  /** Reads a signed 64-bit integer as a bigint. */
  int64(): bigint {
    this.#need(8);
    const value = this.#buffer.readBigInt64BE(this.#offset);
    this.#offset += 8;
    return value;
  }

  /** Reads a boolean byte. */
  boolean(): boolean {
    return this.int8() !== 0;
  }

  /** Reads an unsigned varint. */
  uvarint(): number {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = this.int8() & 0xff;
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return value;
      shift += 7;
      if (shift > 28) throw new ProtocolDecodeError('Varint longer than 5 bytes');
    }
  }

  /** Reads a string that may be null. */
  nullableString(): string | null {
    const length = this.flexible ? this.uvarint() - 1 : this.int16();
    if (length < 0) return null;
    this.#need(length);
    const value = this.#buffer.toString('utf8', this.#offset, this.#offset + length);
    this.#offset += length;
    return value;
  }

  /** Reads a non-null string. */
  string(): string {
    const value = this.nullableString();
    if (value === null) throw new ProtocolDecodeError('Null where a string was expected');
    return value;
  }

  /** Reads a byte array that may be null. */
  nullableBytes(): Buffer | null {
    const length = this.flexible ? this.uvarint() - 1 : this.int32();
    if (length < 0) return null;
    this.#need(length);
    const value = this.#buffer.subarray(this.#offset, this.#offset + length);
    this.#offset += length;
    return value;
  }

  /** Reads an array, each item with `read`; a null array reads as empty. */
  array<T>(read: (reader: this) => T): T[] {
    const count = this.flexible ? this.uvarint() - 1 : this.int32();
    const items: T[] = [];
    for (let i = 0; i < count; i += 1) items.push(read(this));
    return items;
  }

  /** Skips the tagged-field section that ends a structure in flexible versions. */
  tags(): void {
    if (!this.flexible) return;
    const count = this.uvarint();
    for (let i = 0; i < count; i += 1) {
      this.uvarint();
      const size = this.uvarint();
      this.#need(size);
      this.#offset += size;
    }
  }

  #need(bytes: number): void {
    if (this.#offset + bytes > this.#buffer.length) {
      throw new ProtocolDecodeError(
        `Response too short: needed ${String(bytes)} more bytes at ${String(this.#offset)} of ${String(this.#buffer.length)}`,
      );
    }
  }
}
