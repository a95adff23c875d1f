/**
 * Why a connection failed, in librdkafka's own words. Its error events only say "broker transport failure",
 * "all broker connections are down", "authentication failure" or "ssl error"; the reason (refused, name not
 * resolved, TLS handshake against a plaintext listener, invalid credentials...) and the address are in its
 * FAIL log lines. The last one is kept and added to the errors the driver reports.
 *
 * Security failures (TLS or SASL) become a `KafkaSecurityError` that names the broker, the problem and the
 * settings to check. Two of them need a look at the broker first, made once per broker with Node's TLS: a
 * certificate that failed verification (untrusted CA, or a host name it does not hold) and a plaintext
 * connection closed before any answer (a TLS listener?). Errors wait for that look (at most a few seconds)
 * and keep their order.
 */
import type { ConnectionOptions as TlsOptions } from 'node:tls';
import { KafkaDriverError, KafkaErrorCodes, isConnectivityError } from '../driver-error.js';
import { tlsOptions } from '../protocol/settings.js';
import { KafkaSecurityError, type SecurityFailure } from '../security/security-error.js';
import { diagnoseCertificate, speaksTls } from '../security/tls-diagnosis.js';
import type { KafkaSettings } from '../types.js';
import { readFailureLine, securityContext, type SecurityContext } from './failure-lines.js';

interface LogEvent {
  readonly fac?: unknown;
  readonly message?: unknown;
}

/** Codes of the error events that come with (or after) a failed connection. */
const SECURITY_EVENT_CODES: ReadonlySet<number> = new Set([KafkaErrorCodes.authentication, KafkaErrorCodes.ssl]);

/** The last connection failure of one client. */
export class ConnectionFailures {
  readonly #context: SecurityContext;
  readonly #settings: KafkaSettings;
  #last: string | undefined;
  #at = 0;
  /** The security failure the last FAIL line was, if it was one. */
  #security: KafkaSecurityError | undefined;
  #tokenFailure: KafkaSecurityError | undefined;
  /** Looks at brokers in flight, and their results once done, by broker and kind. */
  readonly #diagnoses = new Map<string, Promise<SecurityFailure | undefined>>();
  readonly #diagnosed = new Map<string, SecurityFailure | undefined>();
  /** The look the last FAIL line asked for. */
  #lastKey: string | undefined;
  readonly #pending = new Set<Promise<unknown>>();
  readonly #listeners = new Set<(error: KafkaSecurityError) => void>();
  #queue: Promise<void> = Promise.resolve();
  #queued = 0;

  /** @param settings the client's settings (security protocol, mechanism, user, TLS files) */
  constructor(settings: KafkaSettings = {}) {
    this.#settings = settings;
    this.#context = securityContext(settings);
  }

  /** The last failure, e.g. `127.0.0.1:1/bootstrap: Connect to ipv4#127.0.0.1:1 failed: Connection refused`. */
  get last(): string | undefined {
    return this.#last;
  }

  /**
   * The security failure the client is stuck on: its last connection failure, or a token provider that fails
   * (no connection is even tried without a token).
   */
  get security(): KafkaSecurityError | undefined {
    return this.#security ?? this.#tokenFailure;
  }

