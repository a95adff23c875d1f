import path from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Three projects: `unit` (pure logic, no Kafka, in-memory fakes allowed), `testing` (the testing toolkit's
 * own tests, no Kafka) and `integration` (a real local Kafka broker, started once for the run by the global
 * setup when it is not running already).
 */
export default defineConfig({
  test: {
    pool: 'forks',
    // Integration tests wait on the broker far more than on the CPU: run more files at once than there are cores.
    maxWorkers: 4,
    reporters: ['default'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          testTimeout: 10_000,
        },
      },
      {
        // karafka-ts/testing's own tests and the examples' tests: no broker is started for them (they must pass
        // with no Kafka running). The examples import the package by name: here that name means the sources.
        test: {
          name: 'testing',
          include: ['test/testing/**/*.test.ts', 'examples/**/*.test.ts'],
          testTimeout: 10_000,
        },
        resolve: {
          alias: [
            { find: /^karafka-ts$/, replacement: path.resolve(import.meta.dirname, 'src/index.ts') },
            { find: /^karafka-ts\/testing$/, replacement: path.resolve(import.meta.dirname, 'src/testing/index.ts') },
          ],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          setupFiles: ['test/support/integration-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
