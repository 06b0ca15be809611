import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

/**
 * A scriptable stand-in for "any OCR endpoint" (autocannon's test-server habit): every POST waits
 * `delayMs`, then answers the next entry of `responses` (round robin). A stall holds every answer
 * until it ends, like a GC pause or a stuck worker. It drives the harness's own tests and the
 * overhead benchmark; it is not a model of our server.
 */
export interface FixtureScript {
  delayMs: number;
  responses: { status: number; body: unknown; serverTiming?: string }[];
}

export interface FixtureServer {
  url: string;
  port: number;
  /** POSTs received. */
  requests(): number;
  setScript(script: Partial<FixtureScript>): void;
  /** Holds every answer (also those in progress) until `ms` from now. */
  stall(ms: number): void;
  close(): Promise<void>;
}

export const DEFAULT_SCRIPT: FixtureScript = {
  delayMs: 0,
  responses: [{ status: 200, body: { text: 'hello', lines: [{ text: 'hello' }] }, serverTiming: 'queue;dur=0, total;dur=0' }],
};

export interface FixtureOptions {
  port?: number;
  host?: string;
  script?: Partial<FixtureScript>;
  /** /readyz answers 503 until this long after start (a cold start). */
  readyAfterMs?: number;
}

export async function startFixtureServer({ port = 0, host = '127.0.0.1', script = {}, readyAfterMs = 0 }: FixtureOptions = {}): Promise<FixtureServer> {
  let current: FixtureScript = { ...DEFAULT_SCRIPT, ...script };
  let count = 0;
  let stallUntil = 0;
  const started = Date.now();
  const sockets = new Set<import('node:net').Socket>();

  const send = (res: ServerResponse, status: number, body: unknown, serverTiming?: string) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (serverTiming) headers['server-timing'] = serverTiming;
    res.writeHead(status, headers).end(text);
  };

  const answer = (res: ServerResponse) => {
    const { responses, delayMs } = current;
    const r = responses[count++ % responses.length];
    const reply = () => {
      const wait = stallUntil - Date.now();
      if (wait > 0) setTimeout(reply, wait);
      else send(res, r.status, r.body, r.serverTiming);
    };
    if (delayMs > 0) setTimeout(reply, delayMs);
    else reply();
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://fixture');
      if (req.method === 'GET' && u.pathname === '/readyz') return send(res, Date.now() - started >= readyAfterMs ? 200 : 503, { ready: true });
      if (req.method === 'GET' && u.pathname === '/api/info') {
        return send(res, 200, { models: [{ id: 'fixture.onnx', role: 'rec', sha256: '0'.repeat(64) }], config: { fixture: true, delayMs: current.delayMs } });
      }
      if (req.method === 'POST' && u.pathname === '/__stall') {
        const ms = Number(u.searchParams.get('ms') ?? 1000);
        stallUntil = Date.now() + ms;
        return send(res, 200, { stallUntil });
      }
      if (req.method !== 'POST') return send(res, 404, { error: { code: 'not_found', message: 'fixture answers POST' } });
      answer(res);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', (s) => (sockets.add(s), s.on('close', () => sockets.delete(s))));
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${actual}`,
    port: actual,
    requests: () => count,
    setScript: (s) => (current = { ...current, ...s }),
    stall: (ms) => (stallUntil = Date.now() + ms),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** CLI: the same server as a child process, with the embedded server's flags (unknown ones ignored). */
async function main() {
  const { values } = parseArgs({
    strict: false,
    options: { host: { type: 'string' }, port: { type: 'string' }, 'delay-ms': { type: 'string' }, 'ready-after-ms': { type: 'string' }, status: { type: 'string' }, body: { type: 'string' } },
  });
  const status = Number(values.status ?? 200);
  const body = typeof values.body === 'string' ? JSON.parse(values.body) : DEFAULT_SCRIPT.responses[0].body;
  const server = await startFixtureServer({
    host: typeof values.host === 'string' ? values.host : '127.0.0.1',
    port: Number(values.port ?? 0),
    readyAfterMs: Number(values['ready-after-ms'] ?? 0),
    script: { delayMs: Number(values['delay-ms'] ?? 0), responses: [{ status, body, serverTiming: DEFAULT_SCRIPT.responses[0].serverTiming }] },
  });
  process.stdout.write(`listening ${server.port}\n`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) void main();
