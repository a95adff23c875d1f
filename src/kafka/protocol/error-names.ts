/**
 * Names of the broker error codes the configs and SASL APIs return, for readable messages.
 */
const NAMES: Readonly<Record<number, string>> = {
  3: 'UNKNOWN_TOPIC_OR_PARTITION',
  7: 'REQUEST_TIMED_OUT',
  29: 'TOPIC_AUTHORIZATION_FAILED',
  31: 'CLUSTER_AUTHORIZATION_FAILED',
  33: 'UNSUPPORTED_SASL_MECHANISM',
  34: 'ILLEGAL_SASL_STATE',
  35: 'UNSUPPORTED_VERSION',
  40: 'INVALID_CONFIG',
  41: 'NOT_CONTROLLER',
  42: 'INVALID_REQUEST',
  44: 'POLICY_VIOLATION',
  58: 'SASL_AUTHENTICATION_FAILED',
};

/** `UNKNOWN_TOPIC_OR_PARTITION` for 3, `broker error <n>` for codes not listed. */
export function brokerErrorName(code: number): string {
  return NAMES[code] ?? `broker error ${String(code)}`;
}
