import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/config/config-error.js';
import { parseSettings } from '../../../src/config/settings.js';

function errorOf(input: unknown): string {
  try {
    parseSettings(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error('expected the settings to be rejected');
}

describe('transactionalProducers settings', () => {
  it('is off by default', () => {
    expect(parseSettings({}).transactionalProducers).toBeUndefined();
  });

  it('takes an id prefix and defaults the bound and the kafka overrides', () => {
    expect(parseSettings({ transactionalProducers: { idPrefix: 'shop-tx' } }).transactionalProducers).toEqual({
      idPrefix: 'shop-tx',
      maxProducers: 64,
      kafka: {},
    });
  });

  it('refuses a prefix that is missing, empty or has characters other than letters, digits, ., _ and -', () => {
    expect(errorOf({ transactionalProducers: {} })).toContain("setting 'transactionalProducers.idPrefix'");
    expect(errorOf({ transactionalProducers: { idPrefix: '' } })).toContain(
      "must be a non-empty string of letters, digits, '.', '_' or '-'",
    );
    expect(errorOf({ transactionalProducers: { idPrefix: 'shop:tx' } })).toContain("':' separates the parts of the id");
  });

  it('refuses a bound out of range, naming the key', () => {
    expect(errorOf({ transactionalProducers: { idPrefix: 'x', maxProducers: 0 } })).toContain(
      "'transactionalProducers.maxProducers'",
    );
  });

  it('refuses a transactional.id of its own, in kafka or in transactionalProducers.kafka', () => {
    expect(errorOf({ kafka: { 'transactional.id': 'one' }, transactionalProducers: { idPrefix: 'x' } })).toMatch(
      /kafka\.transactional\.id.*cannot be set together with transactionalProducers/s,
    );
    expect(errorOf({ transactionalProducers: { idPrefix: 'x', kafka: { 'transactional.id': 'one' } } })).toMatch(
      /transactionalProducers\.kafka\.transactional\.id.*own transactional\.id/s,
    );
  });

  it('refuses a non-idempotent producer for transactions', () => {
    expect(errorOf({ transactionalProducers: { idPrefix: 'x', kafka: { 'enable.idempotence': false } } })).toMatch(
      /transactionalProducers\.kafka\.enable\.idempotence.*transactions need an idempotent producer/s,
    );
  });

  it('names an unknown key and lists the allowed ones', () => {
    expect(errorOf({ transactionalProducers: { idPrefix: 'x', max: 3 } })).toContain(
      'allowed: idPrefix, maxProducers, kafka',
    );
  });
});
