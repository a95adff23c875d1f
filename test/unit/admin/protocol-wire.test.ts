import { describe, expect, it } from 'vitest';
import { ApiKey, pickVersion } from '../../../src/kafka/protocol/apis.js';
import { ProtocolDecodeError, Reader, Writer } from '../../../src/kafka/protocol/wire.js';

describe('Kafka protocol primitives', () => {
  it.each([false, true])('round-trips every primitive (flexible: %s)', (flexible) => {
    const bytes = new Writer(flexible)
      .int8(-3)
      .int16(-300)
      .int32(70_000)
      .boolean(true)
      .uvarint(300)
      .string('héllo')
      .nullableString(null)
      .bytes(Buffer.from([1, 2, 3]))
      .array(['a', 'b'], (item, w) => w.string(item))
      .array(null, (item: string, w) => w.string(item))
      .tags()
      .toBuffer();
    const reader = new Reader(bytes, flexible);
    expect(reader.int8()).toBe(-3);
    expect(reader.int16()).toBe(-300);
    expect(reader.int32()).toBe(70_000);
    expect(reader.boolean()).toBe(true);
    expect(reader.uvarint()).toBe(300);
    expect(reader.string()).toBe('héllo');
    expect(reader.nullableString()).toBeNull();
    expect(reader.nullableBytes()).toEqual(Buffer.from([1, 2, 3]));
    expect(reader.array((r) => r.string())).toEqual(['a', 'b']);
    expect(reader.array((r) => r.string())).toEqual([]);
    reader.tags();
    expect(reader.remaining).toBe(0);
  });

  it('uses compact encodings only in flexible versions', () => {
    expect(new Writer(false).string('ab').toBuffer()).toEqual(Buffer.from([0, 2, 0x61, 0x62]));
    expect(new Writer(true).string('ab').toBuffer()).toEqual(Buffer.from([3, 0x61, 0x62]));
    expect(new Writer(true).uvarint(300).toBuffer()).toEqual(Buffer.from([0xac, 0x02]));
    expect(new Writer(true).classicNullableString('ab').toBuffer()).toEqual(Buffer.from([0, 2, 0x61, 0x62]));
  });

  it('skips unknown tagged fields and fails clearly on a short response', () => {
    const tagged = Buffer.from([2, 0, 1, 9, 5, 2, 7, 7, 42]);
    const reader = new Reader(tagged, true);
    reader.tags();
    expect(reader.int8()).toBe(42);
    expect(() => new Reader(Buffer.from([0, 1]), false).int32()).toThrow(ProtocolDecodeError);
  });

  it('picks the highest API version both sides support, or none', () => {
    expect(pickVersion(ApiKey.describeConfigs, new Map([[ApiKey.describeConfigs, [0, 9] as const]]))).toBe(4);
    expect(pickVersion(ApiKey.describeConfigs, new Map([[ApiKey.describeConfigs, [0, 2] as const]]))).toBe(2);
    expect(pickVersion(ApiKey.describeConfigs, new Map([[ApiKey.describeConfigs, [5, 9] as const]]))).toBeUndefined();
    expect(pickVersion(ApiKey.incrementalAlterConfigs, new Map())).toBeUndefined();
  });
});
