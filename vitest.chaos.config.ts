import { defineConfig } from 'vitest/config';
import { CHAOS_ENV } from './test/chaos/harness/chaos-env.js';

/**
 * The chaos suite (`npm run test:chaos`): scenarios that kill brokers and consumer processes and check, with a
 * ledger of message ids, that nothing is lost. Not part of `npm test`. It runs its own brokers (ports 31092
 * and 31192+, data in `.kafka-chaos/`): the environment is set here, before anything loads
 * `tools/kafka/settings.ts`, for this process and for the workers. One scenario at a time.
 */
Object.assign(process.env, CHAOS_ENV);

export default defineConfig({
  test: {
    name: 'chaos',
    include: ['test/chaos/**/*.test.ts'],
    env: { ...CHAOS_ENV },
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
    globalSetup: ['test/chaos/harness/global-setup.ts'],
    // Each scenario has its own budget (its `it` timeout); hooks only clean up.
    testTimeout: 600_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
