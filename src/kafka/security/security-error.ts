/**
 * The error of a connection that reached a broker but could not be secured or authenticated: TLS that fails
 * (untrusted certificate, wrong host name, TLS against a plaintext listener or the reverse, a client
 * certificate the broker refuses) or SASL that fails (wrong credentials, a mechanism the listener does not
 * enable, an OAUTHBEARER token that is missing or refused). It names the broker, the problem and the settings
 * to check, and never carries a secret.
 */
import { KafkaDriverError, KafkaErrorCodes } from '../driver-error.js';

/** What went wrong, one value per fix. */
export type SecurityProblem =
  /** The broker refused the SASL credentials (wrong password, unknown user, refused token). */
  | 'sasl-authentication'
  /** The listener does not enable the SASL mechanism the client asked for. */
  | 'sasl-mechanism'
  /** The app's OAUTHBEARER token provider failed or returned no usable token. */
  | 'oauthbearer-token'
  /** The broker's certificate is not signed by a CA the client trusts. */
  | 'tls-untrusted-certificate'
  /** The broker's certificate does not name the host the client connected to. */
  | 'tls-host-mismatch'
  /** The broker's certificate is expired or not valid yet. */
  | 'tls-certificate-dates'
  /** The client spoke TLS to a listener that does not (a PLAINTEXT or SASL_PLAINTEXT listener). */
  | 'tls-to-plaintext-listener'
  /** The client spoke plaintext to a listener that expects TLS. */
  | 'plaintext-to-tls-listener'
  /** The broker refused the client's certificate, or wanted one and got none (mutual TLS). */
  | 'tls-client-certificate'
  /** Any other TLS handshake failure. */
  | 'tls-handshake';

/** What a security error is made of. */
export interface SecurityFailure {
  readonly problem: SecurityProblem;
  /** `host:port` of the broker, when known. */
  readonly broker: string | undefined;
  /** The client's or the broker's own words (no secrets), e.g. `Invalid username or password`. */
  readonly reason: string;
  /** The SASL mechanism in use, for SASL problems. */
  readonly mechanism?: string;
  /** The SASL user name, for SASL problems (a name, never a password). */
  readonly username?: string;
  /** What the broker offers instead (mechanisms), or the names its certificate holds. */
  readonly offered?: string;
}

const SASL_PROBLEMS: ReadonlySet<SecurityProblem> = new Set([
  'sasl-authentication',
  'sasl-mechanism',
  'oauthbearer-token',
]);

/** The settings to check for each problem. */
const SETTINGS: Readonly<Record<SecurityProblem, readonly string[]>> = {
  'sasl-authentication': ['sasl.username', 'sasl.password'],
  'sasl-mechanism': ['sasl.mechanisms'],
  'oauthbearer-token': ['oauthBearerProvider'],
  'tls-untrusted-certificate': ['ssl.ca.location', 'ssl.ca.pem'],
  'tls-host-mismatch': ['bootstrap.servers', 'ssl.endpoint.identification.algorithm'],
  'tls-certificate-dates': ['the broker certificate', 'the system clock'],
  'tls-to-plaintext-listener': ['security.protocol', 'bootstrap.servers'],
  'plaintext-to-tls-listener': ['security.protocol', 'bootstrap.servers'],
  'tls-client-certificate': ['ssl.certificate.location', 'ssl.key.location', 'ssl.keystore.location'],
  'tls-handshake': ['security.protocol', 'ssl.ca.location', 'bootstrap.servers'],
};

function at(broker: string | undefined): string {
  return broker === undefined ? 'a broker' : `broker ${broker}`;
}

