/**
 * The few Kafka APIs the protocol client speaks, encoded and decoded per the public protocol specification
 * (https://kafka.apache.org/protocol): ApiVersions, SaslHandshake, SaslAuthenticate, DescribeConfigs and
 * IncrementalAlterConfigs. Each `...Request` returns a `RequestSpec`; each `read...` decodes a response body.
 */
import type { ConfigChange, ConfigEntry, ConfigSource } from '../admin-driver.js';
import type { RequestSpec } from './connection.js';
import type { Reader } from './wire.js';

/** API keys used here. */
export const ApiKey = {
  saslHandshake: 17,
  apiVersions: 18,
  describeConfigs: 32,
  saslAuthenticate: 36,
  incrementalAlterConfigs: 44,
} as const;

/** Versions of each API this client can encode; the highest one the broker also supports is used. */
export const SUPPORTED_VERSIONS: Readonly<Record<number, readonly [number, number]>> = {
  [ApiKey.saslHandshake]: [1, 1],
  [ApiKey.apiVersions]: [0, 0],
  [ApiKey.describeConfigs]: [1, 4],
  [ApiKey.saslAuthenticate]: [0, 1],
  [ApiKey.incrementalAlterConfigs]: [0, 1],
};

/** First flexible (compact) version of each API. */
const FIRST_FLEXIBLE: Readonly<Record<number, number>> = {
  [ApiKey.describeConfigs]: 4,
  [ApiKey.incrementalAlterConfigs]: 1,
  [ApiKey.saslAuthenticate]: 2,
  [ApiKey.saslHandshake]: Number.POSITIVE_INFINITY,
  [ApiKey.apiVersions]: 3,
};

/** Kafka's resource type for topics in the configs APIs. */
const TOPIC_RESOURCE = 2;

function flexible(apiKey: number, version: number): boolean {
  return version >= (FIRST_FLEXIBLE[apiKey] ?? Number.POSITIVE_INFINITY);
}

/** Broker version ranges by API key. */
export type ApiVersionRanges = ReadonlyMap<number, readonly [number, number]>;

/** ApiVersions v0 request (always readable by any broker). */
export function apiVersionsRequest(): RequestSpec {
  return { apiKey: ApiKey.apiVersions, version: 0, flexible: false, body: () => undefined };
}

/** Decodes an ApiVersions v0 response. */
export function readApiVersions(reader: Reader): { errorCode: number; versions: ApiVersionRanges } {
  const errorCode = reader.int16();
  const versions = new Map<number, readonly [number, number]>();
  for (const [key, min, max] of reader.array((r) => [r.int16(), r.int16(), r.int16()] as const)) {
    versions.set(key, [min, max]);
  }
  return { errorCode, versions };
}

/** The highest version of `apiKey` both sides support, or undefined. */
export function pickVersion(apiKey: number, broker: ApiVersionRanges): number | undefined {
  const ours = SUPPORTED_VERSIONS[apiKey];
  const theirs = broker.get(apiKey);
  if (ours === undefined || theirs === undefined) return undefined;
  const version = Math.min(ours[1], theirs[1]);
  return version >= Math.max(ours[0], theirs[0]) ? version : undefined;
}

/** SaslHandshake v1: announces the mechanism. */
export function saslHandshakeRequest(mechanism: string): RequestSpec {
  return { apiKey: ApiKey.saslHandshake, version: 1, flexible: false, body: (w) => w.string(mechanism) };
}

/** Decodes a SaslHandshake response. */
export function readSaslHandshake(reader: Reader): { errorCode: number; mechanisms: string[] } {
  const errorCode = reader.int16();
  return { errorCode, mechanisms: reader.array((r) => r.string()) };
}

/** SaslAuthenticate: one round of the SASL exchange. */
export function saslAuthenticateRequest(version: number, bytes: Buffer): RequestSpec {
  const isFlexible = flexible(ApiKey.saslAuthenticate, version);
  return {
    apiKey: ApiKey.saslAuthenticate,
    version,
    flexible: isFlexible,
    body: (w) => w.bytes(bytes).tags(),
  };
}

