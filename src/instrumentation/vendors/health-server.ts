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

/** A source of `GET /metrics` answers (a Prometheus exporter). */
export interface MetricsEndpoint {
  readonly contentType: string;
  render(): Promise<string>;
}

/**
 * Serves `answer()` to every request (and, with a metrics endpoint, `GET /metrics` from it). Never keeps the
 * process alive by itself.
 */
export class HealthServer {
  readonly #answer: () => HealthAnswer;
  readonly #metrics: MetricsEndpoint | undefined;
  #server: Server | undefined;
  #listening: Promise<number> | undefined;

  /** @param answer computes the verdict of each request; @param metrics what `GET /metrics` serves */
  constructor(answer: () => HealthAnswer, metrics?: MetricsEndpoint) {
    this.#answer = answer;
    this.#metrics = metrics;
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
        const metrics = this.#metrics;
        if (metrics !== undefined && request.url?.split('?')[0] === '/metrics') {
          metrics.render().then(
            (text) => {
              response.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
              response.end(request.method === 'HEAD' ? undefined : text);
            },
            (error: unknown) => {
              response.writeHead(500, { 'content-type': 'text/plain' });
              response.end(`metrics failed: ${error instanceof Error ? error.message : String(error)}`);
            },
          );
          return;
        }
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
