import { describe, expect, it } from 'vitest';
import { assertRequiredFeatures, missingFeatures } from '../../../src/kafka/rdkafka/features.js';

const complete = ['gzip', 'snappy', 'ssl', 'sasl', 'regex', 'lz4', 'sasl_plain', 'zstd'];

describe('librdkafka feature check', () => {
  it('accepts a build with every codec and secured connections', () => {
    expect(missingFeatures(complete)).toEqual([]);
    expect(() => assertRequiredFeatures(complete)).not.toThrow();
  });

  it('names each missing feature and the Debian package that provides it', () => {
    const withoutZstdAndSasl = complete.filter((f) => f !== 'zstd' && f !== 'sasl');
    expect(missingFeatures(withoutZstdAndSasl)).toEqual(['zstd', 'sasl']);
    expect(() => assertRequiredFeatures(withoutZstdAndSasl)).toThrow(/zstd \(libzstd-dev\), sasl \(libsasl2-dev\)/);
  });

  it('passes for the client library installed here', () => {
    expect(missingFeatures()).toEqual([]);
  });
});
