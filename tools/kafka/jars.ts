/**
 * Copies the Kafka broker and tools jars from the Maven registry into the cache folder, once.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { KAFKA_VERSION, LOG4J_VERSION, jarsDir, toolsDir } from './settings.js';

const completeMarker = '.complete';

/** True when the jars of the pinned Kafka version are already in the cache. */
export function jarsPresent(): boolean {
  return existsSync(path.join(jarsDir, completeMarker));
}

/**
 * Makes sure the jars are in the cache, running Maven when they are not.
 * Returns the folder to put on the Java classpath (as `<dir>/*`).
 */
export function ensureJars(log: (line: string) => void = console.log): string {
  if (jarsPresent()) return jarsDir;
  requireCommand('java', 'Java 17 or newer (Debian: openjdk-17-jre-headless)');
  requireCommand('mvn', 'Apache Maven (Debian: maven)');
  log(`Fetching Apache Kafka ${KAFKA_VERSION} jars from Maven into ${jarsDir} ...`);
  rmSync(jarsDir, { recursive: true, force: true });
  mkdirSync(jarsDir, { recursive: true });
  const result = spawnSync(
    'mvn',
    [
      '-B',
      '-q',
      '-f',
      path.join(toolsDir, 'pom.xml'),
      `-Dkafka.version=${KAFKA_VERSION}`,
      `-Dlog4j.version=${LOG4J_VERSION}`,
      'dependency:copy-dependencies',
      '-DincludeScope=runtime',
      `-DoutputDirectory=${jarsDir}`,
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const jars = existsSync(jarsDir) ? readdirSync(jarsDir).filter((f) => f.endsWith('.jar')) : [];
  if (result.status !== 0 || !jars.some((j) => j.startsWith(`kafka_2.13-${KAFKA_VERSION}`))) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-30).join('\n');
    throw new Error(
      `Maven could not fetch the Kafka ${KAFKA_VERSION} jars (exit ${String(result.status)}):\n${output}`,
    );
  }
  writeFileSync(path.join(jarsDir, completeMarker), `${KAFKA_VERSION}\n`);
  log(`Fetched ${String(jars.length)} jars.`);
  return jarsDir;
}

function requireCommand(command: string, what: string): void {
  const probe = spawnSync(command, ['-version'], { stdio: 'ignore' });
  if (probe.error) throw new Error(`'${command}' was not found: install ${what}`);
}