function headline(failure: SecurityFailure): string {
  const { problem, broker, mechanism, username } = failure;
  const who = [mechanism === undefined ? undefined : `mechanism ${mechanism}`, username && `user '${username}'`]
    .filter(Boolean)
    .join(', ');
  const saslContext = who === '' ? '' : ` (${who})`;
  switch (problem) {
    case 'sasl-authentication':
      return `SASL authentication failed at ${at(broker)}${saslContext}`;
    case 'sasl-mechanism':
      return `SASL mechanism ${mechanism ?? '(unknown)'} is not enabled at ${at(broker)}`;
    case 'oauthbearer-token':
      return `No OAUTHBEARER token for ${at(broker)}`;
    case 'tls-untrusted-certificate':
      return `TLS: the certificate of ${at(broker)} is not signed by a CA the client trusts`;
    case 'tls-host-mismatch':
      return `TLS: the certificate of ${at(broker)} does not name the host the client connected to`;
    case 'tls-certificate-dates':
      return `TLS: the certificate of ${at(broker)} is not valid now`;
    case 'tls-to-plaintext-listener':
      return `TLS handshake with ${at(broker)} failed: the listener does not speak TLS`;
    case 'plaintext-to-tls-listener':
      return `${broker === undefined ? 'A broker' : `Broker ${broker}`} expects TLS, but the client connects without it`;
    case 'tls-client-certificate':
      return `TLS: ${at(broker)} refused the client certificate (mutual TLS)`;
    case 'tls-handshake':
      return `TLS handshake with ${at(broker)} failed`;
  }
}

/** What to do, naming the settings. */
function advice(failure: SecurityFailure): string {
  switch (failure.problem) {
    case 'sasl-authentication':
      return failure.mechanism === 'OAUTHBEARER'
        ? 'check the token oauthBearerProvider returns (its value, subject, expiry and scope) against what the broker validates'
        : `check sasl.username and sasl.password${
            failure.mechanism?.startsWith('SCRAM') === true
              ? ` (the user must have ${failure.mechanism} credentials on the cluster)`
              : ''
          }`;
    case 'sasl-mechanism':
      return `check sasl.mechanisms${failure.offered === undefined ? '' : `: the listener offers ${failure.offered}`}`;
    case 'oauthbearer-token':
      return 'check oauthBearerProvider (it must resolve to { value, expiresAt, principal }) and the identity provider it asks';
    case 'tls-untrusted-certificate':
      return 'check ssl.ca.location (or ssl.ca.pem): it must hold the CA that signed the broker certificate';
    case 'tls-host-mismatch':
      return `check bootstrap.servers: connect by a name the certificate holds${
        failure.offered === undefined ? '' : ` (${failure.offered})`
      }, or fix the broker certificate; ssl.endpoint.identification.algorithm=none turns the check off (not in production)`;
    case 'tls-certificate-dates':
      return 'check the broker certificate dates and this machine clock';
    case 'tls-to-plaintext-listener':
      return 'check security.protocol (plaintext or sasl_plaintext for this listener) and bootstrap.servers (the TLS port)';
    case 'plaintext-to-tls-listener':
      return 'check security.protocol (ssl or sasl_ssl for this listener) and bootstrap.servers (the plaintext port)';
    case 'tls-client-certificate':
      return (
        'check ssl.certificate.location and ssl.key.location (or ssl.keystore.location): the listener requires a ' +
        'client certificate signed by a CA it trusts'
      );
    case 'tls-handshake':
      return 'check security.protocol, ssl.ca.location and bootstrap.servers';
  }
}

/** A broker connection that could not be secured or authenticated; the client keeps retrying. */
export class KafkaSecurityError extends KafkaDriverError {
  /** What went wrong. */
  readonly problem: SecurityProblem;
  /** `host:port` of the broker, when known. */
  readonly broker: string | undefined;
  /** The settings to check. */
  readonly settings: readonly string[];
  /** What to do, in a sentence that names the settings. */
  readonly advice: string;
  /** The client's or broker's own words. */
  readonly reason: string;

  /** @param failure what failed and where; @param options the original error */
  constructor(failure: SecurityFailure, options: { cause?: unknown } = {}) {
    const text = `${headline(failure)}: ${failure.reason}. To fix: ${advice(failure)}.`;
    super(text, SASL_PROBLEMS.has(failure.problem) ? KafkaErrorCodes.authentication : KafkaErrorCodes.ssl, {
      retriable: true,
      detail: text,
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
    this.name = 'KafkaSecurityError';
    this.problem = failure.problem;
    this.broker = failure.broker;
    this.settings = SETTINGS[failure.problem];
    this.advice = advice(failure);
    this.reason = failure.reason;
  }
}

/** True for errors of a connection that could not be secured or authenticated. */
export function isSecurityError(error: unknown): error is KafkaSecurityError {
  return error instanceof KafkaSecurityError;
}
