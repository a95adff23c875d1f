/**
 * Tells TLS problems apart. librdkafka says "certificate verify failed" both for a certificate signed by an
 * unknown CA and for one that names another host, and only "connection closed" when a plaintext client meets
 * a TLS listener. One TLS handshake made here with Node's TLS (the same CA and client certificate settings)
 * says which: Node names the verification error, and a listener that answers a TLS hello speaks TLS.
 * The protocol client, which uses Node's TLS itself, maps its errors with the same function.
 */
import net from 'node:net';
import tls from 'node:tls';
import type { SecurityFailure } from './security-error.js';

/** Node's (OpenSSL's) verification codes that mean "signed by a CA the client does not trust". */
const UNTRUSTED: ReadonlySet<string> = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_CHAIN_TOO_LONG',
]);
const DATES: ReadonlySet<string> = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
/** TLS alerts a broker sends when it refuses the client certificate or wanted one. */
const CLIENT_CERTIFICATE_ALERT =
  /ALERT_(BAD_CERTIFICATE|CERTIFICATE_REQUIRED|UNKNOWN_CA|CERTIFICATE_UNKNOWN|CERTIFICATE_EXPIRED|CERTIFICATE_REVOKED|UNSUPPORTED_CERTIFICATE|HANDSHAKE_FAILURE)$/;

/** The broker's certificate names, as Node shows them (`DNS:wrong-host.invalid, IP Address:10.0.0.1`). */
function namesOf(error: unknown): string | undefined {
  const cert = (error as { cert?: { subjectaltname?: unknown; subject?: { CN?: unknown } } }).cert;
  if (typeof cert?.subjectaltname === 'string' && cert.subjectaltname !== '') return cert.subjectaltname;
  return typeof cert?.subject?.CN === 'string' ? `CN=${cert.subject.CN}` : undefined;
}

/**
 * The security problem behind an error of Node's TLS, or undefined when it is not one (refused, unreachable).
 * `handshakeStarted`: the TCP connection was up, so a reset before the handshake ended means the listener
 * does not speak TLS.
 */
export function tlsFailureOf(error: Error, broker: string, handshakeStarted: boolean): SecurityFailure | undefined {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const names = namesOf(error);
    const host = broker.replace(/:\d+$/, '');
    return {
      problem: 'tls-host-mismatch',
      broker,
      reason: `the certificate names ${names ?? 'other hosts'}, not ${host}`,
      ...(names === undefined ? {} : { offered: names }),
    };
  }
  if (UNTRUSTED.has(code)) return { problem: 'tls-untrusted-certificate', broker, reason: `${code}: ${error.message}` };
  if (DATES.has(code)) return { problem: 'tls-certificate-dates', broker, reason: `${code}: ${error.message}` };
  if (CLIENT_CERTIFICATE_ALERT.test(code)) {
    return { problem: 'tls-client-certificate', broker, reason: `the broker sent the TLS alert ${code}` };
  }
  if (code.startsWith('ERR_SSL_WRONG_VERSION_NUMBER') || code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG') {
    return { problem: 'tls-to-plaintext-listener', broker, reason: `${code}: the broker did not answer in TLS` };
  }
  if (
    handshakeStarted &&
    (code === 'ECONNRESET' || code === 'EPIPE' || /before secure TLS connection/.test(error.message))
  ) {
    return {
      problem: 'tls-to-plaintext-listener',
      broker,
      reason: 'the broker closed the connection during the TLS handshake (a PLAINTEXT listener?)',
    };
  }
  if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_')) {
    return { problem: 'tls-handshake', broker, reason: `${code}: ${error.message}` };
  }
  return undefined;
}

/** How a TLS handshake with a broker went. */
type HandshakeResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly error: Error; readonly connected: boolean }
  | { readonly ok: false; readonly error: undefined; readonly connected: boolean };

/** One TLS handshake with `host:port` (closed right after), bounded by `timeoutMs`. */
function handshake(
  host: string,
  port: number,
  options: tls.ConnectionOptions,
  timeoutMs: number,
): Promise<HandshakeResult> {
  return new Promise((resolve) => {
    let connected = false;
    const socket = tls.connect({
      host,
      port,
      ...(net.isIP(host) === 0 ? { servername: host } : {}),
      ...options,
    });
    const done = (result: HandshakeResult): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done({ ok: false, error: undefined, connected }), timeoutMs);
    socket.once('connect', () => {
      connected = true;
    });
    socket.once('secureConnect', () => done({ ok: true }));
    socket.once('error', (error: Error) => done({ ok: false, error, connected }));
    socket.once('close', () => done({ ok: false, error: undefined, connected }));
  });
}

function split(broker: string): { host: string; port: number } | undefined {
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(broker);
  return match === null ? undefined : { host: match[1]!, port: Number(match[2]) };
}

/**
 * Why the broker's certificate failed verification, found by verifying it again with Node's TLS and the same
 * CA (and client certificate) options; undefined when that handshake tells nothing more.
 */
export async function diagnoseCertificate(
  broker: string,
  options: tls.ConnectionOptions,
  timeoutMs = 3_000,
): Promise<SecurityFailure | undefined> {
  const address = split(broker);
  if (address === undefined) return undefined;
  const result = await handshake(address.host, address.port, options, timeoutMs);
  if (result.ok || result.error === undefined) return undefined;
  return tlsFailureOf(result.error, broker, result.connected);
}

/** True when `broker` completes (or starts answering) a TLS handshake: a listener that expects TLS. */
export async function speaksTls(broker: string, timeoutMs = 3_000): Promise<boolean> {
  const address = split(broker);
  if (address === undefined) return false;
  const result = await handshake(address.host, address.port, { rejectUnauthorized: false }, timeoutMs);
  if (result.ok) return true;
  const error: NodeJS.ErrnoException | undefined = result.error;
  const code = error?.code ?? '';
  // A TLS alert is an answer in TLS (e.g. a listener that requires a client certificate).
  return code.startsWith('ERR_SSL_') && !/WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG/.test(code);
}