  /** Feeds one of the library's log events. */
  record(log: LogEvent): void {
    if (log.fac !== 'FAIL' || typeof log.message !== 'string') return;
    this.#at = Date.now();
    this.#last = log.message
      .replace(/^\[thrd:[^\]]*\]: /, '')
      .replace(/ \(after \d+ms in state [A-Z_]+(, \d+ identical error\(s\) suppressed)?\)$/, '');
    const line = readFailureLine(log.message, this.#context);
    this.#lastKey = undefined;
    switch (line.kind) {
      case 'security':
        this.#setSecurity(new KafkaSecurityError(line.failure));
        return;
      case 'certificate':
        this.#security = undefined;
        this.#diagnose(`certificate ${line.broker}`, () => this.#certificate(line.broker, line.reason));
        return;
      case 'closed-before-answer':
        this.#security = undefined;
        this.#diagnose(`tls ${line.broker}`, async () =>
          (await speaksTls(line.broker))
            ? {
                problem: 'plaintext-to-tls-listener',
                broker: line.broker,
                reason: 'it closed the connection at the first request, and it answers a TLS handshake',
              }
            : undefined,
        );
        return;
      case 'other':
        this.#security = undefined;
    }
  }

  /** The app's OAUTHBEARER token provider failed: the client cannot authenticate until it succeeds. */
  tokenFailure(error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    this.#tokenFailure = new KafkaSecurityError(
      { problem: 'oauthbearer-token', broker: undefined, reason: `the token provider failed: ${reason}` },
      { cause: error },
    );
    this.#notify(this.#tokenFailure);
  }

  /** The token provider succeeded again. */
  tokenRefreshed(): void {
    this.#tokenFailure = undefined;
  }

  /**
   * Calls `listener` with each security failure once it is known (every failed attempt, so a call that starts
   * while the client is stuck hears of the next one). Returns the function that unsubscribes.
   */
  onSecurityError(listener: (error: KafkaSecurityError) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The last failure if it happened at or after `time` (ms since the epoch). */
  since(time: number): string | undefined {
    return this.#at >= time ? this.#last : undefined;
  }

  /**
   * `error` made precise: a security error when the client is stuck on a security failure, or a connectivity
   * error with the last failure's reason added.
   */
  explain(error: KafkaDriverError): KafkaDriverError {
    if (error instanceof KafkaSecurityError) return error;
    const connectivity = isConnectivityError(error);
    if (!connectivity && !SECURITY_EVENT_CODES.has(error.code)) return error;
    const security = this.#security ?? (error.code === KafkaErrorCodes.authentication ? this.#tokenFailure : undefined);
    if (security !== undefined) return security;
    if (!connectivity || this.#last === undefined) return error;
    return new KafkaDriverError(`${error.message} (${this.#last})`, error.code, {
      retriable: error.retriable,
      fatal: error.fatal,
      cause: error,
      detail: this.#last,
    });
  }

  /**
   * Hands `error`, explained, to `deliver`: at once, or (when a look at a broker is in flight, or errors wait
   * before it) once that look is done, in order.
   */
  report(error: KafkaDriverError, deliver: (error: KafkaDriverError) => void): void {
    if (this.#pending.size === 0 && this.#queued === 0) {
      deliver(this.explain(error));
      return;
    }
    this.#queued += 1;
    const waitFor = [...this.#pending];
    this.#queue = this.#queue
      .then(() => Promise.allSettled(waitFor))
      .then(() => {
        this.#queued -= 1;
        deliver(this.explain(error));
      });
  }

  /** Resolves once no look at a broker is in flight and every waiting error was delivered. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.#pending]);
    await this.#queue;
  }

  #setSecurity(error: KafkaSecurityError): void {
    this.#security = error;
    this.#notify(error);
  }

  #notify(error: KafkaSecurityError): void {
    for (const listener of this.#listeners) listener(error);
  }

  /**
   * Runs a look at a broker once per `key`; its result (when a security failure) becomes the current one, at
   * once when the look was made before.
   */
  #diagnose(key: string, look: () => Promise<SecurityFailure | undefined>): void {
    this.#lastKey = key;
    if (this.#diagnosed.has(key)) {
      const failure = this.#diagnosed.get(key);
      if (failure !== undefined) this.#setSecurity(new KafkaSecurityError(failure));
      return;
    }
    if (this.#diagnoses.has(key)) return;
    const diagnosis = look()
      .catch(() => undefined)
      .then((failure) => {
        this.#diagnosed.set(key, failure);
        this.#diagnoses.delete(key);
        this.#pending.delete(diagnosis);
        // Only while no other failure came since.
        if (failure !== undefined && this.#lastKey === key) this.#setSecurity(new KafkaSecurityError(failure));
        return failure;
      });
    this.#diagnoses.set(key, diagnosis);
    this.#pending.add(diagnosis);
  }

  /** Why the broker certificate failed verification, or the library's words when the look tells nothing more. */
  async #certificate(broker: string, reason: string): Promise<SecurityFailure> {
    let options: TlsOptions | undefined;
    try {
      options = tlsOptions(this.#settings);
    } catch {
      options = undefined;
    }
    const found = options === undefined ? undefined : await diagnoseCertificate(broker, options);
    return (
      found ?? {
        problem: 'tls-untrusted-certificate',
        broker,
        reason: `${reason} (the certificate is not signed by a trusted CA, or does not name ${broker.replace(/:\d+$/, '')})`,
      }
    );
  }
}
