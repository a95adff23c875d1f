/**
 * Drivers whose every client authenticates with the app's OAUTHBEARER token provider (when its settings ask
 * for OAUTHBEARER): the app wraps its driver family once, and consumers, producers and admins created from it
 * all get the provider.
 */
import type { KafkaDrivers } from './drivers.js';
import type { OAuthBearerProvider } from './oauth-bearer.js';

/** `drivers`, each client of which gets `provider` (unchanged `drivers` when there is none). */
export function withOAuthBearer(drivers: KafkaDrivers, provider: OAuthBearerProvider | undefined): KafkaDrivers {
  if (provider === undefined) return drivers;
  return {
    description: drivers.description,
    features: drivers.features,
    consumer: (options) => drivers.consumer({ oauthBearerProvider: provider, ...options }),
    producer: (options) => drivers.producer({ oauthBearerProvider: provider, ...options }),
    admin: (options) => drivers.admin({ oauthBearerProvider: provider, ...options }),
  };
}
