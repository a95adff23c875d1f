/**
 * SASL client messages for PLAIN (RFC 4616), SCRAM-SHA-256/512 (RFC 5802, RFC 7677) and OAUTHBEARER
 * (RFC 7628), the mechanisms the protocol client supports. Pure functions of their inputs, so they can be
 * checked against the RFC vectors.
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

/** The single PLAIN message: authorization id (empty), user name and password, NUL-separated. */
export function plainMessage(username: string, password: string): Buffer {
  return Buffer.from(`\u0000${username}\u0000${password}`, 'utf8');
}

/**
 * The OAUTHBEARER initial client response (RFC 7628): GS2 header, the bearer token and SASL extensions, each
 * ended by ^A.
 */
export function oauthBearerMessage(token: string, extensions: Readonly<Record<string, string>> = {}): Buffer {
  const pairs = Object.entries(extensions).map(([key, value]) => `${key}=${value}\u0001`);
  return Buffer.from(`n,,\u0001auth=Bearer ${token}\u0001${pairs.join('')}\u0001`, 'utf8');
}

/** What a client sends after the broker refused an OAUTHBEARER token: a lone ^A ends the exchange. */
export const OAUTHBEARER_ABORT = Buffer.from('\u0001', 'utf8');

/** Thrown when the server's SCRAM messages are malformed or its signature does not match. */
export class ScramError extends Error {
  /** @param message what went wrong in the exchange */
  constructor(message: string) {
    super(message);
    this.name = 'ScramError';
  }
}

function parseAttributes(message: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const part of message.split(',')) {
    const at = part.indexOf('=');
    if (at > 0) attributes.set(part.slice(0, at), part.slice(at + 1));
  }
  return attributes;
}

function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i += 1) out[i] = a[i]! ^ b[i]!;
  return out;
}

/** One SCRAM exchange: client-first, then client-final from the server-first, then a check of server-final. */
export class ScramExchange {
  readonly #digest: 'sha256' | 'sha512';
  readonly #username: string;
  readonly #password: string;
  readonly #nonce: string;
  #authMessage: string | undefined;
  #serverKey: Buffer | undefined;

  /**
   * @param mechanism `SCRAM-SHA-256` or `SCRAM-SHA-512`
   * @param nonce the client nonce; random when omitted (tests pass the RFC's)
   */
  constructor(mechanism: 'SCRAM-SHA-256' | 'SCRAM-SHA-512', username: string, password: string, nonce?: string) {
    this.#digest = mechanism === 'SCRAM-SHA-256' ? 'sha256' : 'sha512';
    this.#username = username.replace(/=/g, '=3D').replace(/,/g, '=2C');
    this.#password = password;
    this.#nonce = nonce ?? randomBytes(24).toString('base64').replace(/[=,]/g, '');
  }

  get #firstBare(): string {
    return `n=${this.#username},r=${this.#nonce}`;
  }

  /** The client-first message. */
  clientFirst(): Buffer {
    return Buffer.from(`n,,${this.#firstBare}`, 'utf8');
  }

  /** The client-final message (with the proof), computed from the server-first message. */
  clientFinal(serverFirst: Buffer): Buffer {
    const serverFirstText = serverFirst.toString('utf8');
    const attributes = parseAttributes(serverFirstText);
    if (attributes.has('e')) throw new ScramError(`Server refused SCRAM: ${attributes.get('e') ?? ''}`);
    const nonce = attributes.get('r');
    const salt = attributes.get('s');
    const iterations = Number(attributes.get('i'));
    if (nonce === undefined || salt === undefined || !Number.isInteger(iterations) || iterations < 1) {
      throw new ScramError(`Malformed SCRAM server-first message: ${serverFirstText}`);
    }
    if (!nonce.startsWith(this.#nonce)) throw new ScramError('SCRAM server nonce does not extend the client nonce');
    const withoutProof = `c=biws,r=${nonce}`;
    this.#authMessage = `${this.#firstBare},${serverFirstText},${withoutProof}`;
    const length = this.#digest === 'sha256' ? 32 : 64;
    const salted = pbkdf2Sync(this.#password, Buffer.from(salt, 'base64'), iterations, length, this.#digest);
    const clientKey = createHmac(this.#digest, salted).update('Client Key').digest();
    const storedKey = createHash(this.#digest).update(clientKey).digest();
    const signature = createHmac(this.#digest, storedKey).update(this.#authMessage).digest();
    this.#serverKey = createHmac(this.#digest, salted).update('Server Key').digest();
    return Buffer.from(`${withoutProof},p=${xor(clientKey, signature).toString('base64')}`, 'utf8');
  }

  /** Checks the server-final message; throws when the server could not prove it knows the password. */
  verifyServerFinal(serverFinal: Buffer): void {
    if (this.#authMessage === undefined || this.#serverKey === undefined) {
      throw new ScramError('verifyServerFinal called before clientFinal');
    }
    const attributes = parseAttributes(serverFinal.toString('utf8'));
    if (attributes.has('e')) throw new ScramError(`SCRAM authentication failed: ${attributes.get('e') ?? ''}`);
    const received = Buffer.from(attributes.get('v') ?? '', 'base64');
    const expected = createHmac(this.#digest, this.#serverKey).update(this.#authMessage).digest();
    if (received.length !== expected.length || !timingSafeEqual(received, expected)) {
      throw new ScramError('SCRAM server signature does not match');
    }
  }
}
