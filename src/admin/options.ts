/**
 * Admin options, defaults and validation.
 */
import { rdkafkaDrivers, type KafkaDrivers } from '../kafka/drivers.js';
import type { OAuthBearerProvider } from '../kafka/oauth-bearer.js';
import { withOAuthBearer } from '../kafka/oauth-bearer-drivers.js';
import type { KafkaSettings } from '../kafka/types.js';

/** Options of `new Admin(...)`. */
export interface AdminOptions {
  /** librdkafka properties of the cluster to manage; `bootstrap.servers` is required. */
  readonly kafka: KafkaSettings;
  /** Bound of every admin call, waits included, in milliseconds (default 30 000). */
  readonly timeout?: number;
  /** The driver family (default: librdkafka). */
  readonly drivers?: KafkaDrivers;
  /** SASL/OAUTHBEARER token provider, used when `kafka` sets `sasl.mechanisms: 'OAUTHBEARER'`. */
  readonly oauthBearerProvider?: OAuthBearerProvider;
}

/** Options with defaults applied. */
export interface ResolvedAdminOptions {
  readonly kafka: KafkaSettings;
  readonly timeout: number;
  readonly drivers: KafkaDrivers;
}

/** An invalid admin option; the message names it, shows the bad value and says what is allowed. */
export class AdminOptionsError extends Error {
  /** @param message which option and what is allowed */
  constructor(message: string) {
    super(message);
    this.name = 'AdminOptionsError';
  }
}

/** Validates `options` and applies defaults. */
export function resolveAdminOptions(options: AdminOptions): ResolvedAdminOptions {
  const kafka: unknown = (options as { kafka?: unknown } | undefined)?.kafka;
  if (typeof kafka !== 'object' || kafka === null || Array.isArray(kafka)) {
    throw new AdminOptionsError(
      `Admin option 'kafka' must be an object of librdkafka properties (got ${String(kafka)})`,
    );
  }
  const servers = (kafka as Record<string, unknown>)['bootstrap.servers'];
  if (typeof servers !== 'string' || servers.trim() === '') {
    throw new AdminOptionsError(
      `Admin option 'kafka' must set 'bootstrap.servers' to 'host:port[,host:port]' (got ${JSON.stringify(servers) ?? 'undefined'})`,
    );
  }
  const timeout = options.timeout ?? 30_000;
  if (!Number.isInteger(timeout) || timeout <= 0) {
    throw new AdminOptionsError(`Admin option 'timeout' must be a positive integer of ms (got ${String(timeout)})`);
  }
  const provider: unknown = options.oauthBearerProvider;
  if (provider !== undefined && typeof provider !== 'function') {
    throw new AdminOptionsError(
      `Admin option 'oauthBearerProvider' must be a function returning { value, expiresAt, principal } (got ${typeof provider})`,
    );
  }
  return {
    kafka: kafka as KafkaSettings,
    timeout,
    drivers: withOAuthBearer(options.drivers ?? rdkafkaDrivers, options.oauthBearerProvider),
  };
}
