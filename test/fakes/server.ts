/**
 * A tiny HTTP server for the SaaS fakes: a handler, a fixed port kept across stop()/start() (so a client
 * sees an outage and then the same upstream coming back), and the requests it received.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: string;
}

export type FakeHandler = (req: FakeRequest) => {
  status: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
  /** `text` holds bytes as latin1 (a binary body). */
  binary?: boolean;
  /** A JSON body already serialised (sent as it is, `application/json`): a fake's answers kept as bytes. */
  jsonBytes?: Buffer;
};

export class FakeServer {
  private server: Server | null = null;
  port = 0;
  readonly requests: FakeRequest[] = [];
  /** Wait this long before answering (timeout tests). */
  delayMs = 0;
  /** Off in benchmarks: `requests` would grow without bound. */
  keepRequests = true;

  constructor(private readonly handler: FakeHandler) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => void this.serve(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // A request without a body (the usual GET) is not iterated: the stream ends by itself.
    const hasBody = req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
    const chunks: Buffer[] = [];
    if (hasBody) for await (const c of req) chunks.push(c as Buffer);
    const request: FakeRequest = {
      method: req.method ?? 'GET',
      url: new URL(req.url ?? '/', 'http://fake'),
      headers: req.headers,
      body: chunks.length === 0 ? '' : Buffer.concat(chunks).toString('utf8'),
    };
    if (this.keepRequests) this.requests.push(request);
    let out: ReturnType<FakeHandler>;
    try {
      out = this.handler(request);
    } catch (err) {
      out = { status: 500, json: { reason: (err as Error).message } };
    }
    const json = out.json !== undefined || out.jsonBytes !== undefined;
    const body = out.jsonBytes ?? (out.json !== undefined ? JSON.stringify(out.json) : (out.text ?? ''));
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (res.destroyed) return;
    res.writeHead(out.status, { 'content-type': json ? 'application/json' : 'text/plain', ...out.headers });
    res.end(typeof body === 'string' && out.binary ? Buffer.from(body, 'latin1') : body);
  }
}
