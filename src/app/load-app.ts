/**
 * Finds and loads a user's `karafka.config.{ts,mts,mjs,js}` and returns the app it exports. TypeScript loads
 * without a build step on the user's side (through tsx).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';
import { ConfigurationError } from '../config/config-error.js';
import { App } from './app.js';
import { configLoadError } from './config-load-error.js';

/** Config file names looked for, in order. */
export const CONFIG_FILE_NAMES = ['karafka.config.ts', 'karafka.config.mts', 'karafka.config.mjs', 'karafka.config.js'];

/** The config file to load: `explicit` if given (it must exist), else the first of CONFIG_FILE_NAMES in `cwd`. */
export function findConfigFile(cwd: string, explicit?: string): string {
  if (explicit !== undefined) {
    const file = path.resolve(cwd, explicit);
    if (!existsSync(file)) throw new ConfigurationError(`Config file not found: ${file}`, 'config');
    return file;
  }
  for (const name of CONFIG_FILE_NAMES) {
    const file = path.join(cwd, name);
    if (existsSync(file)) return file;
  }
  throw new ConfigurationError(
    `No ${CONFIG_FILE_NAMES.join(', ')} in ${cwd}: run \`karafka install\` or pass --config PATH`,
    'config',
  );
}

let typeScriptRegistered = false;

function registerTypeScript(): void {
  if (typeScriptRegistered) return;
  register();
  typeScriptRegistered = true;
}

async function importDefault(file: string): Promise<unknown> {
  // TypeScript hooks for the whole process (not a separate module namespace), so the config, its consumers
  // and the CLI share one copy of karafka-ts and `instanceof App` / `BaseConsumer` hold.
  if (/\.[cm]?ts$/.test(file)) registerTypeScript();
  try {
    const module = (await import(pathToFileURL(file).href)) as { default?: unknown };
    const exported = module.default;
    if (typeof exported === 'function' && !(exported instanceof App)) return await (exported as () => unknown)();
    return exported;
  } catch (error) {
    throw configLoadError(file, error);
  }
}

/**
 * Imports the config file and returns its app (a default export that is an App, or a function returning one).
 * Anything thrown while loading becomes a `ConfigLoadError` naming the file and line (with a code frame).
 */
export async function loadApp(file: string): Promise<App> {
  const exported = await importDefault(file);
  if (!(exported instanceof App)) {
    throw new ConfigurationError(
      `${file} must export an App as default (export default app), or a function returning one; ` +
        `got ${exported === undefined ? 'no default export' : typeof exported}. If it is an App, check that ` +
        'the config and the karafka CLI use the same karafka-ts installation.',
      'config',
    );
  }
  return exported;
}
