/**
 * Why a connection failed, in librdkafka's own words. Its error events only say "broker transport failure"
 * or "all broker connections are down"; the reason (refused, name not resolved, TLS handshake against a
 * plaintext listener...) and the address are in its FAIL log lines. The last one is kept and added to the
 * connectivity errors the driver reports.
 */
import { KafkaDriverError, isConnectivityError } from '../driver-error.js';

interface LogEvent {
  readonly fac?: unknown;
  readonly message?: unknown;
}

/** The last connection failure of one client. */
export class ConnectionFailures {
  #last: string | undefined;
  #at = 0;

  /** The last failure, e.g. `127.0.0.1:1/bootstrap: Connect to ipv4#127.0.0.1:1 failed: Connection refused`. */
  get last(): string | undefined {
    return this.#last;
  }

  /** Feeds one of the library's log events. */
  record(log: LogEvent): void {
    if (log.fac !== 'FAIL' || typeof log.message !== 'string') return;
    this.#at = Date.now();
    this.#last = log.message
      .replace(/^\[thrd:[^\]]*\]: /, '')
      .replace(/ \(after \d+ms in state [A-Z_]+(, \d+ identical error\(s\) suppressed)?\)$/, '');
  }

  /** The last failure if it happened at or after `time` (ms since the epoch). */
  since(time: number): string | undefined {
    return this.#at >= time ? this.#last : undefined;
  }

  /** `error` with the last failure's reason added, when it is a connectivity error and a reason is known. */
  explain(error: KafkaDriverError): KafkaDriverError {
    if (!isConnectivityError(error) || this.#last === undefined) return error;
    return new KafkaDriverError(`${error.message} (${this.#last})`, error.code, {
      retriable: error.retriable,
      fatal: error.fatal,
      cause: error,
      detail: this.#last,
    });
  }
}
