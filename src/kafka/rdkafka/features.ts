/**
 * Start-up check that the client library was built with everything the framework relies on.
 */
import { library } from './library.js';

/** librdkafka features the framework needs: compression codecs and secured connections. */
export const REQUIRED_FEATURES = ['gzip', 'snappy', 'lz4', 'zstd', 'ssl', 'sasl'] as const;

/** Which Debian package provides each feature when librdkafka is built against system libraries. */
const PROVIDED_BY: Record<(typeof REQUIRED_FEATURES)[number], string> = {
  gzip: 'zlib1g-dev',
  snappy: '(bundled with librdkafka)',
  lz4: 'liblz4-dev',
  zstd: 'libzstd-dev',
  ssl: 'libssl-dev',
  sasl: 'libsasl2-dev',
};

/** Features of the loaded librdkafka that are missing from `REQUIRED_FEATURES`. */
export function missingFeatures(available: readonly string[] = library.features): string[] {
  return REQUIRED_FEATURES.filter((feature) => !available.includes(feature));
}

/** Throws an error naming every missing feature and the package that provides it. */
export function assertRequiredFeatures(available: readonly string[] = library.features): void {
  const missing = missingFeatures(available);
  if (missing.length === 0) return;
  const list = missing.map((f) => `${f} (${PROVIDED_BY[f as keyof typeof PROVIDED_BY]})`).join(', ');
  throw new Error(
    `librdkafka ${library.librdkafkaVersion} was built without: ${list}. Install the Debian packages named, ` +
      'then rebuild the client: npm rebuild @karafka-ts/kafka-native',
  );
}
