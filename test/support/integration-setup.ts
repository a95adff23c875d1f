/**
 * Runs in every integration test file: closes the shared helper clients when the file is done.
 */
import { afterAll } from 'vitest';
import { closeTestClients } from './kafka.js';

afterAll(async () => {
  await closeTestClients();
});
