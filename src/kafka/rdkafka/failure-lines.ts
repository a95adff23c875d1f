/**
 * Reads librdkafka's FAIL log lines: which broker, and whether the failure is a security problem (TLS or
 * SASL), a TLS verification failure to be told apart (untrusted CA or wrong host name), a plaintext
 * connection closed at once (maybe a TLS listener), or a plain connectivity failure.
 */
import type { SecurityFailure } from '../security/security-error.js';

/** What one FAIL line says. */
export type FailureLine =
  /** A security problem, known from the line alone. */
  | { readonly kind: 'security'; readonly failure: SecurityFailure }
  /** The broker certificate failed verification: untrusted CA, wrong host name or dates (needs a look). */
  | { readonly kind: 'certificate'; readonly broker: string; readonly reason: string }
  /** A plaintext connection closed before the first answer: a TLS listener, or a broker going away. */
  | { readonly kind: 'closed-before-answer'; readonly broker: string }
  /** Anything else (refused, unresolved, timed out...). */
  | { readonly kind: 'other'; readonly broker: string | undefined };

/** What the client's settings say about security, for messages. */
export interface SecurityContext {
  /** `security.protocol`, lower case (`plaintext` by default). */
  readonly protocol: string;
  /** `sasl.mechanisms` (or `sasl.mechanism`), upper case, when SASL is used. */
  readonly mechanism: string | undefined;
  /** `sasl.username`, when set. */
  readonly username: string | undefined;
}

const CLIENT_CERTIFICATE_ALERT =
  /alert (bad certificate|certificate required|unknown ca|certificate unknown|certificate expired|certificate revoked|unsupported certificate)/i;

/** Splits `sasl_ssl://127.0.0.1:9095/bootstrap: SASL authentication error: ...` into broker and text. */
function parse(line: string): { broker: string | undefined; text: string; state: string | undefined } {
  const stripped = line.replace(/^\[thrd:[^\]]*\]: /, '');
  const stateMatch = / \(after \d+ms in state ([A-Z_]+)(?:, \d+ identical error\(s\) suppressed)?\)$/.exec(stripped);
  const body = stateMatch === null ? stripped : stripped.slice(0, stateMatch.index);
  const match = /^(?:[a-z_]+:\/\/)?(\[[^\]]+\]:\d+|[^/\s]+:\d+)\/[^:\s]+: (.*)$/s.exec(body);
  return match === null
    ? { broker: undefined, text: body, state: stateMatch?.[1] }
    : { broker: match[1], text: match[2]!, state: stateMatch?.[1] };
}

/** What a FAIL line says, read with the client's security settings. */
export function readFailureLine(line: string, context: SecurityContext): FailureLine {
  const { broker, text, state } = parse(line);
  const sasl = {
    ...(context.mechanism === undefined ? {} : { mechanism: context.mechanism }),
    ...(context.username === undefined ? {} : { username: context.username }),
  };
  const security = (failure: Omit<SecurityFailure, 'broker'>): FailureLine => ({
    kind: 'security',
    failure: { ...failure, broker },
  });

  const handshake = /^SASL (\S+) mechanism handshake failed: (.*)$/s.exec(text);
  if (handshake !== null) {
    const offered = /supported mechanisms: (.*)$/.exec(handshake[2]!)?.[1];
    return security({
      problem: 'sasl-mechanism',
      reason: handshake[2]!,
      mechanism: handshake[1]!,
      ...(offered === undefined ? {} : { offered: offered.split(',').join(', ') }),
    });
  }
  const authentication = /^SASL authentication error: (.*)$/s.exec(text);
  if (authentication !== null) {
    return security({ problem: 'sasl-authentication', reason: authentication[1]!, ...sasl });
  }
  if (/^(SASL|Failed to initialize SASL)/.test(text)) {
    return security({ problem: 'sasl-authentication', reason: text, ...sasl });
  }
  if (/SSL handshake failed: .*connecting to a PLAINTEXT broker listener/s.test(text)) {
    return security({
      problem: 'tls-to-plaintext-listener',
      reason: 'the broker closed the connection during the TLS handshake (a PLAINTEXT listener?)',
    });
  }
  if (CLIENT_CERTIFICATE_ALERT.test(text)) {
    return security({ problem: 'tls-client-certificate', reason: text.replace(/^Receive failed: /, '') });
  }
  if (/certificate verify failed/.test(text) && broker !== undefined) {
    return { kind: 'certificate', broker, reason: text.replace(/^SSL handshake failed: /, '') };
  }
  if (/^SSL handshake failed: /.test(text)) {
    return security({ problem: 'tls-handshake', reason: text.replace(/^SSL handshake failed: /, '') });
  }
  const plaintext = context.protocol === 'plaintext' || context.protocol === 'sasl_plaintext';
  if (
    plaintext &&
    broker !== undefined &&
    (/requesting ApiVersion/.test(text) || (/^Disconnected/.test(text) && state === 'APIVERSION_QUERY'))
  ) {
    return { kind: 'closed-before-answer', broker };
  }
  return { kind: 'other', broker };
}

/** The security settings of a client, for messages. */
export function securityContext(settings: Readonly<Record<string, string | number | boolean>>): SecurityContext {
  const text = (key: string): string | undefined => {
    const value = settings[key];
    return value === undefined ? undefined : String(value);
  };
  const protocol = (text('security.protocol') ?? 'plaintext').toLowerCase();
  const sasl = protocol.startsWith('sasl');
  return {
    protocol,
    mechanism: sasl ? (text('sasl.mechanisms') ?? text('sasl.mechanism') ?? 'GSSAPI').toUpperCase() : undefined,
    username: sasl ? text('sasl.username') : undefined,
  };
}
