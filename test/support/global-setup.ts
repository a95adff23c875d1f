/**
 * Vitest global setup of the integration project: one local broker for the whole run.
 * Starts it when it is not running and, in that case only, stops it at the end.
 */
import type { TestProject } from 'vitest/node';
import { kafkaRunning, startKafka, stopKafka } from '../../tools/kafka/cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `host:port` of the local broker. */
    bootstrapServers: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const alreadyRunning = kafkaRunning(1);
  const kafka = await startKafka(1, { log: (line) => console.log(`[kafka] ${line}`) });
  project.provide('bootstrapServers', kafka.bootstrapServers);
  return async () => {
    if (!alreadyRunning) await stopKafka((line) => console.log(`[kafka] ${line}`));
  };
}
