/**
 * One TCP (or TLS) connection to one broker, speaking Kafka's request/response framing: a 4-byte size, a
 * request header with a correlation id, the body; responses are matched back to requests by correlation id.
 */
import net from 'node:net';
import tls from 'node:tls';
import { KafkaDriverError } from '../driver-error.js';
import { KafkaSecurityError } from '../security/security-error.js';
import { tlsFailureOf } from '../security/tls-diagnosis.js';
import type { BrokerAddress } from './settings.js';
import { Reader, Writer } from './wire.js';

/** librdkafka's codes for the equivalent client-side failures, so callers see familiar numbers. */
const TRANSPORT_ERROR = -195;
const TIMED_OUT = -185;

/** One request to send. */
export interface RequestSpec {
  readonly apiKey: number;
  readonly version: number;
  /** Flexible version: request header v2 and compact encodings in the body. */
  readonly flexible: boolean;
  /** Response header has tagged fields; defaults to `flexible` (ApiVersions is the exception: never). */
  readonly flexibleResponseHeader?: boolean;
  /** Writes the request body. */
  readonly body: (writer: Writer) => void;
}

/** How to open a connection. */
export interface ConnectionOptions {
  readonly clientId: string;
  /** TLS options, or undefined for plaintext. */
  readonly tls?: tls.ConnectionOptions;
  readonly timeoutMs: number;
}

interface Pending {
  readonly flexibleBody: boolean;
  readonly flexibleHeader: boolean;
  readonly resolve: (reader: Reader) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/** A connection to one broker. Requests may overlap; each resolves with a reader over its response body. */
export class BrokerConnection {
  readonly #socket: net.Socket;
  readonly #clientId: string;
  readonly #address: BrokerAddress;
  readonly #pending = new Map<number, Pending>();
  #buffer: Buffer = Buffer.alloc(0);
  #nextCorrelationId = 1;
  #closed = false;

  private constructor(socket: net.Socket, address: BrokerAddress, clientId: string, secure: boolean) {
    this.#socket = socket;
    this.#address = address;
    this.#clientId = clientId;
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('error', (error) => {
      // With TLS 1.3 a broker refuses a client certificate after the handshake: the alert arrives here.
      const security = secure ? tlsFailureOf(error, this.#where, true) : undefined;
      this.#fail(security === undefined ? this.#transportError(error.message) : new KafkaSecurityError(security));
    });
    socket.on('close', () => this.#fail(this.#transportError('connection closed')));
  }

  /** Connects to `address`; rejects when it cannot within `options.timeoutMs`. */
  static open(address: BrokerAddress, options: ConnectionOptions): Promise<BrokerConnection> {
    return new Promise((resolve, reject) => {
      const where = `${address.host}:${String(address.port)}`;
      const socket =
        options.tls === undefined
          ? net.connect({ host: address.host, port: address.port })
          : tls.connect({
              host: address.host,
              port: address.port,
              ...(net.isIP(address.host) === 0 ? { servername: address.host } : {}),
              ...options.tls,
            });
      const ready = options.tls === undefined ? 'connect' : 'secureConnect';
      let connected = false;
      socket.once('connect', () => {
        connected = true;
      });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new KafkaDriverError(`Connecting to ${where} timed out`, TIMED_OUT));
      }, options.timeoutMs);
      const onError = (error: Error): void => {
        clearTimeout(timer);
        socket.destroy();
        const security = options.tls === undefined ? undefined : tlsFailureOf(error, where, connected);
        reject(
          security === undefined
            ? new KafkaDriverError(`Connecting to ${where}: ${error.message}`, TRANSPORT_ERROR, { cause: error })
            : new KafkaSecurityError(security, { cause: error }),
        );
      };
      socket.once('error', onError);
      socket.once(ready, () => {
        clearTimeout(timer);
        socket.off('error', onError);
        socket.setNoDelay(true);
        resolve(new BrokerConnection(socket, address, options.clientId, options.tls !== undefined));
      });
    });
  }

  /** True once the connection failed or was closed: open a new one. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Sends a request; resolves with a reader positioned at the start of the response body. */
  request(spec: RequestSpec, timeoutMs: number): Promise<Reader> {
    if (this.#closed) return Promise.reject(this.#transportError('connection closed'));
    const correlationId = this.#nextCorrelationId++;
    const header = new Writer(spec.flexible)
      .int16(spec.apiKey)
      .int16(spec.version)
      .int32(correlationId)
      .classicNullableString(this.#clientId)
      .tags();
    const body = new Writer(spec.flexible);
    spec.body(body);
    const payload = Buffer.concat([header.toBuffer(), body.toBuffer()]);
    const size = Buffer.alloc(4);
    size.writeInt32BE(payload.length);
    return new Promise<Reader>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(correlationId);
        reject(
          new KafkaDriverError(
            `Request (api ${String(spec.apiKey)} v${String(spec.version)}) to ${this.#where} timed out after ${String(timeoutMs)} ms`,
            TIMED_OUT,
          ),
        );
        // The stream may still deliver the late response; a fresh connection is simpler than tracking it.
        this.close();
      }, timeoutMs);
      this.#pending.set(correlationId, {
        flexibleBody: spec.flexible,
        flexibleHeader: spec.flexibleResponseHeader ?? spec.flexible,
        resolve,
        reject,
        timer,
      });
      this.#socket.write(Buffer.concat([size, payload]));
    });
  }

  /** Closes the socket; pending requests fail. Safe to call more than once. */
  close(): void {
    if (this.#closed) return;
    this.#fail(this.#transportError('connection closed by the client'));
    this.#socket.destroy();
  }

  get #where(): string {
    return `${this.#address.host}:${String(this.#address.port)}`;
  }

  #transportError(reason: string): KafkaDriverError {
    return new KafkaDriverError(`Broker ${this.#where}: ${reason}`, TRANSPORT_ERROR);
  }

  #onData(chunk: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    while (this.#buffer.length >= 4) {
      const size = this.#buffer.readInt32BE(0);
      if (this.#buffer.length < 4 + size) return;
      const frame = this.#buffer.subarray(4, 4 + size);
      this.#buffer = this.#buffer.subarray(4 + size);
      const correlationId = frame.readInt32BE(0);
      const pending = this.#pending.get(correlationId);
      if (pending === undefined) continue;
      this.#pending.delete(correlationId);
      clearTimeout(pending.timer);
      const reader = new Reader(frame.subarray(4), pending.flexibleBody);
      try {
        if (pending.flexibleHeader) reader.tags();
        pending.resolve(reader);
      } catch (error) {
        pending.reject(error instanceof Error ? error : new Error(String(error)));
      }
    }
  }

  #fail(error: KafkaDriverError): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    this.#pending.clear();
  }
}