/** Decodes a SaslAuthenticate response. */
export function readSaslAuthenticate(
  reader: Reader,
  version: number,
): { errorCode: number; errorMessage: string | null; bytes: Buffer } {
  const errorCode = reader.int16();
  const errorMessage = reader.nullableString();
  const bytes = reader.nullableBytes() ?? Buffer.alloc(0);
  if (version >= 1) reader.int64();
  reader.tags();
  return { errorCode, errorMessage, bytes };
}

/** DescribeConfigs for topics (all configs, or only `names`). */
export function describeConfigsRequest(
  version: number,
  topics: readonly string[],
  names: readonly string[] | undefined,
): RequestSpec {
  return {
    apiKey: ApiKey.describeConfigs,
    version,
    flexible: flexible(ApiKey.describeConfigs, version),
    body: (w) => {
      w.array(topics, (topic) => {
        w.int8(TOPIC_RESOURCE).string(topic);
        w.array(names ?? null, (name) => w.string(name));
        w.tags();
      });
      w.boolean(true); // include_synonyms (v1+)
      if (version >= 3) w.boolean(false); // include_documentation
      w.tags();
    },
  };
}

const SOURCES: Readonly<Record<number, ConfigSource>> = {
  1: 'topic',
  2: 'dynamic_broker',
  3: 'dynamic_default_broker',
  4: 'static_broker',
  5: 'default',
  6: 'dynamic_broker_logger',
  7: 'client_metrics',
  8: 'group',
};

function source(code: number): ConfigSource {
  return SOURCES[code] ?? 'unknown';
}

/** The outcome for one resource of a configs request. */
export interface ResourceResult {
  readonly name: string;
  readonly errorCode: number;
  readonly errorMessage: string | null;
}

/** Decodes a DescribeConfigs response: per topic, its error or its configs. */
export function readDescribeConfigs(
  reader: Reader,
  version: number,
): (ResourceResult & { readonly configs: ConfigEntry[] })[] {
  reader.int32(); // throttle_time_ms
  const results = reader.array((r) => {
    const errorCode = r.int16();
    const errorMessage = r.nullableString();
    r.int8(); // resource_type
    const name = r.string();
    const configs = r.array((c): ConfigEntry => {
      const configName = c.string();
      const value = c.nullableString();
      const readOnly = c.boolean();
      const configSource = source(c.int8());
      const sensitive = c.boolean();
      const synonyms = c.array((s) => {
        const synonym = { name: s.string(), value: s.nullableString(), source: source(s.int8()) };
        s.tags();
        return synonym;
      });
      if (version >= 3) {
        c.int8(); // config_type
        c.nullableString(); // documentation
      }
      c.tags();
      return {
        name: configName,
        value,
        source: configSource,
        isDefault: configSource === 'default',
        readOnly,
        sensitive,
        synonyms,
      };
    });
    r.tags();
    return { name, errorCode, errorMessage, configs };
  });
  reader.tags();
  return results;
}

const OPERATIONS: Readonly<Record<ConfigChange['operation'], number>> = { set: 0, delete: 1, append: 2, subtract: 3 };

/** IncrementalAlterConfigs for one topic. */
export function incrementalAlterConfigsRequest(
  version: number,
  topic: string,
  changes: readonly ConfigChange[],
  validateOnly: boolean,
): RequestSpec {
  return {
    apiKey: ApiKey.incrementalAlterConfigs,
    version,
    flexible: flexible(ApiKey.incrementalAlterConfigs, version),
    body: (w) => {
      w.array([topic], (name) => {
        w.int8(TOPIC_RESOURCE).string(name);
        w.array(changes, (change) => {
          w.string(change.name)
            .int8(OPERATIONS[change.operation])
            .nullableString(change.value ?? null);
          w.tags();
        });
        w.tags();
      });
      w.boolean(validateOnly);
      w.tags();
    },
  };
}

/** Decodes an IncrementalAlterConfigs response. */
export function readIncrementalAlterConfigs(reader: Reader): ResourceResult[] {
  reader.int32(); // throttle_time_ms
  const results = reader.array((r) => {
    const errorCode = r.int16();
    const errorMessage = r.nullableString();
    r.int8(); // resource_type
    const name = r.string();
    r.tags();
    return { name, errorCode, errorMessage };
  });
  reader.tags();
  return results;
}
