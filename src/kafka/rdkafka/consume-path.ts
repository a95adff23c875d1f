/**
 * Which way consumers take messages from librdkafka: the packed batch consume of the project's client fork
 * (`consumePacked`: a batch in one native call, handed over as one buffer), or the binding's own `consume(n)`
 * (one JavaScript object per message, built on the main thread). Packed whenever the loaded library has it;
 * `KARAFKA_PACKED_CONSUME=off` forces the plain path (to compare, or to run the test suite both ways).
 */
import { library } from './library.js';

/** The environment variable that turns the packed path off. */
export const PACKED_CONSUME_VARIABLE = 'KARAFKA_PACKED_CONSUME';

/** How a consumer takes messages from librdkafka. */
export type ConsumePath = 'packed' | 'plain';

/** The path, and why, in words for logs and `karafka info`. */
export interface ConsumePathChoice {
  readonly path: ConsumePath;
  readonly reason: string;
}

const ON = new Set(['', 'on', '1', 'true', 'yes']);
const OFF = new Set(['off', '0', 'false', 'no']);

/** True when the loaded client library has the packed batch consume. */
export function libraryHasPackedConsume(): boolean {
  const prototype = library.KafkaConsumer.prototype as { consumePacked?: unknown };
  return typeof prototype.consumePacked === 'function' && typeof library.packedLayout === 'object';
}

/**
 * The path consumers take, from `KARAFKA_PACKED_CONSUME` (unset or `on`: packed when available; `off`: plain)
 * and what the library offers. Throws naming the variable when its value is neither.
 */
export function chooseConsumePath(
  env: Readonly<Record<string, string | undefined>> = process.env,
  packedAvailable: boolean = libraryHasPackedConsume(),
): ConsumePathChoice {
  const raw = env[PACKED_CONSUME_VARIABLE];
  const value = (raw ?? '').trim().toLowerCase();
  if (OFF.has(value)) {
    return { path: 'plain', reason: `plain consume (${PACKED_CONSUME_VARIABLE}=${String(raw)})` };
  }
  if (!ON.has(value)) {
    throw new Error(`${PACKED_CONSUME_VARIABLE} must be "on" or "off" (got "${String(raw)}")`);
  }
  if (!packedAvailable) {
    return { path: 'plain', reason: 'plain consume (the client library has no consumePacked: fallback)' };
  }
  return { path: 'packed', reason: 'packed batch consume' };
}

/** `chooseConsumePath` in words, never throwing (for descriptions). */
export function describeConsumePath(env: Readonly<Record<string, string | undefined>> = process.env): string {
  try {
    return chooseConsumePath(env).reason;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
