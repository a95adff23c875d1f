/**
 * Vitest global setup of the integration project: one local broker for the whole run.
 * Starts it when it is not running and, in that case only, stops it at the end.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { kafkaRunning, startKafka, stopKafka, type SecureKafka } from '../../tools/kafka/cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `host:port` of the local broker. */
    bootstrapServers: string;
    /** The broker's secured listeners and their secrets, or null when the running broker lacks them. */
    secureKafka: SecureKafka | null;
  }
}

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

function newestMtime(dir: string): number {
  return Math.max(
    0,
    ...readdirSync(dir, { withFileTypes: true }).map((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs;
    }),
  );
}

/** CLI tests run the built package (as users do): rebuild it when src/ changed since the last build. */
function buildIfStale(): void {
  const built = statSync(path.join(repoRoot, 'dist', 'index.js'), { throwIfNoEntry: false });
  if (built !== undefined && built.mtimeMs >= newestMtime(path.join(repoRoot, 'src'))) return;
  console.log('[build] dist/ is older than src/: building');
  execFileSync(
    process.execPath,
    [path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: repoRoot,
      stdio: 'inherit',
    },
  );
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  buildIfStale();
  const alreadyRunning = kafkaRunning(1);
  const kafka = await startKafka(1, { log: (line) => console.log(`[kafka] ${line}`) });
  project.provide('bootstrapServers', kafka.bootstrapServers);
  project.provide('secureKafka', kafka.secure ?? null);
  return async () => {
    if (!alreadyRunning) await stopKafka((line) => console.log(`[kafka] ${line}`));
  };
}
