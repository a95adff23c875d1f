/**
 * A tiny HTTP server for liveness probes (node:http): every request gets the current verdict, 200 with a JSON
 * body while healthy, 500 with the same body (naming what is wrong) otherwise.
 */
import { type Server, createServer } from 'node:http';

/** What a probe answers. */
export interface HealthAnswer {
  readonly healthy: boolean;
  /** Serialized as the JSON response body. */
  readonly body: Readonly<Record<string, unknown>>;
}

/** Serves `answer()` to every request. Never keeps the process alive by itself. */
export class HealthServer {
  readonly #answer: () => HealthAnswer;
  #server: Server | undefined;
  #listening: Promise<number> | undefined;

  /** @param answer computes the verdict of each request */
  constructor(answer: () => HealthAnswer) {
    this.#answer = answer;
  }

  /** The bound port once listening. */
  get port(): number | undefined {
    const address = this.#server?.address();
    return typeof address === 'object' && address !== null ? address.port : undefined;
  }

  /** Starts listening (once); resolves with the bound port (useful with port 0). */
  listen(port: number, hostname?: string): Promise<number> {
    this.#listening ??= new Promise<number>((resolve, reject) => {
      const server = createServer((request, response) => {
        let answer: HealthAnswer;
        try {
          answer = this.#answer();
        } catch (error) {
          answer = { healthy: false, body: { status: 'unhealthy', reason: `health check failed: ${String(error)}` } };
        }
        const body = JSON.stringify(answer.body);
        response.writeHead(answer.healthy ? 200 : 500, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'cache-control': 'no-store',
        });
        response.end(request.method === 'HEAD' ? undefined : body);
      });
      this.#server = server;
      server.once('error', reject);
      server.listen({ port, ...(hostname === undefined ? {} : { host: hostname }) }, () => {
        server.off('error', reject);
        server.unref();
        resolve(this.port ?? port);
      });
    });
    return this.#listening;
  }

  /** Stops listening and drops open connections. Safe to call again. */
  async close(): Promise<void> {
    const server = this.#server;
    if (server === undefined) return;
    this.#server = undefined;
    await this.#listening?.catch(() => undefined);
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}
