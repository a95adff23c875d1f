/**
 * A TCP address that refuses connections until opened, then forwards them to a real broker: a broker that is
 * down at start and comes up later, as a client sees it. (Once connected, clients also reach the broker at
 * the address it advertises: the gate only stands for the bootstrap address.)
 */
import net from 'node:net';

/** A closed, then forwarding, local port. */
export class TcpGate {
  readonly port: number;
  readonly #target: { host: string; port: number };
  readonly #sockets = new Set<net.Socket>();
  #server: net.Server | undefined;

  private constructor(port: number, target: { host: string; port: number }) {
    this.port = port;
    this.#target = target;
  }

  /** Reserves a free port (closed: connections are refused) that forwards to `target` (`host:port`) once opened. */
  static async reserve(target: string): Promise<TcpGate> {
    const [host, port] = target.split(':');
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port: free } = probe.address() as net.AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    return new TcpGate(free, { host: host!, port: Number(port) });
  }

  /** `127.0.0.1:<port>`. */
  get address(): string {
    return `127.0.0.1:${String(this.port)}`;
  }

  /** Starts accepting and forwarding connections. */
  async open(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.#target);
      for (const socket of [client, upstream]) {
        this.#sockets.add(socket);
        socket.on('close', () => this.#sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.#server = server;
  }

  /** Stops accepting and cuts every forwarded connection. */
  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    const server = this.#server;
    this.#server = undefined;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
