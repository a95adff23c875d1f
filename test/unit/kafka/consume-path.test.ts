import { describe, expect, it } from 'vitest';
import {
  PACKED_CONSUME_VARIABLE,
  chooseConsumePath,
  describeConsumePath,
  libraryHasPackedConsume,
} from '../../../src/kafka/rdkafka/consume-path.js';

describe('consume path', () => {
  it('is packed by default when the library has consumePacked, as the client fork installed here does', () => {
    expect(libraryHasPackedConsume()).toBe(true);
    expect(chooseConsumePath({})).toEqual({ path: 'packed', reason: 'packed batch consume' });
    for (const on of ['on', 'ON', '1', 'true', 'yes', ' on ', '']) {
      expect(chooseConsumePath({ [PACKED_CONSUME_VARIABLE]: on }).path).toBe('packed');
    }
  });

  it('is plain when KARAFKA_PACKED_CONSUME turns it off, and says so', () => {
    for (const off of ['off', 'OFF', '0', 'false', 'no']) {
      const choice = chooseConsumePath({ [PACKED_CONSUME_VARIABLE]: off });
      expect(choice.path).toBe('plain');
      expect(choice.reason).toContain(`KARAFKA_PACKED_CONSUME=${off}`);
    }
  });

  it('falls back to the plain path when the library has no packed consume (the upstream binding)', () => {
    const choice = chooseConsumePath({}, false);
    expect(choice.path).toBe('plain');
    expect(choice.reason).toMatch(/no consumePacked: fallback/);
  });

  it('rejects any other value, naming the variable and the value', () => {
    expect(() => chooseConsumePath({ [PACKED_CONSUME_VARIABLE]: 'sometimes' })).toThrow(
      'KARAFKA_PACKED_CONSUME must be "on" or "off" (got "sometimes")',
    );
    expect(describeConsumePath({ [PACKED_CONSUME_VARIABLE]: 'sometimes' })).toMatch(/must be "on" or "off"/);
  });
});
