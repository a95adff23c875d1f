/**
 * The package version, read once from package.json.
 */
import { readFileSync } from 'node:fs';

const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** karafka-ts version. */
export const VERSION: string = packageJson.version;
